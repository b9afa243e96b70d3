import type { Db, Tx } from '../../platform/db.js';
import type { BusEvent } from '../../platform/events.js';
import type { Announcer } from './announce.js';
import type { NetworkInfo } from './deps.js';
import { incidentOf, type Incident } from './incident.js';
import { indicatorOf, type Indicator } from './indicator.js';
import { findCorrelated, findLatest, findLatestMany, type StoredObject } from './objects.store.js';
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
export const ARRIVAL_ANNOUNCED = 25;

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
export function createNewsroom(deps: { announcer: Announcer; warnings: Pick<WarningsService, 'entriesOf'> }) {
  const { announcer, warnings } = deps;

  /** The observables of an indicator that are on no warning list: the only ones that correlate. */
  async function correlating(networkId: string, indicator: Indicator) {
    const warned = warningsFor(indicator.observables, await warnings.entriesOf(networkId));
    return indicator.observables.filter((o) => !warned.some((w) => w.observable === o));
  }

  /** The indicators matching one that a reader may see, newest first (an indicator's page lists them). */
  async function correlatedWith(
    db: Db | Tx,
    q: { reader: Reader & { kind: 'member' }; indicator: Indicator },
  ): Promise<Indicator[]> {
    const matches = await findCorrelated(db, {
      networkId: q.reader.networkId,
      stixId: q.indicator.id,
      observables: await correlating(q.reader.networkId, q.indicator),
      limit: CORRELATION_CAP,
      reader: q.reader,
    });
    return matches.map(indicatorOf);
  }

  /**
   * Correlation: the news that a shared indicator matches indicators other members hold. Each side is told
   * only of what it may read: the sharer of a match it may see, the holder of the new indicator if it may see it.
   */
  async function correlate(
    t: Tx,
    q: { sharer: string; network: NetworkInfo; indicator: Indicator },
  ): Promise<BusEvent[]> {
    const { sharer, network, indicator } = q;
    const matches = await findCorrelated(t, {
      networkId: network.id,
      stixId: indicator.id,
      observables: await correlating(network.id, indicator),
      limit: CORRELATION_CAP,
    });
    const events: BusEvent[] = [];
    for (const match of matches.map(indicatorOf)) {
      const holder = match.marking.ownerOrgId;
      if (!holder || holder === sharer) continue;
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
      events.push(...(await news(match, sharer, holder, indicator.id)));
      events.push(...(await news(indicator, holder, sharer, match.id)));
    }
    return events;
  }

  /**
   * The news of objects a member brought in from outside the screens (a TAXII POST, a feed's page), inside the
   * transaction that stored them: each new latest incident, indicator and sighting is announced as if the member
   * had shared it on screen (up to ARRIVAL_ANNOUNCED of them), and every new indicator is correlated.
   */
  async function arrivals(
    t: Tx,
    q: { network: NetworkInfo; orgId: string; stored: readonly { stixId: string; first: boolean }[] },
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
    for (const object of objects) {
      const fresh = first.has(object.stixId);
      if (object.type === 'incident')
        await announce(
          incidentNews({ incident: incidentOf(object), networkId: network.id, fresh, byOrgId: orgId }),
        );
      else if (object.type === 'indicator' && fresh) {
        const indicator = indicatorOf(object);
        await announce(indicatorNews({ indicator, networkId: network.id, byOrgId: orgId }));
        events.push(...(await correlate(t, { sharer: orgId, network, indicator })));
      } else if (object.type === 'sighting' && fresh) {
        const indicator = await findLatest(t, { reader, stixId: sightingOf(object).indicatorId });
        if (indicator?.type === 'indicator')
          await announce(sightingNews({ sighting: object, indicator, byOrgId: orgId }));
      }
    }
    return events;
  }

  return { correlatedWith, correlate, arrivals };
}

/** The newsroom's type. */
export type Newsroom = ReturnType<typeof createNewsroom>;
