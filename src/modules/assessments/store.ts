import { sql, type Generated, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Tx } from '../../platform/db.js';
import { UploadMediaType } from '../../platform/http.js';
import {
  AnswerKind,
  AssessmentStatus,
  type AnswerInput,
  type AnswerRecord,
  type Assessment,
  type AssessmentSummary,
  type Evidence,
} from './model.js';
import { Effort, Pack, Tier } from './pack.js';

type AssessmentTables = {
  assessment_packs: {
    id: string;
    version: string;
    content: unknown;
    sha256: string;
    built_in: boolean;
    imported_at: Generated<Date>;
    imported_by: string | null;
  };
  assessments: {
    id: string;
    org_id: string;
    pack_id: string;
    pack_version: string;
    title: string;
    scope: string;
    tier: string;
    election_id: string | null;
    high_risk_domains: string[];
    status: Generated<string>;
    created_at: Generated<Date>;
    created_by: string | null;
    finalised_at: Date | null;
    finalised_by: string | null;
  };
  assessment_answers: {
    assessment_id: string;
    control_id: string;
    kind: string;
    score: number | null;
    justification: string;
    comment: string;
    review: boolean;
    assignee_id: string | null;
    effort: string | null;
    version: Generated<number>;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
  assessment_domain_assignees: { assessment_id: string; domain_id: string; user_id: string };
  assessment_evidence: {
    id: string;
    assessment_id: string;
    control_id: string;
    sha256: string;
    filename: string;
    media_type: string;
    uploaded_at: Generated<Date>;
    uploaded_by: string | null;
    size_bytes: string | number;
  };
};

function tables(db: Db | Tx): Kysely<AssessmentTables> {
  return db.withTables<AssessmentTables>();
}

/** A stored pack version, as the catalogue lists it. */
export interface PackListing {
  readonly id: string;
  readonly version: string;
  readonly title: Pack['title'];
  readonly builtIn: boolean;
  readonly controls: number;
  readonly domains: number;
  readonly importedAt: string;
}

/** Stores a pack version unless one with the same id and version exists; returns the stored one's digest. */
export async function insertPack(
  tx: Db | Tx,
  p: { pack: Pack; sha256: string; builtIn: boolean; by: string | null },
): Promise<{ inserted: boolean; sha256: string }> {
  const inserted = await tables(tx)
    .insertInto('assessment_packs')
    .values({
      id: p.pack.id,
      version: p.pack.version,
      content: JSON.stringify(p.pack),
      sha256: p.sha256,
      built_in: p.builtIn,
      imported_by: p.by,
    })
    .onConflict((oc) => oc.columns(['id', 'version']).doNothing())
    .returning('sha256')
    .executeTakeFirst();
  if (inserted) return { inserted: true, sha256: inserted.sha256 };
  const existing = await tables(tx)
    .selectFrom('assessment_packs')
    .select('sha256')
    .where('id', '=', p.pack.id)
    .where('version', '=', p.pack.version)
    .executeTakeFirstOrThrow();
  return { inserted: false, sha256: existing.sha256 };
}

/** The digest of a stored pack version, or undefined when that version is not stored. */
export async function findPackDigest(db: Db | Tx, id: string, version: string): Promise<string | undefined> {
  const row = await tables(db)
    .selectFrom('assessment_packs')
    .select('sha256')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.sha256;
}

/** One pack version, parsed again at read (a JSONB column is outside input too). */
export async function getPack(db: Db | Tx, id: string, version: string): Promise<Pack | undefined> {
  const row = await tables(db)
    .selectFrom('assessment_packs')
    .select('content')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? Pack.parse(row.content) : undefined;
}

/** Every stored pack version, newest first within each pack. */
export async function listPacks(db: Db | Tx): Promise<PackListing[]> {
  const rows = await tables(db)
    .selectFrom('assessment_packs')
    .select(['id', 'version', 'content', 'built_in', 'imported_at'])
    .orderBy('id')
    .orderBy('imported_at', 'desc')
    .execute();
  return rows.map((row) => {
    const pack = Pack.parse(row.content);
    return {
      id: row.id,
      version: row.version,
      title: pack.title,
      builtIn: row.built_in,
      domains: pack.domains.length,
      controls: pack.domains.reduce((n, d) => n + d.controls.length, 0),
      importedAt: row.imported_at.toISOString(),
    };
  });
}

/** Creates an assessment. */
export async function insertAssessment(
  tx: Tx,
  a: {
    id: string;
    orgId: string;
    packId: string;
    packVersion: string;
    title: string;
    scope: string;
    tier: Tier;
    electionId: string | null;
    highRiskDomains: readonly string[];
    by: string | null;
    /** An imported assessment keeps its history: status and dates as they were. */
    history?: { status: 'in_progress' | 'finalised'; createdAt: string; finalisedAt: string | null };
  },
): Promise<void> {
  await tables(tx)
    .insertInto('assessments')
    .values({
      id: a.id,
      org_id: a.orgId,
      pack_id: a.packId,
      pack_version: a.packVersion,
      title: a.title,
      scope: a.scope,
      tier: a.tier,
      election_id: a.electionId,
      high_risk_domains: [...a.highRiskDomains],
      created_by: a.by,
      ...(a.history && {
        status: a.history.status,
        created_at: new Date(a.history.createdAt),
        finalised_at: a.history.finalisedAt === null ? null : new Date(a.history.finalisedAt),
      }),
    })
    .execute();
}

function summaries(db: Db | Tx, orgId: string) {
  return tables(db)
    .selectFrom('assessments as a')
    .innerJoin('assessment_packs as p', (join) =>
      join.onRef('p.id', '=', 'a.pack_id').onRef('p.version', '=', 'a.pack_version'),
    )
    .select((eb) => [
      sql<number>`jsonb_array_length(jsonb_path_query_array(p.content, '$.domains[*].controls[*]'))`.as(
        'controls',
      ),
      'a.id',
      'a.org_id',
      'a.title',
      'a.pack_id',
      'a.pack_version',
      'a.tier',
      'a.status',
      'a.election_id',
      'a.created_at',
      'a.finalised_at',
      'a.scope',
      'a.high_risk_domains',
      eb
        .selectFrom('assessment_answers as x')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('x.assessment_id', '=', 'a.id')
        .where('x.kind', '<>', 'unanswered')
        .as('answered'),
    ])
    .where('a.org_id', '=', orgId);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['executeTakeFirstOrThrow']>>;

function rowToSummary(row: SummaryRow): AssessmentSummary {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    packId: row.pack_id,
    packVersion: row.pack_version,
    tier: Tier.parse(row.tier),
    status: AssessmentStatus.parse(row.status),
    electionId: row.election_id,
    answered: Number(row.answered ?? 0),
    controls: row.controls,
    createdAt: row.created_at.toISOString(),
    finalisedAt: row.finalised_at?.toISOString() ?? null,
  };
}

/** An organisation's assessments, newest first. */
export async function listAssessments(db: Db | Tx, orgId: string): Promise<AssessmentSummary[]> {
  const rows = await summaries(db, orgId).orderBy('a.created_at', 'desc').execute();
  return rows.map(rowToSummary);
}

/** One assessment of the organisation with its answers, evidence and domain assignees. */
export async function getAssessment(db: Db | Tx, orgId: string, id: string): Promise<Assessment | undefined> {
  const row = await summaries(db, orgId)
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('assessment_answers as x')
          .select((ab) => [
            'x.control_id',
            'x.kind',
            'x.score',
            'x.justification',
            'x.comment',
            'x.review',
            'x.assignee_id',
            'x.effort',
            'x.version',
            'x.updated_at',
            jsonArrayFrom(
              ab
                .selectFrom('assessment_evidence as e')
                .select(['e.id', 'e.filename', 'e.sha256', 'e.size_bytes', 'e.media_type'])
                .whereRef('e.assessment_id', '=', 'x.assessment_id')
                .whereRef('e.control_id', '=', 'x.control_id')
                .orderBy('e.uploaded_at'),
            ).as('evidence'),
          ])
          .whereRef('x.assessment_id', '=', 'a.id')
          .orderBy('x.control_id'),
      ).as('answers'),
      jsonArrayFrom(
        eb
          .selectFrom('assessment_evidence as e')
          .select([
            'e.id',
            'e.control_id',
            'e.filename',
            'e.sha256',
            'e.size_bytes',
            'e.media_type',
            'e.uploaded_at',
          ])
          .whereRef('e.assessment_id', '=', 'a.id')
          .where((w) =>
            w.not(
              w.exists(
                w
                  .selectFrom('assessment_answers as x')
                  .select('x.control_id')
                  .whereRef('x.assessment_id', '=', 'e.assessment_id')
                  .whereRef('x.control_id', '=', 'e.control_id'),
              ),
            ),
          )
          .orderBy('e.uploaded_at'),
      ).as('looseEvidence'),
      jsonArrayFrom(
        eb
          .selectFrom('assessment_domain_assignees as d')
          .select(['d.domain_id', 'd.user_id'])
          .whereRef('d.assessment_id', '=', 'a.id'),
      ).as('assignees'),
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const evidenceOf = (e: (typeof row.answers)[number]['evidence'][number]): Evidence => ({
    id: e.id,
    filename: e.filename,
    sha256: e.sha256,
    size: Number(e.size_bytes),
    mediaType: UploadMediaType.parse(e.media_type),
  });
  // Evidence may be attached before the control is answered: it shows with an unanswered answer.
  const waiting = new Map<string, AnswerRecord>();
  for (const e of row.looseEvidence) {
    const found = waiting.get(e.control_id);
    if (found) found.evidence.push(evidenceOf(e));
    else
      waiting.set(e.control_id, {
        controlId: e.control_id,
        kind: 'unanswered',
        score: null,
        justification: '',
        comment: '',
        review: false,
        assigneeId: null,
        effort: null,
        version: 0,
        updatedAt: e.uploaded_at,
        evidence: [evidenceOf(e)],
      });
  }
  const answers: AnswerRecord[] = row.answers.map((x) => ({
    controlId: x.control_id,
    kind: AnswerKind.parse(x.kind),
    score: x.score,
    justification: x.justification,
    comment: x.comment,
    review: x.review,
    assigneeId: x.assignee_id,
    effort: x.effort === null ? null : Effort.parse(x.effort),
    version: x.version,
    updatedAt: x.updated_at,
    evidence: x.evidence.map(evidenceOf),
  }));
  return {
    ...rowToSummary(row),
    scope: row.scope,
    highRiskDomains: row.high_risk_domains,
    domainAssignees: Object.fromEntries(row.assignees.map((d) => [d.domain_id, d.user_id])),
    answers: [...answers, ...waiting.values()].sort((a, b) => a.controlId.localeCompare(b.controlId)),
  };
}

