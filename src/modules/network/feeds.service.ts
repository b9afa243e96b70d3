import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { SecretBox } from '../../platform/secrets.js';
import { readerOf, type Caller, type NetworkDeps } from './deps.js';
import {
  allFeeds,
  deleteFeed,
  dueFeeds,
  findFeed,
  insertFeed,
  listFeeds,
  recordPulled,
  recordPullFailed,
  type Feed,
  type FeedWithSecret,
} from './feeds.store.js';
import { Tlp } from './model.js';
import {
  findLatestMany,
  insertVersions,
  lockNetworkObjects,
  storedIds,
  type StoredId,
} from './objects.store.js';
import type { Newsroom } from './news.js';
import { examine, receive, outcomeLines } from './receive.js';
import { isAllowedCollectionUrl, type Remote, type TaxiiClient } from './taxii.client.js';
import { mayPush, TLP_MARKING_DEFINITIONS } from './tlp.js';

/** What a member gives to bring a remote collection into a network. */
export const FeedFields = z.strictObject({
  title: z.string().trim().min(1).max(200),
  collectionUrl: z.url().max(2000),
  /** HTTP Basic user name; left empty, the secret is sent as a bearer token. */
  username: z.string().trim().max(300).default(''),
  secret: z.string().min(1).max(2000),
  /** The level of what the remote collection holds: objects without a TLP marking take it. */
  tlp: Tlp,
  pull: z.boolean().default(true),
});
export type FeedFields = z.infer<typeof FeedFields>;

/** What one pull did, page by page as it goes and in total at the end. */
export interface PullProgress {
  readonly pages: number;
  readonly received: number;
  readonly stored: number;
  readonly skipped: number;
  readonly refused: number;
}

/** Objects per page asked of a remote. */
const PAGE = 500;
/** Pages one pull takes at most; the rest waits for the next pull. */
const MAX_PAGES = 200;
/** How long after a pull that worked the next is due. */
const PULL_EVERY_MS = 15 * 60 * 1000;

