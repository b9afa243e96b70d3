import type { Db, Tx } from '../../platform/db.js';
import type { BusEvent } from '../../platform/events.js';
import type { Announcer } from './announce.js';
import type { NetworkDeps, NetworkInfo } from './deps.js';
import type { Actor } from '../../platform/actor.js';
import { ok } from '../../platform/result.js';
import { incidentOf, type Incident } from './incident.js';
import { indicatorOf, type Indicator } from './indicator.js';
import {
  findLatest,
  findLatestMany,
  refreshStatisticsIfGrown,
  type StoredId,
  type StoredObject,
} from './objects.store.js';
import { findCorrelated } from './observables.store.js';
import { sightingOf } from './sighting.js';
import type { Reader } from './tlp.js';
import { warningsFor } from './warnings.js';
import type { WarningsService } from './warnings.service.js';

/** At most this many matches are announced for one indicator (MISP's correlation blow-up is the warning). */
const CORRELATION_CAP = 50;

/**
 * At most this many objects of one arrival (a TAXII envelope, a page pulled from a feed) are announced one by
 * one; the rest reach screens when they refresh and alert nobody. A CERT feed's first pull of thousands of
 * indicators must not become thousands of e-mails; its correlations are still announced, whatever the count.
 */
const ARRIVAL_ANNOUNCED = 25;

/** At most this many objects that arrived one after another are announced together (see `announceArrivals`). */
const ARRIVAL_BATCH = 1_000;

/** The news an incident makes: an alert when it is new, a refresh of screens when it changes. */
export function incidentNews(q: { incident: Incident; networkId: string; fresh: boolean; byOrgId: string }) {
  return {
    kind: 'incident' as const,
    networkId: q.networkId,
    objectId: q.incident.id,
    title: q.incident.title,
    severity: q.incident.severity,
    marking: q.incident.marking,
    fresh: q.fresh,
    byOrgId: q.byOrgId,
  };
}

/** The news a new indicator makes. */
export function indicatorNews(q: { indicator: Indicator; networkId: string; byOrgId: string }) {
  return {
    kind: 'indicator' as const,
    networkId: q.networkId,
    objectId: q.indicator.id,
    title: q.indicator.name,
    marking: q.indicator.marking,
    fresh: true,
    byOrgId: q.byOrgId,
  };
}

/** The news a sighting makes: titled by its indicator, so under both markings; its holder is always told. */
export function sightingNews(q: { sighting: StoredObject; indicator: StoredObject; byOrgId: string }) {
  const holder = q.indicator.marking.ownerOrgId;
  return {
    kind: 'sighting' as const,
    networkId: q.indicator.marking.networkId,
    objectId: q.indicator.stixId,
    title: indicatorOf(q.indicator).name,
    marking: q.sighting.marking,
    titleMarking: q.indicator.marking,
    fresh: true,
    byOrgId: q.byOrgId,
    concerns: holder ? [holder] : [],
  };
}

