import { fail, type Problem } from '../../platform/errors.js';
import type { BusEvent } from '../../platform/events.js';
import type { Announcer } from './announce.js';
import { incidentNews } from './news.js';
import { situationOf, type Situation } from './situation.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import { markingFor, type AudienceFields } from './audience.js';
import { readerOf, type Caller, type NetworkDeps } from './deps.js';
import { incidentOf, incidentText, incidentToStix, type Incident, type IncidentFields } from './incident.js';
import { findLatest, findLatestMany, insertVersion, listLatest } from './objects.store.js';
import { indicatorOf } from './indicator.js';
import { sightingOf, type Sighting } from './sighting.js';
import { stixTimestamp } from './stix.js';
import { mayCopyOut, narrows, type Marking } from './tlp.js';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { membershipAllows, roleAllows } from '../identity/index.js';

/** Filters of the incident list. */
/** The incidents a situation is computed from, newest first: a network shares hundreds a year, not thousands. */
const SITUATION_LIMIT = 5000;
/** The sightings the situation board lists, newest first. */
const LATEST_SIGHTINGS = 10;

export interface IncidentFilter {
  readonly q?: string | undefined;
  readonly limit: number;
}

/** Builds the incident service: members report incidents to their network and keep them up to date. */
export function createIncidentsService(
  deps: Pick<
    NetworkDeps,
    'db' | 'tx' | 'clock' | 'network' | 'phaseOn' | 'addToRoadmap' | 'nextPollingDay'
  > & {
    announcer: Announcer;
  },
) {
  const { db, tx, clock, announcer } = deps;

  async function save(q: {
    caller: Caller;
    id: string;
    created: string | undefined;
    previousModified: string | undefined;
    /** The marking of the version before, when this is an update. */
    previousMarking?: Marking | undefined;
    fields: IncidentFields & AudienceFields;
  }): Promise<Result<Incident, Problem>> {
    const { caller, fields } = q;
    const { networkId, orgId } = caller.scope;
    const network = await deps.network(networkId);
    if (!network) return fail('not_found', 'network_not_found');
    const marking = markingFor({
      networkId,
      ownerOrgId: orgId,
      memberOrgIds: network.members.map((m) => m.orgId),
      audience: fields,
    });
    if (!marking.ok) return marking;
    const members = network.members.map((m) => m.orgId);
    if (q.previousMarking && narrows(q.previousMarking, marking.value, members))
      return fail('invalid', 'tlp_audience_narrowed');
    const phase =
      fields.phase !== undefined ? fields.phase : await deps.phaseOn(orgId, new Date(fields.detectedAt));
    const modified = stixTimestamp(clock.now(), q.previousModified);
    const body = incidentToStix({
      id: q.id,
      created: q.created ?? modified,
      modified,
      orgId,
      marking: marking.value,
      fields: { ...fields, phase },
    });
    let events: BusEvent[] = [];
    const saved = await tx.run(caller.actor, async (t, record) => {
      const stored = await insertVersion(t, {
        marking: marking.value,
        createdBy: caller.actor.userId,
        source: 'local',
        body,
        text: incidentText(fields),
        lang: fields.lang,
        observables: [],
      });
      if (!stored) return fail('conflict', 'network_version_exists');
      await record({
        action: q.created ? 'network.incident_updated' : 'network.incident_shared',
        orgId,
        targetType: 'incident',
        targetId: q.id,
        summary: { networkId, tlp: marking.value.tlp, severity: fields.severity, status: fields.status },
      });
      const read = await findLatest(t, { reader: readerOf(caller), stixId: q.id });
      if (!read) return fail('not_found', 'incident_not_found');
      const incident = incidentOf(read);
      events = await announcer.prepare(t, {
        network,
        news: incidentNews({ incident, networkId, fresh: q.created === undefined, byOrgId: orgId }),
      });
      return ok(incident);
    });
    if (saved.ok) announcer.publish(events);
    return saved;
  }

  return {
    /** Shares a new incident with the network, under the marking chosen. */
    report(q: {
      caller: Caller;
      fields: IncidentFields & AudienceFields;
    }): Promise<Result<Incident, Problem>> {
      return save({ ...q, id: `incident--${newId()}`, created: undefined, previousModified: undefined });
    },

    /** A new version of an incident: only the organisation that shared it may change it. */
    async update(q: {
      caller: Caller;
      incidentId: string;
      fields: IncidentFields & AudienceFields;
    }): Promise<Result<Incident, Problem>> {
      const current = await findLatest(db, { reader: readerOf(q.caller), stixId: q.incidentId });
      if (!current || current.type !== 'incident') return fail('not_found', 'incident_not_found');
      if (current.marking.ownerOrgId !== q.caller.scope.orgId) return fail('forbidden', 'network_not_owner');
      const before = incidentOf(current);
      return save({
        ...q,
        id: q.incidentId,
        created: before.created,
        previousModified: before.modified,
        previousMarking: current.marking,
      });
    },

    /** The incidents the caller's organisation may see, latest change first. */
    /**
     * The network's situation as the caller's organisation may see it: each member's days to polling day, open
     * incidents by severity and process, incidents by month, category and member, and the median time from
     * detection to sharing — from the incidents the caller may read, and only those.
     */
    async situation(
      caller: Caller,
    ): Promise<Result<Situation & { latestSightings: (Sighting & { indicatorName: string })[] }, Problem>> {
      const network = await deps.network(caller.scope.networkId);
      if (!network) return fail('not_found', 'network_not_found');
      const reader = readerOf(caller);
      const rows = await listLatest(db, { reader, type: 'incident', limit: SITUATION_LIMIT });
      const members = await Promise.all(
        network.members.map(async (m) => {
          const next = await deps.nextPollingDay(m.orgId);
          return { ...m, pollingDay: next?.pollingDay ?? null, daysToPolling: next?.daysToGo ?? null };
        }),
      );
      // The latest sightings, each named by its indicator: only those whose indicator the reader may see too.
      const sightings = (await listLatest(db, { reader, type: 'sighting', limit: LATEST_SIGHTINGS })).map(
        sightingOf,
      );
      const indicators = await findLatestMany(db, { reader, stixIds: sightings.map((x) => x.indicatorId) });
      const nameOf = new Map(indicators.map((i) => [i.stixId, indicatorOf(i).name]));
      return ok({
        ...situationOf({ incidents: rows.map(incidentOf), members, now: clock.now() }),
        latestSightings: sightings.flatMap((x) => {
          const indicatorName = nameOf.get(x.indicatorId);
          return indicatorName === undefined ? [] : [{ ...x, indicatorName }];
        }),
      });
    },

    async list(q: { caller: Caller; filter: IncidentFilter }): Promise<Incident[]> {
      const rows = await listLatest(db, {
        reader: readerOf(q.caller),
        type: 'incident',
        limit: q.filter.limit,
        q: q.filter.q,
      });
      return rows.map(incidentOf);
    },

    /**
     * "Send lessons to the roadmap": the incident's lessons become a planned action on the caller's
     * organisation's roadmap, linked back to the incident. Only words the marking lets leave the network go
     * (`mayCopyOut`), and once per incident.
     */
    async sendLessonsToRoadmap(q: {
      caller: Caller;
      incidentId: string;
      locale: SupportedLocale;
    }): Promise<Result<{ itemId: string }, Problem>> {
      const { caller, incidentId } = q;
      if (!roleAllows(caller.scope.role, 'roadmap', 'write')) return fail('forbidden', 'role_forbidden');
      // An assistance provider coordinating the network keeps no roadmap of its own.
      if (!membershipAllows(caller.scope, 'roadmap', 'write')) return fail('forbidden', 'module_not_used');
      const reader = readerOf(caller);
      const stored = await findLatest(db, { reader, stixId: incidentId });
      if (stored?.type !== 'incident') return fail('not_found', 'incident_not_found');
      if (!mayCopyOut(reader, stored.marking))
        return fail('forbidden', 'tlp_forbids_copy', { params: { tlp: stored.marking.tlp.toUpperCase() } });
      const incident = incidentOf(stored);
      if (!incident.lessons) return fail('invalid', 'incident_no_lessons');
      const added = await deps.addToRoadmap({
        orgId: caller.scope.orgId,
        actor: caller.actor,
        items: [
          {
            originKey: `incident:${incidentId}`,
            origin: { networkId: caller.scope.networkId, incidentId },
            title: translate(q.locale, 'roadmap.fromIncident', { title: incident.title }).slice(0, 300),
            description: incident.lessons,
            area: 'incident_response',
            priority:
              incident.severity === 'critical' || incident.severity === 'high'
                ? 'P1'
                : incident.severity === 'medium'
                  ? 'P2'
                  : 'P3',
            horizon: 'before_next_election',
            dueOn: null,
            donorFundable: false,
            // The member who sends the lessons home answers for them until someone else is named.
            ownerUserId: caller.actor.userId,
          },
        ],
      });
      if (!added.ok) return added;
      const [itemId] = added.value.created;
      return itemId ? ok({ itemId }) : fail('conflict', 'incident_lessons_on_roadmap');
    },

    /** One incident, if the caller's organisation may see it. */
    async get(q: { caller: Caller; incidentId: string }): Promise<Result<Incident, Problem>> {
      const stored = await findLatest(db, { reader: readerOf(q.caller), stixId: q.incidentId });
      return stored?.type === 'incident' ? ok(incidentOf(stored)) : fail('not_found', 'incident_not_found');
    },
  };
}

/** The incident service's type. */
export type IncidentsService = ReturnType<typeof createIncidentsService>;
