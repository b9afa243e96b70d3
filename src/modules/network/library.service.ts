import { fail, type Problem } from '../../platform/errors.js';
import { parseLocale } from '../../platform/i18n/index.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import { advisoryOf, advisoryToStix, type Advisory, type AdvisoryFields } from './advisory.js';
import type { Announcer } from './announce.js';
import { markingFor, type AudienceFields } from './audience.js';
import { readerOf, type Caller, type NetworkDeps, type NetworkInfo } from './deps.js';
import { incidentOf } from './incident.js';
import { indicatorOf } from './indicator.js';
import {
  findLatest,
  findLatestMany,
  listLatest,
  listReferring,
  listVersions,
  searchLatest,
  type StoredObject,
} from './objects.store.js';
import {
  feedbackOf,
  feedbackToStix,
  playbookOf,
  playbookText,
  playbookToStix,
  type Feedback,
  type FeedbackFields,
  type Playbook,
  type PlaybookFields,
} from './playbook.js';
import { shareVersion } from './share.js';
import { stixTimestamp } from './stix.js';
import { followingMarking, mayRead, type Marking } from './tlp.js';

/** What each searchable STIX type is called in search results. */
const SEARCHED = {
  incident: 'incident',
  indicator: 'indicator',
  report: 'advisory',
  'course-of-action': 'playbook',
} as const;

/** One search result: what it is, its title and the start of its text. */
export interface Found {
  readonly kind: (typeof SEARCHED)[keyof typeof SEARCHED];
  readonly id: string;
  readonly title: string;
  readonly excerpt: string;
  readonly tlp: Marking['tlp'];
  readonly modified: string;
}