/** Builds correlation and the news of arrivals, over the announcer and the warning lists. */
export function createNewsroom(
  deps: Pick<NetworkDeps, 'tx' | 'warn'> & {
    announcer: Announcer;
    warnings: Pick<WarningsService, 'entriesOf'>;
  },
) {
  const { announcer, warnings, tx } = deps;
  /** Objects this process stored since the planner last counted them (decision 82). */
  let addedSinceCount = 0;

  /** Each indicator with the observables of it that are on no warning list: the only ones that correlate. */
  async function probesOf(networkId: string, indicators: readonly Indicator[]) {
    const entries = await warnings.entriesOf(networkId);
    return indicators.map((indicator) => {
      const warned = warningsFor(indicator.observables, entries);
      return {
        stixId: indicator.id,
        observables: indicator.observables.filter((o) => !warned.some((w) => w.observable === o)),
      };
    });
  }

  /** The indicators matching one that a reader may see, newest first (an indicator's page lists them). */
  async function correlatedWith(
    db: Db | Tx,
    q: { reader: Reader & { kind: 'member' }; indicator: Indicator },
  ): Promise<Indicator[]> {
    const matches = await findCorrelated(db, {
      networkId: q.reader.networkId,
      probes: await probesOf(q.reader.networkId, [q.indicator]),
      exclude: [q.indicator.id],
      limit: CORRELATION_CAP,
      reader: q.reader,
    });
    return (matches.get(q.indicator.id) ?? []).map(indicatorOf);
  }

  /**
   * Correlation: the news that indicators a member shared match indicators other members hold. Each side is
   * told only of what it may read: the sharer of a match it may see, the holder of the new indicator if it may
   * see it. Indicators shared together are not news to each other.
   */
  async function correlate(
    t: Tx,
    q: { sharer: string; network: NetworkInfo; indicators: readonly Indicator[] },
  ): Promise<BusEvent[]> {
    const { sharer, network } = q;
    if (q.indicators.length === 0) return [];
    const matches = await findCorrelated(t, {
      networkId: network.id,
      probes: await probesOf(network.id, q.indicators),
      exclude: q.indicators.map((i) => i.id),
      limit: CORRELATION_CAP,
    });
    const events: BusEvent[] = [];
    const news = (about: Indicator, told: string, by: string, objectId: string) =>
      announcer.prepare(t, {
        network,
        news: {
          kind: 'correlation',
          networkId: network.id,
          objectId,
          title: about.name,
          marking: about.marking,
          fresh: true,
          byOrgId: by,
          concerns: [told],
          restrictTo: [told],
        },
      });
    for (const indicator of q.indicators)
      for (const match of (matches.get(indicator.id) ?? []).map(indicatorOf)) {
        const holder = match.marking.ownerOrgId;
        if (!holder || holder === sharer) continue;
        events.push(...(await news(match, sharer, holder, indicator.id)));
        events.push(...(await news(indicator, holder, sharer, match.id)));
      }
    return events;
  }

  /**
   * The news of objects a member brought in from outside the screens (a TAXII POST, a feed's page, a MISP file):
   * each new incident and sighting is announced as if the member had
   * shared it on screen (up to ARRIVAL_ANNOUNCED of them); new indicators are announced once per marking, named
   * by the first few (a CERT's envelope of a hundred is one alert, not a hundred), and every one is correlated.
   */
  async function arrivals(
    t: Tx,
    q: { network: NetworkInfo; orgId: string; stored: readonly StoredId[] },
  ): Promise<BusEvent[]> {
    const { network, orgId } = q;
    const reader = { kind: 'member' as const, networkId: network.id, orgId };
    const first = new Set(q.stored.filter((s) => s.first).map((s) => s.stixId));
    const objects = await findLatestMany(t, {
      reader,
      stixIds: q.stored.map((s) => s.stixId).filter((id) => /^(incident|indicator|sighting)--/.test(id)),
    });
    const events: BusEvent[] = [];
    let announced = 0;
    const announce = async (news: Parameters<Announcer['prepare']>[1]['news']) => {
      if (news.fresh && announced++ >= ARRIVAL_ANNOUNCED) return;
      events.push(...(await announcer.prepare(t, { network, news })));
    };
    const indicators: Indicator[] = [];
    for (const object of objects) {
      const fresh = first.has(object.stixId);
      if (object.type === 'incident')
        await announce(
          incidentNews({ incident: incidentOf(object), networkId: network.id, fresh, byOrgId: orgId }),
        );
      else if (object.type === 'indicator' && fresh) indicators.push(indicatorOf(object));
      else if (object.type === 'sighting' && fresh) {
        const indicator = await findLatest(t, { reader, stixId: sightingOf(object).indicatorId });
        if (indicator?.type === 'indicator')
          await announce(sightingNews({ sighting: object, indicator, byOrgId: orgId }));
      }
    }
    const byMarking = new Map<string, Indicator[]>();
    for (const indicator of indicators) {
      const key = JSON.stringify(indicator.marking);
      byMarking.set(key, [...(byMarking.get(key) ?? []), indicator]);
    }
    for (const group of byMarking.values()) {
      const [head] = group;
      if (!head) continue;
      const named = group.slice(0, 3).map((i) => i.name);
      const title =
        group.length > named.length
          ? `${named.join(', ')} (+${group.length - named.length})`
          : named.join(', ');
      await announce({ ...indicatorNews({ indicator: head, networkId: network.id, byOrgId: orgId }), title });
    }
    events.push(...(await correlate(t, { sharer: orgId, network, indicators })));
    return events;
  }

  type ArrivalsQuery = { actor: Actor; network: NetworkInfo; orgId: string; stored: readonly StoredId[] };

  async function announceNow(q: ArrivalsQuery): Promise<void> {
    try {
      const events = await tx.run(q.actor, async (t) => {
        const news = await arrivals(t, q);
        // Not news, but the one place every way in passes after storing (decision 82).
        addedSinceCount += q.stored.length;
        if (await refreshStatisticsIfGrown(t, addedSinceCount)) addedSinceCount = 0;
        return ok(news);
      });
      if (events.ok) announcer.publish(events.value);
    } catch (error) {
      deps.warn('could not announce objects that arrived in a network', error);
    }
  }

  /** Per network, the announcing under way (one at a time), and the arrivals of each member waiting for it. */
  const turns = new Map<string, Promise<void>>();
  const waiting = new Map<string, { stored: StoredId[]; done: Promise<void> }>();

  return {
    correlatedWith,
    correlate,

    /**
     * Announces objects that arrived, once the transaction that stored them has committed, in a transaction of
     * its own: writers of a network take turns (`lockNetworkObjects`), and correlating and announcing a TAXII
     * envelope of a hundred indicators would hold that turn three times as long as storing it. Announcing takes
     * turns too, per network: what a member brings in while the network's previous arrivals are being announced
     * waits, and is announced with whatever else that member brought meanwhile (up to ARRIVAL_BATCH objects) —
     * a CERT posting envelopes back to back gets one correlation pass and one alert per few envelopes, not one
     * per envelope. Answers once these objects are announced. What is stored stays stored if announcing fails;
     * the failure is logged.
     */
    announceArrivals(q: ArrivalsQuery): Promise<void> {
      if (q.stored.length === 0) return Promise.resolve();
      const key = `${q.network.id} ${q.orgId}`;
      const batch = waiting.get(key);
      if (batch && batch.stored.length + q.stored.length <= ARRIVAL_BATCH) {
        batch.stored.push(...q.stored);
        return batch.done;
      }
      const stored = [...q.stored];
      const previous = turns.get(q.network.id) ?? Promise.resolve();
      const done: Promise<void> = previous.then(() => {
        if (waiting.get(key)?.done === done) waiting.delete(key);
        return announceNow({ ...q, stored });
      });
      waiting.set(key, { stored, done });
      turns.set(q.network.id, done);
      void done.then(() => {
        if (turns.get(q.network.id) === done) turns.delete(q.network.id);
      });
      return done;
    },
  };
}

/** The newsroom's type. */
export type Newsroom = ReturnType<typeof createNewsroom>;