/** Builds the feeds service: remote TAXII collections a member pulls into the network and pushes to. */
export function createFeedsService(
  deps: Pick<NetworkDeps, 'db' | 'tx' | 'clock' | 'network'> & {
    secrets: SecretBox;
    client: TaxiiClient;
    newsroom: Newsroom;
  },
) {
  const { db, tx, clock, secrets, client, newsroom } = deps;
  const secretContext = (feedId: string) => `network_taxii_feeds.secret:${feedId}`;
  const remoteOf = (feed: FeedWithSecret): Remote => ({
    collectionUrl: feed.collectionUrl,
    username: feed.username,
    secret: secrets.openText(feed.sealedSecret, secretContext(feed.id)),
  });
  /** A feed as people see it: everything but its sealed secret. */
  const publicOf = (feed: FeedWithSecret): Feed => {
    const { sealedSecret, ...shown } = feed;
    return shown;
  };

  /** The caller's organisation's own feed in its network, or 404. */
  async function ownFeed(caller: Caller, feedId: string): Promise<Result<FeedWithSecret, Problem>> {
    const feed = await findFeed(db, feedId);
    return feed && feed.networkId === caller.scope.networkId && feed.orgId === caller.scope.orgId
      ? ok(feed)
      : fail('not_found', 'taxii_feed_not_found');
  }

  /**
   * Pulls what a feed's remote collection added since the last pull, a page at a time, each page stored in one
   * transaction with its cursor: a pull cut short resumes where it stopped. Objects the network's rules refuse
   * are left out and counted; an unreachable remote puts the next attempt off.
   */
  async function pull(
    feed: FeedWithSecret,
    actor: Actor,
    onPage?: (progress: PullProgress) => void,
  ): Promise<Result<PullProgress, Problem>> {
    const network = await deps.network(feed.networkId);
    if (!network) return fail('not_found', 'network_not_found');
    const remote = remoteOf(feed);
    const startedFrom = feed.addedAfter ?? undefined;
    let cursor = startedFrom;
    let next: string | undefined;
    let total: PullProgress = { pages: 0, received: 0, stored: 0, skipped: 0, refused: 0 };
    for (let page = 0; page < MAX_PAGES; page++) {
      // `next` belongs to the query that gave it; without one, the date added of the last object is the cursor.
      const got = await client.objects(remote, {
        addedAfter: next ? startedFrom : cursor,
        next,
        limit: PAGE,
      });
      if (!got.ok) {
        const message = `${got.error.status ?? 'no answer'}: ${got.error.message}`;
        await recordPullFailed(db, { id: feed.id, error: message, at: clock.now() });
        return fail('unavailable', 'taxii_remote_failed', { detail: message });
      }
      const { objects, more, addedLast } = got.value;
      const examined = examine(objects);
      let arrived: StoredId[] = [];
      const stored = await tx.run(actor, async (t, record) => {
        await lockNetworkObjects(t, feed.networkId);
        const checked = await receive(t, {
          networkId: feed.networkId,
          orgId: feed.orgId,
          members: network.members,
          level: { kind: 'feed', tlp: feed.tlp },
          examined,
          source: `taxii:${feed.collectionUrl}`.slice(0, 300),
          createdBy: null,
        });
        const inserted = await insertVersions(t, checked.versions, checked.stored);
        const now = clock.now();
        await recordPulled(t, {
          id: feed.id,
          addedAfter: addedLast ?? cursor ?? null,
          at: now,
          nextAt: new Date(now.getTime() + PULL_EVERY_MS),
        });
        const counts = {
          pages: 1,
          received: objects.length,
          stored: inserted.filter((s) => s !== undefined).length,
          skipped: checked.skipped.length + inserted.filter((s) => s === undefined).length,
          refused: checked.refused.length,
        };
        if (objects.length > 0)
          await record({
            action: 'network.taxii_pulled',
            orgId: feed.orgId,
            targetType: 'taxii_feed',
            targetId: feed.id,
            summary: {
              networkId: feed.networkId,
              ...counts,
              refusedIds: outcomeLines(checked.refused.slice(0, 20)),
            },
          });
        arrived = storedIds(checked.versions, inserted);
        return ok(counts);
      });
      if (!stored.ok) return stored;
      await newsroom.announceArrivals({ actor, network, orgId: feed.orgId, stored: arrived });
      total = {
        pages: total.pages + 1,
        received: total.received + stored.value.received,
        stored: total.stored + stored.value.stored,
        skipped: total.skipped + stored.value.skipped,
        refused: total.refused + stored.value.refused,
      };
      onPage?.(total);
      cursor = addedLast ?? cursor;
      next = got.value.next;
      if (!more || objects.length === 0) break;
    }
    return ok(total);
  }

  return {
    /** The caller's organisation's feeds in its network (never their secrets). */
    async list(caller: Caller): Promise<Feed[]> {
      return (await listFeeds(db, { networkId: caller.scope.networkId, orgId: caller.scope.orgId })).map(
        publicOf,
      );
    },

    /** Brings a remote collection into the network for the caller's organisation; its secret is sealed. */
    async create(q: { caller: Caller; fields: FeedFields }): Promise<Result<Feed, Problem>> {
      const { caller, fields } = q;
      if (!isAllowedCollectionUrl(fields.collectionUrl)) return fail('invalid', 'taxii_feed_url_invalid');
      const id = newId();
      const created = await tx.run(caller.actor, async (t, record) => {
        const added = await insertFeed(t, {
          id,
          networkId: caller.scope.networkId,
          orgId: caller.scope.orgId,
          title: fields.title,
          collectionUrl: fields.collectionUrl,
          username: fields.username,
          sealedSecret: secrets.seal(fields.secret, secretContext(id)),
          tlp: fields.tlp,
          pull: fields.pull,
          createdBy: caller.actor.userId ?? null,
        });
        if (!added) return fail('conflict', 'taxii_feed_exists');
        await record({
          action: 'network.taxii_feed_added',
          orgId: caller.scope.orgId,
          targetType: 'taxii_feed',
          targetId: id,
          summary: {
            networkId: caller.scope.networkId,
            title: fields.title,
            collectionUrl: fields.collectionUrl,
          },
        });
        return ok(undefined);
      });
      if (!created.ok) return created;
      const feed = await findFeed(db, id);
      return feed ? ok(publicOf(feed)) : fail('not_found', 'taxii_feed_not_found');
    },

    /** Stops using a feed; what it brought in stays in the network. */
    async remove(q: { caller: Caller; feedId: string }): Promise<Result<void, Problem>> {
      const feed = await ownFeed(q.caller, q.feedId);
      if (!feed.ok) return feed;
      return tx.run(q.caller.actor, async (t, record) => {
        await deleteFeed(t, feed.value.id);
        await record({
          action: 'network.taxii_feed_removed',
          orgId: q.caller.scope.orgId,
          targetType: 'taxii_feed',
          targetId: feed.value.id,
          summary: { networkId: q.caller.scope.networkId, title: feed.value.title },
        });
        return ok(undefined);
      });
    },

    /** Pulls one of the caller's organisation's feeds now. */
    async pullNow(q: { caller: Caller; feedId: string }): Promise<Result<PullProgress, Problem>> {
      const feed = await ownFeed(q.caller, q.feedId);
      if (!feed.ok) return feed;
      return pull(feed.value, q.caller.actor);
    },

    /** Pulls one feed by id, for the command line and the schedule. */
    async pullById(q: {
      feedId: string;
      actor: Actor;
      onPage?: (progress: PullProgress) => void;
    }): Promise<Result<PullProgress, Problem>> {
      const feed = await findFeed(db, q.feedId);
      if (!feed) return fail('not_found', 'taxii_feed_not_found');
      return pull(feed, q.actor, q.onPage);
    },

    /** Every feed of the deployment (never their secrets), for the command line. */
    async all(): Promise<Feed[]> {
      return (await allFeeds(db)).map(publicOf);
    },

    /** Pulls every feed due now (enabled, and past its next attempt), one after another. */
    async pullDue(actor: Actor): Promise<{ feed: Feed; outcome: Result<PullProgress, Problem> }[]> {
      const outcomes = [];
      for (const feed of await dueFeeds(db, clock.now(), 50))
        outcomes.push({ feed: publicOf(feed), outcome: await pull(feed, actor) });
      return outcomes;
    },

    /**
     * Pushes objects to a feed's remote collection: each must be one the caller's organisation may send out of
     * the deployment (tlp.ts `mayPush`), with the TLP 2.0 definitions it refers to.
     */
    async push(q: {
      caller: Caller;
      feedId: string;
      objectIds: readonly string[];
    }): Promise<Result<{ successCount: number; failureCount: number }, Problem>> {
      const { caller } = q;
      const feed = await ownFeed(caller, q.feedId);
      if (!feed.ok) return feed;
      const reader = readerOf(caller);
      const found = await findLatestMany(db, { reader, stixIds: q.objectIds });
      const missing = q.objectIds.filter((id) => !found.some((o) => o.stixId === id));
      if (missing.length > 0)
        return fail('not_found', 'taxii_object_not_found', { detail: missing.join(', ') });
      const held = found.filter((o) => !mayPush(reader, o.marking));
      if (held.length > 0)
        return fail('forbidden', 'taxii_push_not_allowed', {
          params: { tlp: (held[0]?.marking.tlp ?? '').toUpperCase() },
          detail: held.map((o) => o.stixId).join(', '),
        });
      const markings = TLP_MARKING_DEFINITIONS.filter((d) =>
        found.some((o) => JSON.stringify(o.body['object_marking_refs'] ?? []).includes(d.id)),
      );
      const sent = await client.add(remoteOf(feed.value), [...markings, ...found.map((o) => o.body)]);
      if (!sent.ok)
        return fail('unavailable', 'taxii_remote_failed', {
          detail: `${sent.error.status ?? 'no answer'}: ${sent.error.message}`,
        });
      return tx.run(caller.actor, async (_t, record) => {
        await record({
          action: 'network.taxii_pushed',
          orgId: caller.scope.orgId,
          targetType: 'taxii_feed',
          targetId: feed.value.id,
          summary: { networkId: caller.scope.networkId, ids: q.objectIds.slice(0, 50), ...sent.value },
        });
        return ok(sent.value);
      });
    },
  };
}

/** The feeds service's type. */
export type FeedsService = ReturnType<typeof createFeedsService>;