/**
 * Saves an answer if it is still at `expectedVersion` (0: not answered yet). Returns the new version, or
 * undefined when someone else saved it first.
 */
export async function saveAnswer(
  tx: Tx,
  q: {
    assessmentId: string;
    controlId: string;
    expectedVersion: number;
    input: AnswerInput;
    by: string | null;
    at: Date;
  },
): Promise<number | undefined> {
  const values = {
    kind: q.input.kind,
    score: q.input.score,
    justification: q.input.justification,
    comment: q.input.comment,
    review: q.input.review,
    assignee_id: q.input.assigneeId,
    effort: q.input.effort,
    updated_by: q.by,
    updated_at: q.at,
  };
  if (q.expectedVersion === 0) {
    const row = await tables(tx)
      .insertInto('assessment_answers')
      .values({ assessment_id: q.assessmentId, control_id: q.controlId, ...values })
      .onConflict((oc) => oc.columns(['assessment_id', 'control_id']).doNothing())
      .returning('version')
      .executeTakeFirst();
    return row?.version;
  }
  const row = await tables(tx)
    .updateTable('assessment_answers')
    .set({ ...values, version: sql<number>`version + 1` })
    .where('assessment_id', '=', q.assessmentId)
    .where('control_id', '=', q.controlId)
    .where('version', '=', q.expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version;
}

/** Sets (or clears, with null) who answers a domain. */
export async function setDomainAssignee(
  tx: Tx,
  q: { assessmentId: string; domainId: string; userId: string | null },
): Promise<void> {
  const t = tables(tx);
  const userId = q.userId;
  if (userId === null) {
    await t
      .deleteFrom('assessment_domain_assignees')
      .where('assessment_id', '=', q.assessmentId)
      .where('domain_id', '=', q.domainId)
      .execute();
    return;
  }
  await t
    .insertInto('assessment_domain_assignees')
    .values({ assessment_id: q.assessmentId, domain_id: q.domainId, user_id: userId })
    .onConflict((oc) => oc.columns(['assessment_id', 'domain_id']).doUpdateSet({ user_id: userId }))
    .execute();
}

/** Marks an in-progress assessment final; false when it was already final. */
export async function finaliseAssessment(
  tx: Tx,
  q: { orgId: string; id: string; by: string | null; at: Date },
): Promise<boolean> {
  const r = await tables(tx)
    .updateTable('assessments')
    .set({ status: 'finalised', finalised_at: q.at, finalised_by: q.by })
    .where('id', '=', q.id)
    .where('org_id', '=', q.orgId)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Attaches a stored file to an answer as evidence. */
export async function insertEvidence(
  tx: Tx,
  e: {
    id: string;
    assessmentId: string;
    controlId: string;
    sha256: string;
    size: number;
    filename: string;
    mediaType: string;
    by: string | null;
  },
): Promise<void> {
  await tables(tx)
    .insertInto('assessment_evidence')
    .values({
      id: e.id,
      assessment_id: e.assessmentId,
      control_id: e.controlId,
      sha256: e.sha256,
      size_bytes: e.size,
      filename: e.filename,
      media_type: e.mediaType,
      uploaded_by: e.by,
    })
    .execute();
}

/** One evidence file of an organisation's assessment, or undefined. */
export async function findEvidence(
  db: Db | Tx,
  q: { orgId: string; assessmentId: string; evidenceId: string },
): Promise<{ sha256: string; filename: string; mediaType: string } | undefined> {
  return tables(db)
    .selectFrom('assessment_evidence as e')
    .innerJoin('assessments as a', 'a.id', 'e.assessment_id')
    .select(['e.sha256', 'e.filename', 'e.media_type as mediaType'])
    .where('a.org_id', '=', q.orgId)
    .where('e.assessment_id', '=', q.assessmentId)
    .where('e.id', '=', q.evidenceId)
    .executeTakeFirst();
}

/** Detaches an evidence file from an organisation's assessment; the detached file, or undefined if none. */
export async function deleteEvidence(
  tx: Tx,
  q: { orgId: string; assessmentId: string; evidenceId: string },
): Promise<{ sha256: string; filename: string; controlId: string } | undefined> {
  return tables(tx)
    .deleteFrom('assessment_evidence as e')
    .using('assessments as a')
    .whereRef('a.id', '=', 'e.assessment_id')
    .where('a.org_id', '=', q.orgId)
    .where('e.assessment_id', '=', q.assessmentId)
    .where('e.id', '=', q.evidenceId)
    .returning(['e.sha256', 'e.filename', 'e.control_id as controlId'])
    .executeTakeFirst();
}

/**
 * Domain scores are computed in code, so the peer benchmark reads the answers of every finalised assessment
 * of one pack version in a network — but only as anonymous answer sets, never with an organisation's id.
 */
export async function finalisedAnswerSets(
  db: Db | Tx,
  q: { packId: string; packVersion: string; orgIds: readonly string[] },
): Promise<{ answers: { controlId: string; kind: string; score: number | null }[] }[]> {
  if (q.orgIds.length === 0) return [];
  // The latest finalised assessment of each organisation counts once.
  const rows = await tables(db)
    .selectFrom('assessments as a')
    .select((eb) => [
      'a.org_id',
      jsonArrayFrom(
        eb
          .selectFrom('assessment_answers as x')
          .select(['x.control_id as controlId', 'x.kind', 'x.score'])
          .whereRef('x.assessment_id', '=', 'a.id'),
      ).as('answers'),
    ])
    .distinctOn('a.org_id')
    .where('a.status', '=', 'finalised')
    .where('a.pack_id', '=', q.packId)
    .where('a.pack_version', '=', q.packVersion)
    .where('a.org_id', 'in', [...q.orgIds])
    .orderBy('a.org_id')
    .orderBy('a.finalised_at', 'desc')
    .execute();
  return rows.map((r) => ({ answers: r.answers }));
}

/** Writes the answers of an imported assessment, each at version 1. */
export async function insertImportedAnswers(
  tx: Tx,
  a: { id: string; by: string | null; answers: readonly (AnswerInput & { controlId: string })[] },
): Promise<void> {
  if (a.answers.length === 0) return;
  await tables(tx)
    .insertInto('assessment_answers')
    .values(
      a.answers.map((x) => ({
        assessment_id: a.id,
        control_id: x.controlId,
        kind: x.kind,
        score: x.score,
        justification: x.justification,
        comment: x.comment,
        review: x.review,
        assignee_id: null,
        effort: x.effort,
        updated_by: a.by,
      })),
    )
    .execute();
}
