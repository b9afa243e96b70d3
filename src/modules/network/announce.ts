import type { Tx } from '../../platform/db.js';
import type { BusEvent } from '../../platform/events.js';
import { eventOf, hearersOf, mailOf, type News, type NewsKind } from './alerts.js';
import { alertSettingsOf, electionDayOf } from './alerts.store.js';
import type { NetworkDeps, NetworkInfo } from './deps.js';

/** The screen each kind of news opens on. */
const COLLECTION: Readonly<Record<NewsKind, string>> = {
  incident: 'incidents',
  comment: 'incidents',
  indicator: 'indicators',
  sighting: 'indicators',
  correlation: 'indicators',
  advisory: 'advisories',
  playbook: 'playbooks',
};

/** Where a member opens what news is about, in the web app. */
function linkOf(publicUrl: string, news: News): string {
  const collection = COLLECTION[news.kind];
  return `${publicUrl}/n/${news.networkId}/${collection}/${encodeURIComponent(news.objectId)}`;
}

/**
 * Tells a network's members of news, under its TLP marking. `prepare` runs inside the sharing transaction: it
 * decides who hears (hearersOf), queues the e-mails there (so they go out only if the share commits) and returns
 * the live events, which `publish` sends once it has.
 */
export function createAnnouncer(deps: Pick<NetworkDeps, 'mailer' | 'notify' | 'publicUrl' | 'responders'>) {
  return {
    async prepare(t: Tx, q: { news: Omit<News, 'networkName'>; network: NetworkInfo }): Promise<BusEvent[]> {
      const news: News = { ...q.news, networkName: q.network.name };
      const settings = await alertSettingsOf(t, news.networkId);
      const electionDay = (await electionDayOf(t, news.networkId)) !== undefined;
      const hearers = hearersOf(news, q.network.members, settings, electionDay);
      const link = linkOf(deps.publicUrl, news);
      const mailed = hearers.filter((h) => h.email).map((h) => h.orgId);
      const responders = await deps.responders(mailed);
      await deps.mailer.queue(
        t,
        mailed.flatMap((orgId) => (responders.get(orgId) ?? []).map((to) => mailOf({ news, to, link }))),
      );
      return hearers.map((h) => eventOf(news, h));
    },

    /** Sends live events and any mail queued, after the transaction that prepared them committed. */
    publish(events: readonly BusEvent[]): void {
      for (const event of events) deps.notify(event);
      // Delivery failures stay on the outbox row (its error), where the operator sees them.
      if (events.length > 0) void deps.mailer.deliverPending().catch(() => undefined);
    },
  };
}

/** The announcer's type. */
export type Announcer = ReturnType<typeof createAnnouncer>;
