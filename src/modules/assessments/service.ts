import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { translate } from '../../platform/i18n/index.js';
import { eraseIfUnreferenced, recordStoredFile, type FileStore } from '../../platform/files.js';
import { newId, sha256Hex } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { Transactor } from '../audit/index.js';
import { daysUntil, type ElectionsService } from '../elections/index.js';
import type { Directory, Locale } from '../identity/index.js';
import type { RoadmapService, Status } from '../roadmap/index.js';
import { peerBenchmark, type Benchmark } from './benchmark.js';
import type { AnswerInput, Assessment, AssessmentSummary } from './model.js';
import { controlsOf, loadBuiltInPacks, Pack, type Tier } from './pack.js';
import { prioritise, type Gap } from './priority.js';
import {
  effectiveScore,
  scoreAssessment,
  targetFor,
  type AnswerMap,
  type AnswerValue,
  type Results,
} from './scoring.js';
import {
  finalisedAnswerSets,
  deleteEvidence,
  findEvidence,
  findPackDigest,
  finaliseAssessment,
  getAssessment,
  getPack,
  insertAssessment,
  insertEvidence,
  insertImportedAnswers,
  insertPack,
  listAssessments,
  listPacks,
  saveAnswer,
  setDomainAssignee,
  type PackListing,
} from './store.js';
import { originKeyOf, roadmapItemsFor } from './to-roadmap.js';
import { AssessmentFile, checkAssessmentFile, toAssessmentFile } from './transfer.js';

/** What a person sets when starting an assessment. */
export interface AssessmentInput {
  readonly title: string;
  readonly scope: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly tier: Tier;
  readonly electionId: string | null;
  readonly highRiskDomains: readonly string[];
}

/** Results, the prioritised gaps, and the polling day they were computed against. */
/** A gap, and the roadmap action already made from it, if any. */
export type GapView = Gap & {
  readonly onRoadmap: { readonly itemId: string; readonly status: Status } | null;
};

export interface ResultsView {
  readonly results: Results;
  readonly gaps: GapView[];
  readonly pollingDay: string | null;
  readonly daysToPolling: number | null;
}

/** An answer as the scoring functions read it. */
function answerValue(a: AnswerInput): AnswerValue {
  switch (a.kind) {
    case 'score':
      return { kind: 'score', score: a.score ?? 0 };
    case 'compensating':
      return { kind: 'compensating', score: a.score ?? 0, justification: a.justification };
    case 'na':
      return { kind: 'na', justification: a.justification };
    case 'unanswered':
      return { kind: 'unanswered' };
  }
}

/** The stored answers as the scoring functions read them. */
export function answerMap(assessment: Assessment): AnswerMap {
  return new Map(assessment.answers.map((a) => [a.controlId, answerValue(a)]));
}

function checkAnswer(input: AnswerInput): Problem | undefined {
  const needsScore = input.kind === 'score' || input.kind === 'compensating';
  if (needsScore !== (input.score !== null)) return fail('invalid', 'answer_score_required').error;
  if (input.kind === 'compensating' && (input.score ?? 0) > 3)
    return fail('invalid', 'compensating_max_3').error;
  if ((input.kind === 'na' || input.kind === 'compensating') && input.justification.trim() === '')
    return fail('invalid', 'justification_required').error;
  return undefined;
}