/** A search result's title and excerpt, in the reader's language when the object is written in it. */
function found(stored: StoredObject, lang: string): Found {
  const kind = SEARCHED[stored.type as keyof typeof SEARCHED];
  const [title, text] =
    kind === 'incident'
      ? ((i) => [i.title, i.description])(incidentOf(stored))
      : kind === 'indicator'
        ? ((i) => [i.name, i.description || i.pattern])(indicatorOf(stored))
        : kind === 'advisory'
          ? ((a) => [a.title, a.content])(advisoryOf(stored))
          : ((p) => {
              const ours = parseLocale(lang);
              const text = ours && ours !== p.lang ? p.translations[ours] : undefined;
              return [text?.title ?? p.title, text?.content ?? p.content];
            })(playbookOf(stored));
  return {
    kind,
    id: stored.stixId,
    title,
    // Markdown's marks (headings, emphasis, quotes, code) read as noise in a one-line excerpt.
    excerpt: text
      .replace(/[#*_`>]+/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 240),
    tlp: stored.marking.tlp,
    modified: typeof stored.body.modified === 'string' ? stored.body.modified : stored.addedAt.toISOString(),
  };
}

/**
 * Builds the library: advisories coordinators write to the network, playbooks and strategies members write
 * and version, members' feedback on them ("this worked for us"), and search across everything shared.
 */
export function createLibraryService(
  deps: Pick<NetworkDeps, 'db' | 'tx' | 'clock' | 'network'> & { announcer: Announcer },
) {
  const { db, clock } = deps;

  async function networkOf(caller: Caller): Promise<Result<NetworkInfo, Problem>> {
    const network = await deps.network(caller.scope.networkId);
    return network ? ok(network) : fail('not_found', 'network_not_found');
  }

  /** The caller's network and the marking its choice of audience makes there. */
  async function sharing(caller: Caller, audience: AudienceFields) {
    const found = await networkOf(caller);
    if (!found.ok) return found;
    const network = found.value;
    const marking = markingFor({
      networkId: network.id,
      ownerOrgId: caller.scope.orgId,
      memberOrgIds: network.members.map((m) => m.orgId),
      audience,
    });
    return marking.ok ? ok({ network, marking: marking.value }) : marking;
  }

  /** The latest version of an object of `type` the caller may read, and that its organisation owns. */
  async function own(caller: Caller, stixId: string, type: string, notFound: string) {
    const current = await findLatest(db, { reader: readerOf(caller), stixId });
    if (current?.type !== type) return fail('not_found', notFound);
    if (current.marking.ownerOrgId !== caller.scope.orgId) return fail('forbidden', 'network_not_owner');
    return ok(current);
  }

  async function saveAdvisory(q: {
    caller: Caller;
    id: string;
    previous: Advisory | undefined;
    fields: AdvisoryFields & AudienceFields;
  }): Promise<Result<Advisory, Problem>> {
    const { caller, fields } = q;
    const shared = await sharing(caller, fields);
    if (!shared.ok) return shared;
    const { network, marking } = shared.value;
    // An advisory points only at what everyone it is for may read: it must not reveal, even by id, an
    // incident or indicator kept from some of its readers.
    const related = await findLatestMany(db, { reader: readerOf(caller), stixIds: fields.relatedIds });
    for (const id of fields.relatedIds) {
      const object = related.find((r) => r.stixId === id);
      const wider = network.members.some((m) => {
        const reader = { kind: 'member', networkId: network.id, orgId: m.orgId } as const;
        return mayRead(reader, marking) && !(object && mayRead(reader, object.marking));
      });
      if (!object || wider) return fail('invalid', 'advisory_related_hidden', { detail: id });
    }
    const modified = stixTimestamp(clock.now(), q.previous?.modified);
    return shareVersion(deps, {
      caller,
      network,
      version: {
        marking: marking,
        body: advisoryToStix({
          id: q.id,
          created: q.previous?.created ?? modified,
          modified,
          orgId: caller.scope.orgId,
          marking: marking,
          fields,
        }),
        text: `${fields.title}\n${fields.content}`,
        lang: fields.lang,
        observables: [],
      },
      audit: {
        action: q.previous ? 'network.advisory_updated' : 'network.advisory_published',
        targetType: 'advisory',
        targetId: q.id,
        summary: {},
      },
      news: (stored) => ({
        kind: 'advisory',
        networkId: network.id,
        objectId: stored.stixId,
        title: fields.title,
        marking: stored.marking,
        fresh: q.previous === undefined,
        byOrgId: caller.scope.orgId,
      }),
      read: advisoryOf,
      notFound: 'advisory_not_found',
    });
  }

  async function savePlaybook(q: {
    caller: Caller;
    id: string;
    previous: Playbook | undefined;
    fields: PlaybookFields & AudienceFields;
  }): Promise<Result<Playbook, Problem>> {
    const { caller, fields } = q;
    const shared = await sharing(caller, fields);
    if (!shared.ok) return shared;
    const { network, marking } = shared.value;
    const modified = stixTimestamp(clock.now(), q.previous?.modified);
    return shareVersion(deps, {
      caller,
      network,
      version: {
        marking: marking,
        body: playbookToStix({
          id: q.id,
          created: q.previous?.created ?? modified,
          modified,
          orgId: caller.scope.orgId,
          marking: marking,
          fields,
          previous: q.previous,
        }),
        text: playbookText(fields),
        lang: fields.lang,
        observables: [],
      },
      audit: {
        action: q.previous ? 'network.playbook_revised' : 'network.playbook_published',
        targetType: 'playbook',
        targetId: q.id,
        summary: { changeNote: fields.changeNote },
      },
      news: (stored) => ({
        kind: 'playbook',
        networkId: network.id,
        objectId: stored.stixId,
        title: fields.title,
        marking: stored.marking,
        fresh: false,
        byOrgId: caller.scope.orgId,
      }),
      read: playbookOf,
      notFound: 'playbook_not_found',
    });
  }

  return {
    /** Publishes an advisory to the network (coordinators; the gate checks): every reader is alerted. */
    publishAdvisory(q: { caller: Caller; fields: AdvisoryFields & AudienceFields }) {
      return saveAdvisory({ ...q, id: `report--${newId()}`, previous: undefined });
    },

    /** A new version of an advisory the caller's organisation published. */
    async reviseAdvisory(q: { caller: Caller; advisoryId: string; fields: AdvisoryFields & AudienceFields }) {
      const current = await own(q.caller, q.advisoryId, 'report', 'advisory_not_found');
      if (!current.ok) return current;
      return saveAdvisory({ ...q, id: q.advisoryId, previous: advisoryOf(current.value) });
    },

    async advisories(q: { caller: Caller; limit: number; q?: string | undefined }): Promise<Advisory[]> {
      const rows = await listLatest(db, { reader: readerOf(q.caller), type: 'report', ...q });
      return rows.map(advisoryOf);
    },

    /** One advisory, with the title of each incident and indicator it is about (all readable by its readers). */
    async advisory(q: {
      caller: Caller;
      advisoryId: string;
      lang: string;
    }): Promise<Result<{ advisory: Advisory; related: Found[] }, Problem>> {
      const reader = readerOf(q.caller);
      const stored = await findLatest(db, { reader, stixId: q.advisoryId });
      if (stored?.type !== 'report') return fail('not_found', 'advisory_not_found');
      const advisory = advisoryOf(stored);
      const related = await findLatestMany(db, { reader, stixIds: advisory.relatedIds });
      return ok({ advisory, related: related.map((r) => found(r, q.lang)) });
    },

    /** Shares a playbook or strategy with the network. */
    publishPlaybook(q: { caller: Caller; fields: PlaybookFields & AudienceFields }) {
      return savePlaybook({ ...q, id: `course-of-action--${newId()}`, previous: undefined });
    },

    /** A new version of a playbook the caller's organisation wrote; earlier versions stay readable. */
    async revisePlaybook(q: { caller: Caller; playbookId: string; fields: PlaybookFields & AudienceFields }) {
      const current = await own(q.caller, q.playbookId, 'course-of-action', 'playbook_not_found');
      if (!current.ok) return current;
      return savePlaybook({ ...q, id: q.playbookId, previous: playbookOf(current.value) });
    },

    async playbooks(q: { caller: Caller; limit: number; q?: string | undefined }): Promise<Playbook[]> {
      const rows = await listLatest(db, { reader: readerOf(q.caller), type: 'course-of-action', ...q });
      return rows.map(playbookOf);
    },

    /** A playbook, its earlier versions and members' feedback on it, as far as the caller may read them. */
    async playbook(q: {
      caller: Caller;
      playbookId: string;
    }): Promise<Result<{ playbook: Playbook; versions: Playbook[]; feedback: Feedback[] }, Problem>> {
      const reader = readerOf(q.caller);
      const versions = await listVersions(db, { reader, stixId: q.playbookId });
      const latest = versions.find((v) => v.type === 'course-of-action');
      if (!latest) return fail('not_found', 'playbook_not_found');
      const opinions = await listReferring(db, {
        reader,
        type: 'opinion',
        property: 'object_refs',
        ref: q.playbookId,
      });
      return ok({
        playbook: playbookOf(latest),
        versions: versions.map(playbookOf),
        feedback: opinions.map(feedbackOf),
      });
    },

    /**
     * "This worked for us": a member says how a playbook worked, as a STIX opinion under the playbook's
     * audience. Saying it again revises the organisation's opinion; the playbook's authors are told.
     */
    async giveFeedback(q: {
      caller: Caller;
      playbookId: string;
      fields: FeedbackFields;
    }): Promise<Result<Feedback, Problem>> {
      const { caller } = q;
      const reader = readerOf(caller);
      const playbook = await findLatest(db, { reader, stixId: q.playbookId });
      if (playbook?.type !== 'course-of-action') return fail('not_found', 'playbook_not_found');
      if (playbook.marking.ownerOrgId === caller.scope.orgId) return fail('invalid', 'playbook_feedback_own');
      const found = await networkOf(caller);
      if (!found.ok) return found;
      const network = found.value;
      const mine = (
        await listReferring(db, { reader, type: 'opinion', property: 'object_refs', ref: q.playbookId })
      )
        .map(feedbackOf)
        .find((f) => f.orgId === caller.scope.orgId);
      const marked = followingMarking(playbook.marking, caller.scope.orgId);
      const modified = stixTimestamp(clock.now(), mine?.modified);
      const id = mine?.id ?? `opinion--${newId()}`;
      const created = mine?.created ?? modified;
      const owner = playbook.marking.ownerOrgId;
      return shareVersion(deps, {
        caller,
        network,
        version: {
          marking: marked,
          body: feedbackToStix({
            id,
            created,
            modified,
            orgId: caller.scope.orgId,
            marking: marked,
            playbookId: q.playbookId,
            fields: q.fields,
          }),
          text: q.fields.explanation,
          lang: undefined,
          observables: [],
        },
        audit: {
          action: 'network.playbook_feedback',
          targetType: 'playbook',
          targetId: q.playbookId,
          summary: { verdict: q.fields.verdict },
        },
        news: () => ({
          kind: 'playbook',
          networkId: network.id,
          objectId: q.playbookId,
          title: playbookOf(playbook).title,
          marking: marked,
          titleMarking: playbook.marking,
          fresh: true,
          byOrgId: caller.scope.orgId,
          concerns: owner ? [owner] : [],
        }),
        read: feedbackOf,
        notFound: 'playbook_not_found',
      });
    },

    /** Incidents, indicators, advisories and playbooks the caller may read that match the words, best first. */
    async search(q: { caller: Caller; q: string; lang: string; limit: number }): Promise<Found[]> {
      const rows = await searchLatest(db, {
        reader: readerOf(q.caller),
        types: Object.keys(SEARCHED),
        q: q.q,
        lang: q.lang,
        limit: q.limit,
      });
      return rows.map((row) => found(row, q.lang));
    },
  };
}

/** The library service's type. */
export type LibraryService = ReturnType<typeof createLibraryService>;
