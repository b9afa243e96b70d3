import type { BusEvent } from '../../platform/events.js';
import { translate, type MessageKey, type SupportedLocale } from '../../platform/i18n/index.js';
import type { OutgoingMail } from '../../platform/mail.js';
import type { Member } from './deps.js';
import { atLeast, TLP_LEVELS, type Severity, type Tlp } from './model.js';
import { emailCarries, mayRead, type Marking } from './tlp.js';

/** What a member organisation wants to be alerted about in one network. */
export interface AlertSettings {
  readonly minSeverity: Severity;
  readonly indicators: boolean;
  readonly email: boolean;
}

/** The settings of an organisation that chose none. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { minSeverity: 'medium', indicators: true, email: true };

/** The kinds of news a network announces. */
export type NewsKind =
  'incident' | 'indicator' | 'sighting' | 'correlation' | 'comment' | 'advisory' | 'playbook';

/** Something shared in a network, as its announcement describes it. */
export interface News {
  readonly kind: NewsKind;
  readonly networkId: string;
  readonly networkName: string;
  /** The object to open (for a sighting or a correlation: the indicator). */
  readonly objectId: string;
  readonly title: string;
  readonly severity?: Severity | undefined;
  readonly marking: Marking;
  /** The marking of what the title comes from, when it is another object (a sighting names its indicator). */
  readonly titleMarking?: Marking | undefined;
  /** False for a change to something already shared: screens refresh, nobody is alerted. */
  readonly fresh: boolean;
  /** The organisation whose act this is: it is not told of its own. */
  readonly byOrgId: string;
  /** Organisations alerted whatever their settings (the holder of a correlated or sighted indicator). */
  readonly concerns?: readonly string[] | undefined;
  /** When set, only these organisations hear of it (a correlation is news to its two sides alone). */
  readonly restrictTo?: readonly string[] | undefined;
}

/** One organisation told of news: on its screens always, as an alert at its threshold, by e-mail if it asks. */
export interface Hearer {
  readonly orgId: string;
  readonly alert: boolean;
  readonly email: boolean;
}

/**
 * Who hears of news: every member organisation that may read the object under its marking, but the one whose
 * act it is. The TLP policy decides; settings only decide how loudly — and in election-day mode every new
 * incident alerts, whatever severity a member chose to be alerted from.
 */
export function hearersOf(
  news: News,
  members: readonly Member[],
  settings: ReadonlyMap<string, AlertSettings>,
  electionDay = false,
): Hearer[] {
  return members
    .filter((m) => m.orgId !== news.byOrgId && (news.restrictTo?.includes(m.orgId) ?? true))
    .filter((m) =>
      markingsOf(news).every((marking) =>
        mayRead({ kind: 'member', networkId: news.networkId, orgId: m.orgId }, marking),
      ),
    )
    .map((m) => {
      const s = settings.get(m.orgId) ?? DEFAULT_ALERT_SETTINGS;
      const alert =
        news.fresh &&
        ((news.concerns?.includes(m.orgId) ?? false) ||
          (news.kind === 'incident' && (electionDay || atLeast(news.severity ?? 'low', s.minSeverity))) ||
          (news.kind === 'indicator' && s.indicators) ||
          news.kind === 'advisory');
      return { orgId: m.orgId, alert, email: alert && s.email };
    });
}

/** The markings news is under: its own, and that of what its title comes from. */
function markingsOf(news: News): Marking[] {
  return news.titleMarking ? [news.marking, news.titleMarking] : [news.marking];
}

/** The most restrictive of some markings' levels (TLP_LEVELS runs from CLEAR to RED). */
function strictest(markings: readonly Marking[]): Tlp {
  return markings.map((m) => m.tlp).reduce((a, b) => (TLP_LEVELS.indexOf(b) > TLP_LEVELS.indexOf(a) ? b : a));
}

/** The live event an organisation's open screens receive (ids and a title: screens fetch the rest). */
export function eventOf(news: News, hearer: Hearer): BusEvent {
  return {
    type: 'network.shared',
    orgId: hearer.orgId,
    userId: null,
    data: {
      networkId: news.networkId,
      kind: news.kind,
      objectId: news.objectId,
      title: news.title.slice(0, 300),
      severity: news.severity ?? null,
      tlp: news.marking.tlp,
      alert: hearer.alert,
    },
  };
}

const SUBJECT: Readonly<Record<NewsKind, MessageKey>> = {
  incident: 'mail.network_news.subject_incident',
  indicator: 'mail.network_news.subject_indicator',
  sighting: 'mail.network_news.subject_sighting',
  correlation: 'mail.network_news.subject_correlation',
  comment: 'mail.network_news.subject_comment',
  advisory: 'mail.network_news.subject_advisory',
  playbook: 'mail.network_news.subject_playbook',
};

/**
 * The e-mail one person receives. CLEAR and GREEN news is quoted; AMBER, AMBER+STRICT and RED news (or news
 * titled from such an object) only says that something was shared, with a link to sign in (`emailCarries`).
 */
export function mailOf(q: {
  news: News;
  to: { email: string; locale: SupportedLocale };
  link: string;
}): OutgoingMail {
  const { news, to, link } = q;
  const params = {
    network: news.networkName,
    title: news.title,
    tlp: `TLP:${strictest(markingsOf(news)).toUpperCase()}`,
    link,
  };
  if (markingsOf(news).every((marking) => emailCarries(marking.tlp) === 'content'))
    return {
      to: to.email,
      subject: translate(to.locale, SUBJECT[news.kind], params),
      text: translate(to.locale, 'mail.network_news.body_content', params),
    };
  return {
    to: to.email,
    subject: translate(to.locale, 'mail.network_news.subject_notice', params),
    text: translate(to.locale, 'mail.network_news.body_notice', params),
  };
}
