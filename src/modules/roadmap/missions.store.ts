import { sql, type Generated, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Tx } from '../../platform/db.js';
import { MissionKind, type Mission, type Plan } from './missions.js';

type MissionTables = {
  roadmap_missions: {
    id: string;
    org_id: string;
    name: string;
    kind: string;
    team: string[];
    starts_on: string | null;
    ends_on: string | null;
    areas: string[];
    report_sha256: string | null;
    report_filename: string | null;
    created_at: Generated<Date>;
  };
  roadmap_plans: { id: string; org_id: string; title: string; starts_year: number; ends_year: number };
  roadmap_objectives: { id: string; plan_id: string; code: string; title: string };
  roadmap_items: {
    id: string;
    org_id: string;
    mission_id: string | null;
    objective_id: string | null;
    status: string;
  };
  roadmap_reminders: { item_id: string; due_on: string; days_before: number; sent_at: Generated<Date> };
};

function tables(db: Db | Tx): Kysely<MissionTables> {
  return db.withTables<MissionTables>();
}

const day = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** Adds a mission. */
export async function insertMission(
  tx: Tx,
  m: {
    id: string;
    orgId: string;
    name: string;
    kind: MissionKind;
    team: readonly string[];
    startsOn: string | null;
    endsOn: string | null;
    areas: readonly string[];
  },
): Promise<void> {
  await tables(tx)
    .insertInto('roadmap_missions')
    .values({
      id: m.id,
      org_id: m.orgId,
      name: m.name,
      kind: m.kind,
      team: [...m.team],
      starts_on: m.startsOn,
      ends_on: m.endsOn,
      areas: [...m.areas],
      report_sha256: null,
      report_filename: null,
    })
    .execute();
}

/** The organisation's missions (or one), newest first, with how many recommendations each has and has done. */
export async function listMissions(db: Db | Tx, orgId: string, missionId?: string): Promise<Mission[]> {
  let query = tables(db)
    .selectFrom('roadmap_missions as m')
    .select((eb) => [
      'm.id',
      'm.name',
      'm.kind',
      'm.team',
      day('m.starts_on').as('starts_on'),
      day('m.ends_on').as('ends_on'),
      'm.areas',
      'm.report_sha256',
      'm.report_filename',
      eb
        .selectFrom('roadmap_items as i')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('i.mission_id', '=', 'm.id')
        .as('recommendations'),
      eb
        .selectFrom('roadmap_items as i')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('i.mission_id', '=', 'm.id')
        .where('i.status', '=', 'done')
        .as('done'),
    ])
    .where('m.org_id', '=', orgId);
  if (missionId) query = query.where('m.id', '=', missionId);
  const rows = await query
    .orderBy('m.starts_on', (o) => o.desc().nullsLast())
    .orderBy('m.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: MissionKind.parse(r.kind),
    team: r.team,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    areas: r.areas,
    report:
      r.report_sha256 && r.report_filename ? { sha256: r.report_sha256, filename: r.report_filename } : null,
    recommendations: Number(r.recommendations ?? 0),
    done: Number(r.done ?? 0),
  }));
}

/** Attaches the mission's report file. False if the mission is not the organisation's. */
export async function setMissionReport(
  tx: Tx,
  q: { orgId: string; missionId: string; sha256: string; filename: string },
): Promise<boolean> {
  const r = await tables(tx)
    .updateTable('roadmap_missions')
    .set({ report_sha256: q.sha256, report_filename: q.filename })
    .where('id', '=', q.missionId)
    .where('org_id', '=', q.orgId)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Adds a strategic plan with its objectives. */
export async function insertPlan(
  tx: Tx,
  p: {
    id: string;
    orgId: string;
    title: string;
    startsYear: number;
    endsYear: number;
    objectives: readonly { id: string; code: string; title: string }[];
  },
): Promise<void> {
  await tables(tx)
    .insertInto('roadmap_plans')
    .values({ id: p.id, org_id: p.orgId, title: p.title, starts_year: p.startsYear, ends_year: p.endsYear })
    .execute();
  if (p.objectives.length > 0)
    await tables(tx)
      .insertInto('roadmap_objectives')
      .values(p.objectives.map((o) => ({ id: o.id, plan_id: p.id, code: o.code, title: o.title })))
      .execute();
}

/** Adds an objective to a plan of the organisation; false if the plan is not the organisation's. */
export async function insertObjective(
  tx: Tx,
  q: { orgId: string; planId: string; id: string; code: string; title: string },
): Promise<boolean> {
  const plan = await tables(tx)
    .selectFrom('roadmap_plans')
    .select('id')
    .where('id', '=', q.planId)
    .where('org_id', '=', q.orgId)
    .executeTakeFirst();
  if (!plan) return false;
  await tables(tx)
    .insertInto('roadmap_objectives')
    .values({ id: q.id, plan_id: q.planId, code: q.code, title: q.title })
    .execute();
  return true;
}

/** The organisation's plans, each with its objectives and the items linked to them. */
export async function listPlans(db: Db | Tx, orgId: string): Promise<Plan[]> {
  const rows = await tables(db)
    .selectFrom('roadmap_plans as p')
    .select((eb) => [
      'p.id',
      'p.title',
      'p.starts_year',
      'p.ends_year',
      jsonArrayFrom(
        eb
          .selectFrom('roadmap_objectives as o')
          .select((ob) => [
            'o.id',
            'o.code',
            'o.title',
            ob
              .selectFrom('roadmap_items as i')
              .select(ob.fn.countAll<string>().as('n'))
              .whereRef('i.objective_id', '=', 'o.id')
              .as('items'),
            ob
              .selectFrom('roadmap_items as i')
              .select(ob.fn.countAll<string>().as('n'))
              .whereRef('i.objective_id', '=', 'o.id')
              .where('i.status', '=', 'done')
              .as('done'),
          ])
          .whereRef('o.plan_id', '=', 'p.id')
          .orderBy('o.code'),
      ).as('objectives'),
    ])
    .where('p.org_id', '=', orgId)
    .orderBy('p.starts_year', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    startsYear: r.starts_year,
    endsYear: r.ends_year,
    objectives: r.objectives.map((o) => ({
      id: o.id,
      code: o.code,
      title: o.title,
      items: Number(o.items ?? 0),
      done: Number(o.done ?? 0),
    })),
  }));
}

/** Objectives of the organisation's plans by code (for imports) and by id (for links). */
export async function objectivesOf(db: Db | Tx, orgId: string): Promise<{ id: string; code: string }[]> {
  return tables(db)
    .selectFrom('roadmap_objectives as o')
    .innerJoin('roadmap_plans as p', 'p.id', 'o.plan_id')
    .select(['o.id', 'o.code'])
    .where('p.org_id', '=', orgId)
    .execute();
}

/** Records that a reminder went out; false if it had already. */
export async function claimReminder(
  tx: Tx,
  q: { itemId: string; dueOn: string; daysBefore: number },
): Promise<boolean> {
  const row = await tables(tx)
    .insertInto('roadmap_reminders')
    .values({ item_id: q.itemId, due_on: q.dueOn, days_before: q.daysBefore })
    .onConflict((oc) => oc.doNothing())
    .returning('item_id')
    .executeTakeFirst();
  return row !== undefined;
}
