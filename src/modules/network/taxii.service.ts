import { z } from 'zod';
import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { SecretBox } from '../../platform/secrets.js';
import { roleAllows } from '../identity/index.js';
import { readerOf, type Caller, type NetworkDeps } from './deps.js';
import type { Tlp } from './model.js';
import { insertVersions, lockNetworkObjects, storedIds, type StoredId } from './objects.store.js';
import { indexObservables } from './observables.store.js';
import type { Newsroom } from './news.js';
import { examine, observablesOf, receive, versionOf, outcomeLines } from './receive.js';
import {
  collectionsOf,
  levelOfCollection,
  MAX_CONTENT_LENGTH,
  parseTaxiiQuery,
  STIX_MEDIA_TYPE,
  TAXII_MEDIA_TYPE,
  type TaxiiQuery,
} from './taxii.model.js';
import {
  Cursor,
  deleteVersions,
  findStatus,
  insertStatus,
  readCollection,
  versionsInCollection,
  type CollectionRow,
  type StatusDetail,
  type TaxiiStatus,
} from './taxii.store.js';

/** The envelope a client POSTs (§3.7): its objects are checked one by one. */
const Envelope = z.looseObject({ objects: z.array(z.unknown()).max(10_000) });

/** A collection resource (§5.2.1). */
export interface TaxiiCollection {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly can_read: boolean;
  readonly can_write: boolean;
  readonly media_types: readonly string[];
}

/** One page of a collection as the endpoints answer it. */
export interface TaxiiPage {
  readonly rows: readonly CollectionRow[];
  readonly more: boolean;
  readonly next: string | undefined;
}

/**
 * The TAXII 2.1 server's work, behind the routes in taxii.api.ts: collections per TLP level, pages bound to their
 * query and caller, ingest of envelopes (validated, TLP-checked, stored in one transaction) and deletion.
 */