/** Builds the assessments service: packs, assessments, answers, results, roadmap generation, benchmark. */
export function createAssessmentsService(deps: {
  db: Db;
  tx: Transactor;
  clock: Clock;
  files: FileStore;
  elections: ElectionsService;
  roadmap: RoadmapService;
  directory: (orgId: string) => Promise<Directory>;
  networksOf: (orgId: string) => Promise<{ id: string; name: string; orgIds: string[] }[]>;
  /** The organisation's name and time zone, as its reports print them. */
  organisation: (orgId: string) => Promise<{ name: string; timeZone: string } | undefined>;
}) {
  const { db, tx, clock, files, elections, roadmap, directory } = deps;

  // Built-in packs are stored at start (the server calls `ensureBuiltIns` before it listens) or on first use.
  // A built-in whose id and version are already stored with other content stops the start with a clear
  // error; a failed attempt is not remembered, so the next call tries again rather than failing forever.
  let builtIns: Promise<void> | undefined;
  function ensureBuiltIns(): Promise<void> {
    builtIns ??= (async () => {
      for (const pack of loadBuiltInPacks()) {
        const sha256 = sha256Hex(JSON.stringify(pack));
        const stored = await insertPack(db, { pack, sha256, builtIn: true, by: null });
        if (stored.sha256 !== sha256)
          throw new Error(
            `content pack ${pack.id} ${pack.version} is stored with other content than the built-in file: ` +
              'either the file changed without a new version number, or that version was stored before. ' +
              'Give the built-in file a new version number.',
          );
      }
    })().catch((error: unknown) => {
      builtIns = undefined;
      throw error;
    });
    return builtIns;
  }

  async function load(
    orgId: string,
    id: string,
  ): Promise<Result<{ assessment: Assessment; pack: Pack }, Problem>> {
    const assessment = await getAssessment(db, orgId, id);
    if (!assessment) return fail('not_found', 'assessment_not_found');
    const pack = await getPack(db, assessment.packId, assessment.packVersion);
    if (!pack) return fail('not_found', 'pack_not_found');
    return ok({ assessment, pack });
  }

  async function pollingDayOf(orgId: string, electionId: string | null): Promise<string | null> {
    if (!electionId) return null;
    const election = (await elections.list(orgId)).find((e) => e.id === electionId);
    return election?.pollingDay ?? null;
  }

  async function resultsOf(orgId: string, assessment: Assessment, pack: Pack): Promise<ResultsView> {
    const answers = answerMap(assessment);
    const pollingDay = await pollingDayOf(orgId, assessment.electionId);
    const daysToPolling = pollingDay ? daysUntil(pollingDay, clock.now()) : null;
    const effortOverrides = new Map(
      assessment.answers.flatMap((a) => (a.effort ? [[a.controlId, a.effort] as const] : [])),
    );
    const gaps = prioritise({
      pack,
      answers,
      tier: assessment.tier,
      daysToPolling,
      highRiskDomains: assessment.highRiskDomains,
      effortOverrides,
    });
    const linked = await roadmap.linked(
      orgId,
      gaps.map((g) => originKeyOf(assessment.id, g.controlId)),
    );
    return {
      results: scoreAssessment({ pack, answers, tier: assessment.tier }),
      gaps: gaps.map((g) => {
        const item = linked.get(originKeyOf(assessment.id, g.controlId));
        return { ...g, onRoadmap: item ? { itemId: item.id, status: item.status } : null };
      }),
      pollingDay,
      daysToPolling,
    };
  }

  return {
    /** Stores the built-in packs; the server calls it before listening so a clash stops the start. */
    ensureBuiltIns,

    async packs(): Promise<PackListing[]> {
      await ensureBuiltIns();
      return listPacks(db);
    },

    async pack(id: string, version: string): Promise<Result<Pack, Problem>> {
      await ensureBuiltIns();
      const pack = await getPack(db, id, version);
      return pack ? ok(pack) : fail('not_found', 'pack_not_found');
    },

    /** Imports a further pack (operators only); a version already stored is never replaced. */
    async importPack(q: { actor: Actor; content: unknown }): Promise<Result<PackListing, Problem>> {
      const parsed = Pack.safeParse(q.content);
      if (!parsed.success)
        return fail('invalid', 'pack_invalid', {
          detail: parsed.error.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; '),
        });
      const pack = parsed.data;
      await ensureBuiltIns();
      return tx.run(q.actor, async (t, record) => {
        const stored = await insertPack(t, {
          pack,
          sha256: sha256Hex(JSON.stringify(pack)),
          builtIn: false,
          by: q.actor.userId,
        });
        if (!stored.inserted)
          return fail('conflict', 'pack_version_exists', { params: { version: pack.version } });
        await record({
          action: 'assessment.pack_imported',
          orgId: null,
          targetType: 'assessment_pack',
          targetId: `${pack.id}@${pack.version}`,
          summary: { controls: controlsOf(pack).length },
        });
        const listing = (await listPacks(t)).find((p) => p.id === pack.id && p.version === pack.version);
        return listing ? ok(listing) : fail('not_found', 'pack_not_found');
      });
    },

    /** Members who can be assigned work in an assessment. */
    async people(orgId: string): Promise<Directory['people']> {
      return (await directory(orgId)).people;
    },

    list(orgId: string): Promise<AssessmentSummary[]> {
      return listAssessments(db, orgId);
    },

    async get(orgId: string, id: string): Promise<Result<Assessment, Problem>> {
      const assessment = await getAssessment(db, orgId, id);
      return assessment ? ok(assessment) : fail('not_found', 'assessment_not_found');
    },

    async create(q: {
      orgId: string;
      actor: Actor;
      input: AssessmentInput;
    }): Promise<Result<Assessment, Problem>> {
      await ensureBuiltIns();
      const { input } = q;
      const pack = await getPack(db, input.packId, input.packVersion);
      if (!pack) return fail('invalid', 'pack_not_found');
      const unknown = input.highRiskDomains.find((d) => !pack.domains.some((x) => x.id === d));
      if (unknown) return fail('invalid', 'domain_not_found', { params: { domain: unknown } });
      if (input.electionId && !(await pollingDayOf(q.orgId, input.electionId)))
        return fail('invalid', 'election_not_found');
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        await insertAssessment(t, { ...input, id, orgId: q.orgId, by: q.actor.userId });
        await record({
          action: 'assessment.created',
          orgId: q.orgId,
          targetType: 'assessment',
          targetId: id,
          summary: { title: input.title, pack: `${input.packId}@${input.packVersion}`, tier: input.tier },
        });
        const created = await getAssessment(t, q.orgId, id);
        return created ? ok(created) : fail('not_found', 'assessment_not_found');
      });
    },

    /**
     * Saves one control's answer. `version` is the version the person started from (0 for a first answer);
     * if someone saved in between, nothing is written and the caller hears `answer_changed`.
     */
    /**
     * Saves a control's answer. An action already on the roadmap for the control follows it: done once the
     * answer reaches the tier's target (or says not applicable), back in progress if it falls below again.
     */
    async saveAnswer(q: {
      orgId: string;
      id: string;
      controlId: string;
      actor: Actor;
      version: number;
      input: AnswerInput;
      locale: Locale;
    }): Promise<Result<{ version: number }, Problem>> {
      const bad = checkAnswer(q.input);
      if (bad) return { ok: false, error: bad };
      const loaded = await load(q.orgId, q.id);
      if (!loaded.ok) return loaded;
      const { assessment, pack } = loaded.value;
      if (!controlsOf(pack).some((c) => c.control.id === q.controlId))
        return fail('invalid', 'control_not_found', { params: { control: q.controlId } });
      if (assessment.status === 'finalised') return fail('conflict', 'assessment_finalised');
      if (q.input.assigneeId && !(await directory(q.orgId)).people.some((p) => p.id === q.input.assigneeId))
        return fail('invalid', 'assignee_not_member');
      const saved = await tx.run(q.actor, async (t, record) => {
        const version = await saveAnswer(t, {
          assessmentId: q.id,
          controlId: q.controlId,
          expectedVersion: q.version,
          input: q.input,
          by: q.actor.userId,
          at: clock.now(),
        });
        if (version === undefined)
          return fail('conflict', 'answer_changed', { params: { control: q.controlId } });
        await record({
          action: 'assessment.answered',
          orgId: q.orgId,
          targetType: 'assessment',
          targetId: q.id,
          summary: { control: q.controlId, kind: q.input.kind, score: q.input.score, version },
        });
        return ok({ version });
      });
      if (saved.ok && q.input.kind !== 'unanswered') {
        const control = controlsOf(pack).find((c) => c.control.id === q.controlId)?.control;
        const target = control ? targetFor(pack, assessment.tier, control) : 0;
        const score = effectiveScore(answerValue(q.input));
        const met = score === null || score >= target;
        const reason = translate(q.locale, met ? 'roadmap.sourceMet' : 'roadmap.sourceUnmet', {
          title: assessment.title,
          control: q.controlId,
          target,
        });
        await roadmap.followSource({
          orgId: q.orgId,
          actor: q.actor,
          originKey: originKeyOf(q.id, q.controlId),
          met,
          reason,
        });
      }
      return saved;
    },

    async assignDomain(q: {
      orgId: string;
      id: string;
      domainId: string;
      userId: string | null;
      actor: Actor;
    }) {
      const loaded = await load(q.orgId, q.id);
      if (!loaded.ok) return loaded;
      if (!loaded.value.pack.domains.some((d) => d.id === q.domainId))
        return fail('invalid', 'domain_not_found', { params: { domain: q.domainId } });
      if (loaded.value.assessment.status === 'finalised') return fail('conflict', 'assessment_finalised');
      if (q.userId && !(await directory(q.orgId)).people.some((p) => p.id === q.userId))
        return fail('invalid', 'assignee_not_member');
      return tx.run(q.actor, async (t, record) => {
        await setDomainAssignee(t, { assessmentId: q.id, domainId: q.domainId, userId: q.userId });
        await record({
          action: 'assessment.domain_assigned',
          orgId: q.orgId,
          targetType: 'assessment',
          targetId: q.id,
          summary: { domain: q.domainId, userId: q.userId },
        });
        return ok(undefined);
      });
    },

    /** Makes the assessment read-only for good. */
    async finalise(q: { orgId: string; id: string; actor: Actor }): Promise<Result<void, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        if (!(await getAssessment(t, q.orgId, q.id))) return fail('not_found', 'assessment_not_found');
        if (!(await finaliseAssessment(t, { orgId: q.orgId, id: q.id, by: q.actor.userId, at: clock.now() })))
          return fail('conflict', 'assessment_finalised');
        await record({
          action: 'assessment.finalised',
          orgId: q.orgId,
          targetType: 'assessment',
          targetId: q.id,
        });
        return ok(undefined);
      });
    },

    async results(
      orgId: string,
      id: string,
    ): Promise<
      Result<ResultsView & { assessment: Assessment; pack: Pack; orgName: string; timeZone: string }, Problem>
    > {
      const loaded = await load(orgId, id);
      if (!loaded.ok) return loaded;
      const { assessment, pack } = loaded.value;
      const org = await deps.organisation(orgId);
      return ok({
        ...(await resultsOf(orgId, assessment, pack)),
        assessment,
        pack,
        orgName: org?.name ?? '',
        timeZone: org?.timeZone ?? 'UTC',
      });
    },

    /** Puts the chosen gaps on the roadmap as planned actions linked back to their controls. */
    async sendToRoadmap(q: {
      orgId: string;
      id: string;
      controlIds: readonly string[];
      actor: Actor;
      locale: Locale;
    }) {
      const loaded = await load(q.orgId, q.id);
      if (!loaded.ok) return loaded;
      const { assessment, pack } = loaded.value;
      const view = await resultsOf(q.orgId, assessment, pack);
      const unknown = q.controlIds.find((c) => !view.gaps.some((g) => g.controlId === c));
      if (unknown) return fail('invalid', 'gap_not_found', { params: { control: unknown } });
      const chosen = view.gaps.filter((g) => q.controlIds.includes(g.controlId));
      return roadmap.addFromSource({
        orgId: q.orgId,
        actor: q.actor,
        source: 'assessment',
        items: roadmapItemsFor({
          assessment,
          pack,
          gaps: chosen,
          locale: q.locale,
          today: clock.now(),
          pollingDay: view.pollingDay,
          // An adviser acting under a grant is not a member, so cannot own the organisation's actions.
          sender:
            q.actor.userId && (await directory(q.orgId)).people.some((p) => p.id === q.actor.userId)
              ? q.actor.userId
              : null,
        }),
      });
    },

    /** Domain scores against the network's median and quartiles, when at least 5 organisations contribute. */
    async benchmark(orgId: string, id: string): Promise<Result<Benchmark[], Problem>> {
      const loaded = await load(orgId, id);
      if (!loaded.ok) return loaded;
      const { assessment, pack } = loaded.value;
      const own = scoreAssessment({ pack, answers: answerMap(assessment), tier: assessment.tier });
      const out: Benchmark[] = [];
      for (const network of await deps.networksOf(orgId)) {
        const sets = await finalisedAnswerSets(db, {
          packId: pack.id,
          packVersion: pack.version,
          orgIds: network.orgIds,
        });
        out.push(peerBenchmark({ network, pack, own, answerSets: sets }));
      }
      return ok(out);
    },

    /** Stores an evidence file and attaches it to a control's answer. */
    async addEvidence(q: {
      orgId: string;
      id: string;
      controlId: string;
      actor: Actor;
      filename: string;
      mediaType: string;
      content: Buffer;
    }): Promise<Result<{ id: string }, Problem>> {
      const loaded = await load(q.orgId, q.id);
      if (!loaded.ok) return loaded;
      if (!controlsOf(loaded.value.pack).some((c) => c.control.id === q.controlId))
        return fail('invalid', 'control_not_found', { params: { control: q.controlId } });
      if (loaded.value.assessment.status === 'finalised') return fail('conflict', 'assessment_finalised');
      if (q.content.length === 0) return fail('invalid', 'file_empty');
      const stored = await files.put(q.content);
      if (!stored.ok) return stored;
      const evidenceId = newId();
      return tx.run(q.actor, async (t, record) => {
        await recordStoredFile(t, stored.value);
        await insertEvidence(t, {
          id: evidenceId,
          assessmentId: q.id,
          controlId: q.controlId,
          sha256: stored.value.sha256,
          size: stored.value.size,
          filename: q.filename,
          mediaType: q.mediaType,
          by: q.actor.userId,
        });
        await record({
          action: 'assessment.evidence_added',
          orgId: q.orgId,
          targetType: 'assessment',
          targetId: q.id,
          summary: { control: q.controlId, filename: q.filename, sha256: stored.value.sha256 },
        });
        return ok({ id: evidenceId });
      });
    },

    /**
     * Removes an evidence file (a wrong upload, or one holding data it should not): it leaves the assessment,
     * its downloads and every export, the reason is audited, and its bytes are erased unless another record
     * still cites the same content. A finalised assessment keeps its evidence.
     */
    async removeEvidence(q: {
      orgId: string;
      id: string;
      evidenceId: string;
      reason: string;
      actor: Actor;
    }): Promise<Result<{ filename: string }, Problem>> {
      const loaded = await load(q.orgId, q.id);
      if (!loaded.ok) return loaded;
      if (loaded.value.assessment.status === 'finalised') return fail('conflict', 'assessment_finalised');
      const removed = await tx.run(q.actor, async (t, record) => {
        const gone = await deleteEvidence(t, {
          orgId: q.orgId,
          assessmentId: q.id,
          evidenceId: q.evidenceId,
        });
        if (!gone) return fail('not_found', 'evidence_not_found');
        await record({
          action: 'assessment.evidence_removed',
          orgId: q.orgId,
          targetType: 'assessment',
          targetId: q.id,
          summary: {
            control: gone.controlId,
            filename: gone.filename,
            sha256: gone.sha256,
            reason: q.reason,
          },
        });
        return ok(gone);
      });
      if (!removed.ok) return removed;
      await eraseIfUnreferenced(db, files, removed.value.sha256);
      return ok({ filename: removed.value.filename });
    },

    /** The whole assessment as one versioned, self-contained file (pack, answers, evidence bytes). */
    async exportFile(orgId: string, id: string): Promise<Result<AssessmentFile, Problem>> {
      const loaded = await load(orgId, id);
      if (!loaded.ok) return loaded;
      const evidence = new Map<string, Buffer>();
      for (const e of loaded.value.assessment.answers.flatMap((a) => a.evidence)) {
        const stream = files.open(e.sha256);
        if (!stream) return fail('not_found', 'evidence_not_found');
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
        evidence.set(e.sha256, Buffer.concat(chunks));
      }
      return ok(toAssessmentFile({ ...loaded.value, evidence, now: clock.now() }));
    },

    /**
     * Imports an assessment file from this or another deployment: the pack is stored if new (and must match
     * if not), evidence bytes must match their digests, and nothing is written unless all of it is valid.
     */
    /**
     * Imports an assessment file into the organisation. Its framework version must already be stored here
     * (built in, or imported by the operator): packs are shared by every organisation, so only an operator
     * (`mayAddPack`) may add one through an import. A stored version with other content is refused.
     */
    async importFile(q: {
      orgId: string;
      actor: Actor;
      content: unknown;
      mayAddPack: boolean;
    }): Promise<Result<{ id: string }, Problem>> {
      const parsed = AssessmentFile.safeParse(q.content);
      const detail = parsed.success
        ? checkAssessmentFile(parsed.data)
        : parsed.error.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ');
      if (!parsed.success || detail)
        return fail('invalid', 'assessment_file_invalid', { detail: detail ?? '' });
      const file = parsed.data;
      const blobs = file.answers.flatMap((a) =>
        a.evidence.map((e) => ({
          ...e,
          controlId: a.controlId,
          bytes: Buffer.from(e.contentBase64, 'base64'),
        })),
      );
      const mismatch = blobs.find((b) => sha256Hex(b.bytes) !== b.sha256);
      if (mismatch)
        return fail('invalid', 'assessment_file_invalid', {
          detail: `${mismatch.filename}: content does not match its SHA-256`,
        });
      await ensureBuiltIns();
      for (const blob of blobs) {
        const stored = await files.put(blob.bytes);
        if (!stored.ok) return stored;
      }
      const id = newId();
      const packSha256 = sha256Hex(JSON.stringify(file.pack));
      const storedSha256 = await findPackDigest(db, file.pack.id, file.pack.version);
      if (storedSha256 === undefined && !q.mayAddPack)
        return fail('invalid', 'pack_not_stored', {
          params: { pack: file.pack.id, version: file.pack.version },
        });
      return tx.run(q.actor, async (t, record) => {
        const pack = await insertPack(t, {
          pack: file.pack,
          sha256: packSha256,
          builtIn: false,
          by: q.actor.userId,
        });
        if (pack.sha256 !== packSha256)
          return fail('conflict', 'pack_version_differs', { params: { version: file.pack.version } });
        if (pack.inserted)
          await record({
            action: 'assessment.pack_imported',
            orgId: null,
            targetType: 'assessment_pack',
            targetId: `${file.pack.id}@${file.pack.version}`,
            summary: { controls: controlsOf(file.pack).length, through: 'assessment_import' },
          });
        const { status, createdAt, finalisedAt, ...fields } = file.assessment;
        await insertAssessment(t, {
          ...fields,
          id,
          orgId: q.orgId,
          packId: file.pack.id,
          packVersion: file.pack.version,
          electionId: null,
          by: q.actor.userId,
          history: { status, createdAt, finalisedAt },
        });
        await insertImportedAnswers(t, {
          id,
          by: q.actor.userId,
          answers: file.answers.map((a) => ({ ...a, assigneeId: null })),
        });
        for (const blob of blobs) {
          await recordStoredFile(t, { sha256: blob.sha256, size: blob.bytes.length });
          await insertEvidence(t, {
            id: newId(),
            assessmentId: id,
            controlId: blob.controlId,
            sha256: blob.sha256,
            size: blob.bytes.length,
            filename: blob.filename,
            mediaType: blob.mediaType,
            by: q.actor.userId,
          });
        }
        await record({
          action: 'assessment.imported',
          orgId: q.orgId,
          targetType: 'assessment',
          targetId: id,
          summary: {
            title: file.assessment.title,
            pack: `${file.pack.id}@${file.pack.version}`,
            answers: file.answers.length,
          },
        });
        return ok({ id });
      });
    },

    /** Opens an evidence file of the organisation's assessment for download. */
    async openEvidence(q: { orgId: string; id: string; evidenceId: string }) {
      const found = await findEvidence(db, { orgId: q.orgId, assessmentId: q.id, evidenceId: q.evidenceId });
      const stream = found && files.open(found.sha256);
      return found && stream ? ok({ ...found, stream }) : fail('not_found', 'evidence_not_found');
    },
  };
}

/** The assessments service's type. */
export type AssessmentsService = ReturnType<typeof createAssessmentsService>;
