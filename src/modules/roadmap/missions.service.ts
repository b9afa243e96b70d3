import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { recordStoredFile, type FileStore } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import { readFirstSheet } from '../../platform/xlsx.js';
import type { Transactor } from '../audit/index.js';
import { checkRows, readCsv, type ImportRow, type RowError } from './import.js';
import type { Mission, MissionKind, Plan } from './missions.js';
import {
  insertMission,
  insertObjective,
  insertPlan,
  listMissions,
  listPlans,
  objectivesOf,
  setMissionReport,
} from './missions.store.js';
import { insertItems } from './store.js';

/** What a person enters for a mission. */
export interface MissionInput {
  readonly name: string;
  readonly kind: MissionKind;
  readonly team: readonly string[];
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  readonly areas: readonly string[];
}

/** A checked recommendations file: how many rows are valid and what is wrong with the others. */
export interface ImportCheck {
  readonly valid: number;
  readonly errors: RowError[];
}

async function readTable(content: Buffer): Promise<string[][] | 'unreadable' | 'too_large'> {
  // XLSX files are ZIP archives ("PK"); anything else is read as CSV.
  if (content.subarray(0, 2).toString('latin1') === 'PK') return readFirstSheet(content);
  return readCsv(content) ?? 'unreadable';
}

/** Builds the missions and strategic-plan service of the roadmap module. */
export function createMissionsService(deps: { db: Db; tx: Transactor; files: FileStore }) {
  const { db, tx, files } = deps;

  async function checked(
    orgId: string,
    content: Buffer,
  ): Promise<Result<{ rows: ImportRow[]; errors: RowError[] }, Problem>> {
    const table = await readTable(content);
    if (table === 'unreadable') return fail('invalid', 'import_unreadable');
    if (table === 'too_large') return fail('too_large', 'import_too_large');
    const codes = new Set((await objectivesOf(db, orgId)).map((o) => o.code));
    return checkRows(table, codes);
  }

  async function mission(orgId: string, missionId: string): Promise<Result<Mission, Problem>> {
    const [found] = await listMissions(db, orgId, missionId);
    return found ? ok(found) : fail('not_found', 'mission_not_found');
  }

  return {
    missions(orgId: string): Promise<Mission[]> {
      return listMissions(db, orgId);
    },

    mission,

    async createMission(q: {
      orgId: string;
      actor: Actor;
      input: MissionInput;
    }): Promise<Result<Mission, Problem>> {
      const { input } = q;
      if (input.startsOn && input.endsOn && input.endsOn < input.startsOn)
        return fail('invalid', 'phase_outside');
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        await insertMission(t, { ...input, id, orgId: q.orgId });
        await record({
          action: 'roadmap.mission_created',
          orgId: q.orgId,
          targetType: 'roadmap_mission',
          targetId: id,
          summary: { name: input.name, kind: input.kind },
        });
        const [created] = await listMissions(t, q.orgId, id);
        return created ? ok(created) : fail('not_found', 'mission_not_found');
      });
    },

    /** Stores the mission's report file. */
    async attachReport(q: {
      orgId: string;
      missionId: string;
      actor: Actor;
      filename: string;
      mediaType: string;
      content: Buffer;
    }) {
      if (q.content.length === 0) return fail('invalid', 'file_empty');
      const found = await mission(q.orgId, q.missionId);
      if (!found.ok) return found;
      const stored = await files.put(q.content);
      if (!stored.ok) return stored;
      return tx.run(q.actor, async (t, record) => {
        await recordStoredFile(t, stored.value);
        await setMissionReport(t, {
          orgId: q.orgId,
          missionId: q.missionId,
          sha256: stored.value.sha256,
          filename: q.filename,
        });
        await record({
          action: 'roadmap.mission_report_attached',
          orgId: q.orgId,
          targetType: 'roadmap_mission',
          targetId: q.missionId,
          summary: { filename: q.filename, sha256: stored.value.sha256 },
        });
        return ok(undefined);
      });
    },

    async openReport(q: { orgId: string; missionId: string }) {
      const found = await mission(q.orgId, q.missionId);
      if (!found.ok) return found;
      const report = found.value.report;
      const stream = report && files.open(report.sha256);
      return report && stream
        ? ok({ filename: report.filename, stream })
        : fail('not_found', 'report_not_found');
    },

    /** Checks a CSV or XLSX file of recommendations without writing anything. */
    async checkImport(q: {
      orgId: string;
      missionId: string;
      content: Buffer;
    }): Promise<Result<ImportCheck, Problem>> {
      const found = await mission(q.orgId, q.missionId);
      if (!found.ok) return found;
      const result = await checked(q.orgId, q.content);
      return result.ok ? ok({ valid: result.value.rows.length, errors: result.value.errors }) : result;
    },

    /**
     * Imports a file's recommendations into a mission. A file with invalid rows writes nothing, unless the
     * person chose to import only the valid rows.
     */
    async importRecommendations(q: {
      orgId: string;
      missionId: string;
      actor: Actor;
      content: Buffer;
      validOnly: boolean;
    }): Promise<Result<{ imported: number; skippedRows: number }, Problem>> {
      const found = await mission(q.orgId, q.missionId);
      if (!found.ok) return found;
      const result = await checked(q.orgId, q.content);
      if (!result.ok) return result;
      const { rows, errors } = result.value;
      const badRows = new Set(errors.map((e) => e.row)).size;
      if (badRows > 0 && !q.validOnly)
        return fail('invalid', 'import_rows_invalid', { params: { rows: badRows } });
      if (rows.length === 0) return fail('invalid', 'import_nothing_valid');
      const objectives = new Map((await objectivesOf(db, q.orgId)).map((o) => [o.code, o.id]));
      return tx.run(q.actor, async (t, record) => {
        const ids = await insertItems(
          t,
          rows.map((r) => ({
            id: newId(),
            orgId: q.orgId,
            kind: 'recommendation' as const,
            source: found.value.kind,
            originKey: null,
            origin: {},
            title: r.title,
            description: r.description,
            paragraphRef: r.paragraphRef,
            area: r.area,
            addressee: r.addressee,
            instrument: r.instrument,
            priority: r.priority,
            priorityFlag: r.priorityFlag,
            horizon: r.horizon,
            ownerUnitId: null,
            ownerUserId: null,
            dueOn: r.dueOn,
            status: 'issued' as const,
            donorFundable: false,
            missionId: q.missionId,
            objectiveId: r.objectiveCode ? (objectives.get(r.objectiveCode) ?? null) : null,
          })),
        );
        await record({
          action: 'roadmap.recommendations_imported',
          orgId: q.orgId,
          targetType: 'roadmap_mission',
          targetId: q.missionId,
          summary: { imported: ids.length, skippedRows: badRows },
        });
        return ok({ imported: ids.length, skippedRows: badRows });
      });
    },

    plans(orgId: string): Promise<Plan[]> {
      return listPlans(db, orgId);
    },

    async createPlan(q: {
      orgId: string;
      actor: Actor;
      input: {
        title: string;
        startsYear: number;
        endsYear: number;
        objectives: readonly { code: string; title: string }[];
      };
    }): Promise<Result<Plan, Problem>> {
      const { input } = q;
      if (input.endsYear < input.startsYear) return fail('invalid', 'plan_years');
      if (new Set(input.objectives.map((o) => o.code)).size !== input.objectives.length)
        return fail('invalid', 'objective_code_taken');
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        await insertPlan(t, {
          ...input,
          id,
          orgId: q.orgId,
          objectives: input.objectives.map((o) => ({ ...o, id: newId() })),
        });
        await record({
          action: 'roadmap.plan_created',
          orgId: q.orgId,
          targetType: 'roadmap_plan',
          targetId: id,
          summary: { title: input.title },
        });
        const plan = (await listPlans(t, q.orgId)).find((p) => p.id === id);
        return plan ? ok(plan) : fail('not_found', 'plan_not_found');
      });
    },

    async addObjective(q: {
      orgId: string;
      planId: string;
      actor: Actor;
      code: string;
      title: string;
    }): Promise<Result<Plan, Problem>> {
      const existing = (await listPlans(db, q.orgId)).find((p) => p.id === q.planId);
      if (!existing) return fail('not_found', 'plan_not_found');
      if (existing.objectives.some((o) => o.code === q.code)) return fail('conflict', 'objective_code_taken');
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        if (
          !(await insertObjective(t, { orgId: q.orgId, planId: q.planId, id, code: q.code, title: q.title }))
        )
          return fail('not_found', 'plan_not_found');
        await record({
          action: 'roadmap.objective_added',
          orgId: q.orgId,
          targetType: 'roadmap_plan',
          targetId: q.planId,
          summary: { code: q.code },
        });
        const plan = (await listPlans(t, q.orgId)).find((p) => p.id === q.planId);
        return plan ? ok(plan) : fail('not_found', 'plan_not_found');
      });
    },

    /** Whether a mission and an objective (either may be absent) belong to the organisation. */
    async checkLinks(
      orgId: string,
      links: { missionId?: string | null | undefined; objectiveId?: string | null | undefined },
    ): Promise<Problem | undefined> {
      if (links.missionId && !(await mission(orgId, links.missionId)).ok)
        return fail('invalid', 'mission_not_found').error;
      if (links.objectiveId && !(await objectivesOf(db, orgId)).some((o) => o.id === links.objectiveId))
        return fail('invalid', 'objective_not_found').error;
      return undefined;
    },
  };
}

/** The missions service's type. */
export type MissionsService = ReturnType<typeof createMissionsService>;