export function createTaxiiService(
  deps: Pick<NetworkDeps, 'db' | 'tx' | 'clock' | 'network'> & {
    secrets: SecretBox;
    newsroom: Newsroom;
  },
) {
  const { db, tx, clock, secrets, newsroom } = deps;

  /** The TLP level a collection id stands for in the caller's network, or 404. */
  function levelOf(caller: Caller, collectionId: string): Result<Tlp, Problem> {
    const tlp = levelOfCollection(caller.scope.networkId, collectionId);
    return tlp ? ok(tlp) : fail('not_found', 'taxii_collection_not_found');
  }

  /**
   * The `next` of a page: the cursor after its last row, sealed with the caller, the endpoint and the filters as
   * context, so a token replayed by another user or with another query does not open.
   */
  function contextOf(caller: Caller, endpoint: string, filter: unknown): string {
    return `taxii-next ${caller.actor.userId ?? ''} ${caller.scope.orgId} ${endpoint} ${JSON.stringify(filter)}`;
  }

  async function page(q: {
    caller: Caller;
    collectionId: string;
    endpoint: 'objects' | 'manifest' | 'object' | 'versions';
    stixId?: string | undefined;
    query: TaxiiQuery;
  }): Promise<Result<TaxiiPage, Problem>> {
    const tlp = levelOf(q.caller, q.collectionId);
    if (!tlp.ok) return tlp;
    const parsed = parseTaxiiQuery(q.query);
    if (!parsed.ok) return parsed;
    const { filter, limit, next } = parsed.value;
    const context = contextOf(
      q.caller,
      `${q.caller.scope.networkId}/${tlp.value}/${q.endpoint}/${q.stixId ?? ''}`,
      filter,
    );
    let after: Cursor | undefined;
    if (next !== undefined) {
      try {
        after = Cursor.parse(JSON.parse(secrets.openText(next, context)));
      } catch {
        return fail('invalid', 'taxii_next_invalid');
      }
    }
    const read = await readCollection(db, {
      reader: readerOf(q.caller),
      tlp: tlp.value,
      filter: q.endpoint === 'versions' ? { ...filter, versions: { ...filter.versions, all: true } } : filter,
      stixId: q.stixId,
      after,
      limit,
      bodies: q.endpoint === 'objects' || q.endpoint === 'object',
    });
    if (q.stixId !== undefined && read.rows.length === 0 && after === undefined) {
      // An object the caller may not see in this collection is, to the caller, not there (§5.6: 404).
      const any = await readCollection(db, {
        reader: readerOf(q.caller),
        tlp: tlp.value,
        filter: {
          ...filter,
          addedAfter: undefined,
          versions: { all: true, first: false, last: false, exact: [] },
        },
        stixId: q.stixId,
        after: undefined,
        limit: 1,
        bodies: false,
      });
      if (any.rows.length === 0) return fail('not_found', 'taxii_object_not_found');
    }
    const last = read.rows.at(-1);
    return ok({
      rows: read.rows,
      more: read.more,
      next:
        read.more && last
          ? secrets.seal(JSON.stringify({ addedAt: last.addedAt, seq: last.seq } satisfies Cursor), context)
          : undefined,
    });
  }

  return {
    /** The collections of the caller's network, one per TLP level, with whether the caller may add to them. */
    collections(q: {
      caller: Caller;
      titles: (tlp: Tlp) => { title: string; description: string };
    }): TaxiiCollection[] {
      const canWrite = roleAllows(q.caller.scope.role, 'network', 'write');
      return collectionsOf(q.caller.scope.networkId).map(({ id, tlp }) => ({
        id,
        ...q.titles(tlp),
        can_read: true,
        can_write: canWrite,
        media_types: [STIX_MEDIA_TYPE],
      }));
    },

    /** One collection by id. */
    collection(q: {
      caller: Caller;
      collectionId: string;
      titles: (tlp: Tlp) => { title: string; description: string };
    }): Result<TaxiiCollection, Problem> {
      const tlp = levelOf(q.caller, q.collectionId);
      if (!tlp.ok) return tlp;
      const found = this.collections(q).find((c) => c.id === q.collectionId.toLowerCase());
      return found ? ok(found) : fail('not_found', 'taxii_collection_not_found');
    },

    page,

    /**
     * Adds the objects of an envelope to a collection (§5.5). Every object is checked first (the STIX rules, its
     * marking against the collection's level, its author and owner); if any is refused, nothing is stored and
     * the answer is 422 naming each. Otherwise all are stored in one transaction, with one audit entry, and the
     * status says which were new and which were stored already.
     */
    async add(q: {
      caller: Caller;
      collectionId: string;
      envelope: unknown;
    }): Promise<Result<TaxiiStatus, Problem>> {
      const { caller } = q;
      const { networkId, orgId } = caller.scope;
      const tlp = levelOf(caller, q.collectionId);
      if (!tlp.ok) return tlp;
      const envelope = Envelope.safeParse(q.envelope);
      if (!envelope.success) return fail('invalid', 'taxii_envelope_invalid');
      const network = await deps.network(networkId);
      if (!network) return fail('not_found', 'network_not_found');
      const examined = examine(envelope.data.objects);
      const requestTimestamp = clock.now().toISOString();
      let arrived: StoredId[] = [];
      const added = await tx.run(caller.actor, async (t, record) => {
        await lockNetworkObjects(t, networkId);
        const checked = await receive(t, {
          networkId,
          orgId,
          members: network.members,
          level: { kind: 'collection', tlp: tlp.value },
          examined,
          source: 'taxii',
          createdBy: caller.actor.userId ?? null,
        });
        if (checked.refused.length > 0)
          return fail('unprocessable', 'taxii_objects_refused', {
            params: { count: checked.refused.length },
            detail: outcomeLines(checked.refused).join('\n'),
          });
        const stored = await insertVersions(t, checked.versions, checked.stored);
        const successes: StatusDetail[] = [
          ...checked.versions.map((v, i) => ({
            id: v.body.id,
            version: versionOf(v.body) || requestTimestamp,
            ...(stored[i] === undefined && { message: 'already stored' }),
          })),
          ...checked.skipped,
        ];
        const status: TaxiiStatus = {
          id: newId(),
          networkId,
          orgId,
          requestTimestamp,
          successes,
          failures: [],
        };
        await insertStatus(t, status);
        await record({
          action: 'network.taxii_objects_added',
          orgId,
          targetType: 'taxii_status',
          targetId: status.id,
          summary: {
            networkId,
            tlp: tlp.value,
            added: stored.filter((s) => s !== undefined).length,
            alreadyStored: stored.filter((s) => s === undefined).length,
            ids: checked.versions.slice(0, 20).map((v) => v.body.id),
          },
        });
        arrived = storedIds(checked.versions, stored);
        return ok(status);
      });
      if (added.ok) await newsroom.announceArrivals({ actor: caller.actor, network, orgId, stored: arrived });
      return added;
    },

    /**
     * Deletes an object's versions from a collection (§5.7; every version unless `match[version]` names some):
     * only the organisation that shared it may.
     */
    async remove(q: {
      caller: Caller;
      collectionId: string;
      stixId: string;
      query: TaxiiQuery;
    }): Promise<Result<{ deleted: number }, Problem>> {
      const { caller } = q;
      const tlp = levelOf(caller, q.collectionId);
      if (!tlp.ok) return tlp;
      const parsed = parseTaxiiQuery({ 'match[version]': q.query['match[version]'] ?? 'all' });
      if (!parsed.ok) return parsed;
      const { versions } = parsed.value.filter;
      if (versions.first || versions.last)
        return fail('invalid', 'taxii_parameter_malformed', { params: { parameter: 'match[version]' } });
      return tx.run(caller.actor, async (t, record) => {
        await lockNetworkObjects(t, caller.scope.networkId);
        const found = await versionsInCollection(t, {
          reader: readerOf(caller),
          tlp: tlp.value,
          stixId: q.stixId,
          exact: versions.all ? undefined : versions.exact,
        });
        if (found.length === 0) return fail('not_found', 'taxii_object_not_found');
        if (found.some((v) => v.ownerOrgId !== caller.scope.orgId))
          return fail('forbidden', 'network_not_owner');
        const outcome = await deleteVersions(t, {
          networkId: caller.scope.networkId,
          stixId: q.stixId,
          seqs: found.map((v) => v.seq),
        });
        if (outcome.promoted)
          await indexObservables(t, caller.scope.networkId, [
            { seq: outcome.promoted.seq, observables: observablesOf(outcome.promoted.body) },
          ]);
        await record({
          action: 'network.taxii_object_deleted',
          orgId: caller.scope.orgId,
          targetType: 'stix_object',
          targetId: q.stixId,
          summary: {
            networkId: caller.scope.networkId,
            tlp: tlp.value,
            versions: found.length,
            remaining: outcome.remaining,
          },
        });
        return ok({ deleted: found.length });
      });
    },

    /** The status of a POST, for the organisation that sent it (§4.3). */
    async status(q: { caller: Caller; statusId: string }): Promise<Result<TaxiiStatus, Problem>> {
      const found = await findStatus(db, {
        networkId: q.caller.scope.networkId,
        orgId: q.caller.scope.orgId,
        id: q.statusId,
      });
      return found ? ok(found) : fail('not_found', 'taxii_status_not_found');
    },

    /** The API root's own description (§4.2.1). */
    apiRoot(q: { title: string; description: string }) {
      return {
        title: q.title,
        description: q.description,
        versions: [TAXII_MEDIA_TYPE],
        max_content_length: MAX_CONTENT_LENGTH,
      };
    },
  };
}
