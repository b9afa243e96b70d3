import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { OPEN_STATUSES, Source, Status } from './model.js';
import { tables } from './tables.js';

/** Counts across an organisation's items: the dashboard's figures and the items falling due on a day. */

/** Counts for the dashboard: by status, area and source, overdue and due soon. */
export async function dashboardCounts(db: Db | Tx, q: { orgId: string; today: string; soon: string }) {
  const t = tables(db);
  const [byStatus, byArea, bySource, due] = await Promise.all([
    t
      .selectFrom('roadmap_items')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('org_id', '=', q.orgId)
      .groupBy('status')
      .execute(),
    t
      .selectFrom('roadmap_items')
      .select(['area', 'status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('org_id', '=', q.orgId)
      .groupBy(['area', 'status'])
      .execute(),
    t
      .selectFrom('roadmap_items')
      .select(['source', 'status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('org_id', '=', q.orgId)
      .groupBy(['source', 'status'])
      .execute(),
    t
      .selectFrom('roadmap_items')
      .select([
        sql<string>`count(*) FILTER (WHERE due_on < ${q.today})`.as('overdue'),
        sql<string>`count(*) FILTER (WHERE due_on >= ${q.today} AND due_on <= ${q.soon})`.as('due_soon'),
      ])
      .where('org_id', '=', q.orgId)
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    byStatus: byStatus.map((r) => ({ status: Status.parse(r.status), count: Number(r.n) })),
    byArea: byArea.map((r) => ({ area: r.area, status: Status.parse(r.status), count: Number(r.n) })),
    bySource: bySource.map((r) => ({
      source: Source.parse(r.source),
      status: Status.parse(r.status),
      count: Number(r.n),
    })),
    overdue: Number(due.overdue),
    dueSoon: Number(due.due_soon),
  };
}

/** Open items of every organisation that have an owner and fall due on `day`. */
export async function itemsDueOn(
  db: Db | Tx,
  day: string,
): Promise<{ id: string; orgId: string; title: string; ownerUserId: string }[]> {
  const rows = await tables(db)
    .selectFrom('roadmap_items')
    .select(['id', 'org_id', 'title', 'owner_user_id'])
    .where('due_on', '=', day)
    .where('owner_user_id', 'is not', null)
    .where('status', 'in', [...OPEN_STATUSES])
    .execute();
  return rows.flatMap((r) =>
    r.owner_user_id ? [{ id: r.id, orgId: r.org_id, title: r.title, ownerUserId: r.owner_user_id }] : [],
  );
}
