import { fail, type Problem } from '../../platform/errors.js';
import type { BusEvent } from '../../platform/events.js';
import { ok, type Result } from '../../platform/result.js';
import type { Tx } from '../../platform/db.js';
import type { News } from './alerts.js';
import type { Announcer } from './announce.js';
import { readerOf, type Caller, type NetworkDeps, type NetworkInfo } from './deps.js';
import { findLatest, insertVersion, type NewVersion, type StoredObject } from './objects.store.js';

/**
 * Stores one version a member made (shared here: provenance 'local', made by the caller), audits it and
 * prepares its news in the same transaction, then publishes the news once it has committed. Answers the
 * version as the caller reads it back; a version already stored is a conflict.
 */
export async function shareVersion<T>(
  deps: Pick<NetworkDeps, 'tx'> & { announcer: Announcer },
  q: {
    caller: Caller;
    network: NetworkInfo;
    version: Omit<NewVersion, 'createdBy' | 'source'>;
    audit: { action: string; targetType: string; targetId: string; summary: Record<string, unknown> };
    news: (stored: StoredObject) => Omit<News, 'networkName'> | undefined;
    read: (stored: StoredObject) => T;
    /** Anything else the version needs written with it (a file's record). */
    also?: ((t: Tx) => Promise<void>) | undefined;
    notFound: string;
  },
): Promise<Result<T, Problem>> {
  const { caller, network } = q;
  let events: BusEvent[] = [];
  const saved = await deps.tx.run(caller.actor, async (t, record) => {
    await q.also?.(t);
    const stored = await insertVersion(t, { ...q.version, createdBy: caller.actor.userId, source: 'local' });
    if (!stored) return fail('conflict', 'network_version_exists');
    await record({
      ...q.audit,
      orgId: caller.scope.orgId,
      summary: { networkId: caller.scope.networkId, tlp: q.version.marking.tlp, ...q.audit.summary },
    });
    const read = await findLatest(t, { reader: readerOf(caller), stixId: q.version.body.id });
    if (!read) return fail('not_found', q.notFound);
    const news = q.news(read);
    if (news) events = await deps.announcer.prepare(t, { network, news });
    return ok(q.read(read));
  });
  if (saved.ok) deps.announcer.publish(events);
  return saved;
}
