import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { Tlp } from './model.js';
import { tables } from './tables.js';

/** A remote TAXII collection a member organisation brings into a network, as its people see it. */
export interface Feed {
  readonly id: string;
  readonly networkId: string;
  readonly orgId: string;
  readonly title: string;
  readonly collectionUrl: string;
  readonly username: string;
  readonly tlp: Tlp;
  readonly pull: boolean;
  /** The remote's date added of the last object taken: where the next pull starts. */
  readonly addedAfter: string | null;
  readonly lastPulledAt: Date | null;
  readonly lastError: string | null;
  readonly failures: number;
  readonly nextPullAt: Date;
  readonly createdAt: Date;
}

/** A feed with its sealed secret, for the pull and push that sign in to the remote. */
export interface FeedWithSecret extends Feed {
  readonly sealedSecret: string;
}

const COLUMNS = [
  'id',
  'network_id',
  'org_id',
  'title',
  'collection_url',
  'username',
  'secret',
  'tlp',
  'pull',
  'added_after',
  'last_pulled_at',
  'last_error',
  'failures',
  'next_pull_at',
  'created_at',
] as const;

function rowToFeed(r: {
  id: string;
  network_id: string;
  org_id: string;
  title: string;
  collection_url: string;
  username: string;
  secret: string;
  tlp: string;
  pull: boolean;
  added_after: string | null;
  last_pulled_at: Date | null;
  last_error: string | null;
  failures: number;
  next_pull_at: Date;
  created_at: Date;
}): FeedWithSecret {
  return {
    id: r.id,
    networkId: r.network_id,
    orgId: r.org_id,
    title: r.title,
    collectionUrl: r.collection_url,
    username: r.username,
    sealedSecret: r.secret,
    tlp: Tlp.parse(r.tlp),
    pull: r.pull,
    addedAfter: r.added_after,
    lastPulledAt: r.last_pulled_at,
    lastError: r.last_error,
    failures: r.failures,
    nextPullAt: r.next_pull_at,
    createdAt: r.created_at,
  };
}

/** An organisation's feeds in a network, by title. */
export async function listFeeds(
  db: Db | Tx,
  q: { networkId: string; orgId: string },
): Promise<FeedWithSecret[]> {
  const rows = await tables(db)
    .selectFrom('network_taxii_feeds')
    .select(COLUMNS)
    .where('network_id', '=', q.networkId)
    .where('org_id', '=', q.orgId)
    .orderBy('title')
    .execute();
  return rows.map(rowToFeed);
}

/** One feed by id (any organisation's: the caller decides who may use it). */
export async function findFeed(db: Db | Tx, id: string): Promise<FeedWithSecret | undefined> {
  const row = await tables(db)
    .selectFrom('network_taxii_feeds')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && rowToFeed(row);
}

/** Every feed of the deployment, by network and title (for the command line). */
export async function allFeeds(db: Db | Tx): Promise<FeedWithSecret[]> {
  const rows = await tables(db)
    .selectFrom('network_taxii_feeds')
    .select(COLUMNS)
    .orderBy('network_id')
    .orderBy('title')
    .execute();
  return rows.map(rowToFeed);
}

/** The feeds due for a pull, oldest due first. */
export async function dueFeeds(db: Db | Tx, at: Date, limit: number): Promise<FeedWithSecret[]> {
  const rows = await tables(db)
    .selectFrom('network_taxii_feeds')
    .select(COLUMNS)
    .where('pull', '=', true)
    .where('next_pull_at', '<=', at)
    .orderBy('next_pull_at')
    .limit(limit)
    .execute();
  return rows.map(rowToFeed);
}

/** Adds a feed; false when the organisation already brings that collection into the network. */
export async function insertFeed(
  t: Tx,
  f: {
    id: string;
    networkId: string;
    orgId: string;
    title: string;
    collectionUrl: string;
    username: string;
    sealedSecret: string;
    tlp: Tlp;
    pull: boolean;
    createdBy: string | null;
  },
): Promise<boolean> {
  const inserted = await tables(t)
    .insertInto('network_taxii_feeds')
    .values({
      id: f.id,
      network_id: f.networkId,
      org_id: f.orgId,
      title: f.title,
      collection_url: f.collectionUrl,
      username: f.username,
      secret: f.sealedSecret,
      tlp: f.tlp,
      pull: f.pull,
      created_by: f.createdBy,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Removes a feed; what it brought in stays. */
export async function deleteFeed(t: Tx, id: string): Promise<void> {
  await tables(t).deleteFrom('network_taxii_feeds').where('id', '=', id).execute();
}

/** Records a pull that worked: where the next one starts, and when it is due. */
export async function recordPulled(
  t: Tx,
  q: { id: string; addedAfter: string | null; at: Date; nextAt: Date },
): Promise<void> {
  await tables(t)
    .updateTable('network_taxii_feeds')
    .set({
      added_after: q.addedAfter,
      last_pulled_at: q.at,
      last_error: null,
      failures: 0,
      next_pull_at: q.nextAt,
    })
    .where('id', '=', q.id)
    .execute();
}

/** Records a pull that failed, and puts the next attempt off (doubling each time, at most six hours). */
export async function recordPullFailed(
  db: Db | Tx,
  q: { id: string; error: string; at: Date },
): Promise<void> {
  await tables(db)
    .updateTable('network_taxii_feeds')
    .set((eb) => ({
      last_error: q.error.slice(0, 1000),
      failures: eb('failures', '+', 1),
      next_pull_at: sql<Date>`${q.at}::timestamptz + least(interval '6 hours', interval '1 minute' * power(2, failures))`,
    }))
    .where('id', '=', q.id)
    .execute();
}
