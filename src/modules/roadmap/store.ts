import { sql, type OrderByModifiers, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Tx } from '../../platform/db.js';
import { prepare } from '../../platform/prepared.js';
import { tables, type RoadmapTables } from './tables.js';
import {
  Grade,
  Horizon,
  OPEN_STATUSES,
  Instrument,
  ItemKind,
  Priority,
  Source,
  Status,
  nextStatuses,
  type Item,
  type ItemSummary,
} from './model.js';

/** The fields a new item is written with. */
export interface NewItemRow {
  readonly id: string;
  readonly orgId: string;
  readonly kind: ItemKind;
  readonly source: Source;
  readonly originKey: string | null;
  readonly origin: Readonly<Record<string, string>>;
  readonly title: string;
  readonly description: string;
  readonly paragraphRef: string;
  readonly area: string;
  readonly addressee: string;
  readonly instrument: Instrument | null;
  readonly priority: Priority;
  readonly priorityFlag: boolean;
  readonly horizon: Horizon;
  readonly ownerUnitId: string | null;
  readonly ownerUserId: string | null;
  readonly dueOn: string | null;
  readonly status: Status;
  readonly donorFundable: boolean;
  readonly missionId?: string | null;
  readonly objectiveId?: string | null;
}

/** How a list of items is narrowed and ordered. */
export interface ItemFilter {
  readonly status?: readonly Status[] | undefined;
  readonly source?: readonly Source[] | undefined;
  readonly kind?: ItemKind | undefined;
  readonly area?: string | undefined;
  readonly ownerUserId?: string | undefined;
  readonly ownerUnitId?: string | undefined;
  readonly missionId?: string | undefined;
  readonly objectiveId?: string | undefined;
  readonly q?: string | undefined;
  /** Open items due before this day (YYYY-MM-DD). */
  readonly dueBefore?: string | undefined;
  readonly sort?: 'due' | 'priority' | 'updated' | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Inserts items; an item whose origin the organisation already tracks is skipped. Returns the ids written. */
export async function insertItems(tx: Tx, rows: readonly NewItemRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const written = await tables(tx)
    .insertInto('roadmap_items')
    .values(
      rows.map((r) => ({
        id: r.id,
        org_id: r.orgId,
        kind: r.kind,
        source: r.source,
        origin_key: r.originKey,
        origin: JSON.stringify(r.origin) as unknown as Record<string, string>,
        title: r.title,
        description: r.description,
        paragraph_ref: r.paragraphRef,
        area: r.area,
        addressee: r.addressee,
        instrument: r.instrument,
        priority: r.priority,
        priority_flag: r.priorityFlag,
        horizon: r.horizon,
        owner_unit_id: r.ownerUnitId,
        owner_user_id: r.ownerUserId,
        due_on: r.dueOn,
        status: r.status,
        donor_fundable: r.donorFundable,
        mission_id: r.missionId ?? null,
        objective_id: r.objectiveId ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'origin_key']).doNothing())
    .returning('id')
    .execute();
  // After a bulk load the planner's statistics are stale until autovacuum runs; refresh them now, as
  // PostgreSQL advises after loading data, so lists keep using their indexes. The server's role does not own
  // the table: a function with the owner's rights analyses it (migration 0018).
  if (written.length >= 500) await sql`SELECT roadmap_items_analyze()`.execute(tx);
  return written.map((w) => w.id);
}

const day = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** The organisation's items (alias `i`) with the columns of a summary, its latest grade apart. */
function itemsQuery(db: Db | Tx, orgId: string) {
  return tables(db)
    .selectFrom('roadmap_items as i')
    .select([
      'i.id',
      'i.kind',
      'i.source',
      'i.title',
      'i.area',
      'i.priority',
      'i.priority_flag',
      'i.horizon',
      'i.status',
      day('i.due_on').as('due_on'),
      'i.owner_user_id',
      'i.owner_unit_id',
      'i.donor_fundable',
      'i.mission_id',
      'i.objective_id',
      'i.origin',
      'i.version',
      'i.updated_at',
    ])
    .where('i.org_id', '=', orgId);
}

/** The latest grade (graded on, then recorded) of the item under the alias `i` of the query it is put in. */
function latestGrade(db: Db | Tx) {
  return tables(db)
    .selectFrom('roadmap_grades as g')
    .select('g.grade')
    .where('g.item_id', '=', sql.ref<string>('i.id'))
    .orderBy('g.graded_on', 'desc')
    .orderBy('g.created_at', 'desc')
    .limit(1)
    .as('latest_grade');
}

/** The items with their latest grade, for reading one item. */
function summaryQuery(db: Db | Tx, orgId: string) {
  return itemsQuery(db, orgId).select(latestGrade(db));
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function rowToSummary(row: SummaryRow): ItemSummary {
  return {
    id: row.id,
    kind: ItemKind.parse(row.kind),
    source: Source.parse(row.source),
    title: row.title,
    area: row.area,
    priority: Priority.parse(row.priority),
    priorityFlag: row.priority_flag,
    horizon: Horizon.parse(row.horizon),
    status: Status.parse(row.status),
    nextStatuses: nextStatuses(Status.parse(row.status)),
    dueOn: row.due_on,
    ownerUserId: row.owner_user_id,
    ownerUnitId: row.owner_unit_id,
    donorFundable: row.donor_fundable,
    missionId: row.mission_id,
    objectiveId: row.objective_id,
    latestGrade: row.latest_grade === null ? null : Grade.parse(row.latest_grade),
    origin: row.origin,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

// Read before every list reply (it decides whether a kept reply still stands): prepared once.
const listVersionOfOrg = prepare((db, p: { orgId: string }) =>
  tables(db).selectFrom('roadmap_list_versions').select('version').where('org_id', '=', p.orgId),
);

/** The version of the organisation's item list: it moves on with every change the list would show. */
export async function listVersion(db: Db | Tx, orgId: string): Promise<string> {
  const [row] = await listVersionOfOrg.execute(db, { orgId });
  return row?.version ?? '0';
}

/** One page of an organisation's items matching the filter, and how many match in all. */
export async function listItems(
  db: Db | Tx,
  orgId: string,
  f: ItemFilter,
): Promise<{ items: ItemSummary[]; total: number }> {
  const matching = <O>(query: ItemsQuery<O>) =>
    query.where((eb) => {
      const all = [];
      if (f.status?.length) all.push(eb('i.status', 'in', [...f.status]));
      if (f.source?.length) all.push(eb('i.source', 'in', [...f.source]));
      if (f.kind) all.push(eb('i.kind', '=', f.kind));
      if (f.area) all.push(eb('i.area', '=', f.area));
      if (f.ownerUserId) all.push(eb('i.owner_user_id', '=', f.ownerUserId));
      if (f.ownerUnitId) all.push(eb('i.owner_unit_id', '=', f.ownerUnitId));
      if (f.missionId) all.push(eb('i.mission_id', '=', f.missionId));
      if (f.objectiveId) all.push(eb('i.objective_id', '=', f.objectiveId));
      if (f.q) {
        const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        all.push(eb.or([eb('i.title', 'ilike', like), eb('i.description', 'ilike', like)]));
      }
      if (f.dueBefore)
        all.push(eb.and([eb('i.due_on', '<', f.dueBefore), eb('i.status', 'in', [...OPEN_STATUSES])]));
      return eb.and(all);
    });
  // One statement. The page is read in the list's order straight from an index; the number of matching items is
  // an uncorrelated subquery PostgreSQL evaluates once; the latest grade is a subquery over the page's rows only
  // (in the page query itself it would be evaluated for every row an offset skips).
  const total = matching(tables(db).selectFrom('roadmap_items as i').where('i.org_id', '=', orgId)).select(
    (eb) => eb.fn.countAll<string>().as('n'),
  );
  const page = ordered(matching(itemsQuery(db, orgId)), f.sort)
    .select(total.as('total'))
    .limit(f.limit)
    .offset(f.offset);
  const rows = await ordered(
    tables(db).selectFrom(page.as('i')).selectAll('i').select(latestGrade(db)),
    f.sort,
  ).execute();
  // A page past the end has no row to carry the total: count alone then.
  const matched = rows[0]?.total ?? (await total.executeTakeFirstOrThrow()).n;
  return { items: rows.map(rowToSummary), total: Number(matched) };
}

/**
 * Puts a query on items (alias `i`) in the list's order: by due date (default), by priority, or last updated
 * first, and by id last so pages never overlap. It applies to the items table and to a page read from it.
 */
function ordered<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  sort: ItemFilter['sort'],
): SelectQueryBuilder<DB, TB, O> {
  const column = (name: string) => sql.ref(`i.${name}`);
  const keys: [RawBuilder<unknown>, OrderByModifiers?][] =
    sort === 'priority'
      ? [[column('priority_flag'), 'desc'], [column('priority')], [column('due_on'), (o) => o.nullsLast()]]
      : sort === 'updated'
        ? [[column('updated_at'), 'desc']]
        : [[column('due_on'), (o) => o.nullsLast()], [column('priority')]];
  return [...keys, [column('id')] as [RawBuilder<unknown>]].reduce(
    (q, [key, modifiers]) => (modifiers ? q.orderBy(key, modifiers) : q.orderBy(key)),
    query,
  );
}

/** A query on the organisation's items under the alias `i`. */
type ItemsQuery<O> = SelectQueryBuilder<RoadmapTables & { i: RoadmapTables['roadmap_items'] }, 'i', O>;

/** The items made from a source's records (an assessment's gaps…), by their origin keys. */
export async function itemsByOrigin(
  db: Db | Tx,
  orgId: string,
  originKeys: readonly string[],
): Promise<{ id: string; originKey: string; status: Status; version: number }[]> {
  if (originKeys.length === 0) return [];
  const rows = await tables(db)
    .selectFrom('roadmap_items')
    .select(['id', 'origin_key', 'status', 'version'])
    .where('org_id', '=', orgId)
    .where('origin_key', 'in', originKeys)
    .execute();
  return rows.flatMap((r) =>
    r.origin_key
      ? [{ id: r.id, originKey: r.origin_key, status: Status.parse(r.status), version: r.version }]
      : [],
  );
}

/** An item as stored: its progress notes name their writer by id (the service adds names from identity). */
export type StoredItem = Omit<Item, 'updates'> & {
  readonly updates: { id: string; body: string; at: string; byUserId: string | null }[];
};

/** One item with its milestones, progress notes and grade history, or undefined outside the organisation. */
export async function getItem(db: Db | Tx, orgId: string, itemId: string): Promise<StoredItem | undefined> {
  const row = await summaryQuery(db, orgId)
    .select((eb) => [
      'i.description',
      'i.paragraph_ref',
      'i.addressee',
      'i.instrument',
      'i.status_reason',
      'i.created_at',
      jsonArrayFrom(
        eb
          .selectFrom('roadmap_milestones as m')
          .select(['m.id', 'm.title', day('m.due_on').as('due_on'), day('m.done_on').as('done_on')])
          .whereRef('m.item_id', '=', 'i.id')
          .orderBy('m.due_on')
          .orderBy('m.id'),
      ).as('milestones'),
      jsonArrayFrom(
        eb
          .selectFrom('roadmap_updates as u')
          .select(['u.id', 'u.body', 'u.created_at', 'u.created_by'])
          .whereRef('u.item_id', '=', 'i.id')
          .orderBy('u.created_at'),
      ).as('updates'),
      jsonArrayFrom(
        eb
          .selectFrom('roadmap_grades as g')
          .select(['g.id', 'g.grade', day('g.graded_on').as('graded_on'), 'g.assessor', 'g.rationale'])
          .whereRef('g.item_id', '=', 'i.id')
          .orderBy('g.graded_on')
          .orderBy('g.created_at'),
      ).as('grades'),
    ])
    .where('i.id', '=', itemId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...rowToSummary(row),
    description: row.description,
    paragraphRef: row.paragraph_ref,
    addressee: row.addressee,
    instrument: row.instrument === null ? null : Instrument.parse(row.instrument),
    statusReason: row.status_reason,
    createdAt: row.created_at.toISOString(),
    milestones: row.milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.due_on, doneOn: m.done_on })),
    updates: row.updates.map((u) => ({ id: u.id, body: u.body, at: u.created_at, byUserId: u.created_by })),
    grades: row.grades.map((g) => ({
      id: g.id,
      grade: Grade.parse(g.grade),
      gradedOn: g.graded_on ?? '',
      assessor: g.assessor,
      rationale: g.rationale,
    })),
  };
}

/** The editable fields of an item. */
export type ItemPatch = Partial<
  Pick<
    NewItemRow,
    | 'title'
    | 'description'
    | 'paragraphRef'
    | 'area'
    | 'addressee'
    | 'instrument'
    | 'priority'
    | 'priorityFlag'
    | 'horizon'
    | 'ownerUnitId'
    | 'ownerUserId'
    | 'dueOn'
    | 'status'
    | 'donorFundable'
    | 'objectiveId'
  > & { statusReason: string }
>;

/**
 * Applies a patch if the item is still at `version`; bumps the version. False when the item is gone or was
 * changed meanwhile (the caller tells which).
 */
export async function patchItem(
  tx: Tx,
  q: { orgId: string; itemId: string; version: number; patch: ItemPatch; at: Date },
): Promise<boolean> {
  const p = q.patch;
  const result = await tables(tx)
    .updateTable('roadmap_items')
    .set({
      ...(p.title !== undefined && { title: p.title }),
      ...(p.description !== undefined && { description: p.description }),
      ...(p.paragraphRef !== undefined && { paragraph_ref: p.paragraphRef }),
      ...(p.area !== undefined && { area: p.area }),
      ...(p.addressee !== undefined && { addressee: p.addressee }),
      ...(p.instrument !== undefined && { instrument: p.instrument }),
      ...(p.priority !== undefined && { priority: p.priority }),
      ...(p.priorityFlag !== undefined && { priority_flag: p.priorityFlag }),
      ...(p.horizon !== undefined && { horizon: p.horizon }),
      ...(p.ownerUnitId !== undefined && { owner_unit_id: p.ownerUnitId }),
      ...(p.ownerUserId !== undefined && { owner_user_id: p.ownerUserId }),
      ...(p.dueOn !== undefined && { due_on: p.dueOn }),
      ...(p.status !== undefined && { status: p.status }),
      ...(p.statusReason !== undefined && { status_reason: p.statusReason }),
      ...(p.donorFundable !== undefined && { donor_fundable: p.donorFundable }),
      ...(p.objectiveId !== undefined && { objective_id: p.objectiveId }),
      version: sql<number>`version + 1`,
      updated_at: q.at,
    })
    .where('id', '=', q.itemId)
    .where('org_id', '=', q.orgId)
    .where('version', '=', q.version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
