import { fail, type Problem } from '../../platform/errors.js';
import type { BusEvent } from '../../platform/events.js';
import type { Announcer } from './announce.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import { markingFor, type AudienceFields } from './audience.js';
import { readerOf, type Caller, type NetworkDeps } from './deps.js';
import {
  indicatorOf,
  indicatorPattern,
  indicatorToStix,
  type Indicator,
  type IndicatorFields,
} from './indicator.js';
import { findLatest, insertVersion, listLatest, listReferring } from './objects.store.js';
import { parseObservable, type Observable } from './observables.js';
import { warningsFor } from './warnings.js';
import { indicatorNews, sightingNews, type Newsroom } from './news.js';
import type { WarningsService } from './warnings.service.js';
import { sightingOf, sightingToStix, type Sighting, type SightingFields } from './sighting.js';
import { parseStixPattern } from './stix-pattern.js';
import { stixTimestamp } from './stix.js';

/** A warning on an indicator being checked: which of its observables hit which entry of which list. */
export interface Warning {
  readonly observable: Observable;
  readonly list: string;
  readonly entry: Observable;
  readonly note: string;
}

/** Builds the indicator service: members share indicators and say where they saw them too. */
export function createIndicatorsService(
  deps: Pick<NetworkDeps, 'db' | 'tx' | 'clock' | 'network'> & {
    announcer: Announcer;
    newsroom: Newsroom;
    warnings: Pick<WarningsService, 'entriesOf'>;
  },
) {
  const { db, tx, clock, announcer, newsroom, warnings } = deps;

  /** Checks what a member gives as an indicator: its pattern and observables, and the warnings they hit. */
  async function checked(networkId: string, fields: IndicatorFields) {
    const observable = fields.observable && parseObservable(fields.observable.kind, fields.observable.value);
    if (observable && !observable.ok)
      return fail('invalid', 'observable_invalid', { params: { kind: fields.observable?.kind ?? '' } });
    const parsed = fields.pattern === undefined ? undefined : parseStixPattern(fields.pattern);
    if (parsed && !parsed.ok)
      return fail('invalid', 'stix_pattern_invalid', {
        params: { column: parsed.error.column },
        detail: parsed.error.message,
      });
    const value = indicatorPattern(fields, observable?.value, parsed?.value);
    const warned = warningsFor(value.observables, await warnings.entriesOf(networkId));
    return ok({ ...value, observable: observable?.value, warned });
  }

  /** The network the caller acts in and the marking its choice of audience makes. */
  async function sharing(caller: Caller, audience: AudienceFields) {
    const network = await deps.network(caller.scope.networkId);
    if (!network) return fail('not_found', 'network_not_found');
    const marking = markingFor({
      networkId: caller.scope.networkId,
      ownerOrgId: caller.scope.orgId,
      memberOrgIds: network.members.map((m) => m.orgId),
      audience,
    });
    return marking.ok ? ok({ network, marking: marking.value }) : marking;
  }

  return {
    /** Shares an indicator: a typed observable (checked and written canonically) or a STIX pattern (parsed). */
    async share(q: {
      caller: Caller;
      fields: IndicatorFields & AudienceFields;
    }): Promise<Result<Indicator, Problem>> {
      const { caller, fields } = q;
      const value = await checked(caller.scope.networkId, fields);
      if (!value.ok) return value;
      const { pattern, observables, observable, warned } = value.value;
      const [first] = warned;
      if (first && !fields.acceptWarnings)
        return fail('conflict', 'indicator_on_warning_list', {
          params: { value: first.observable.value, note: first.entry.note || first.entry.list },
        });
      const audience = await sharing(caller, fields);
      if (!audience.ok) return audience;
      const { network, marking } = audience.value;
      const id = `indicator--${newId()}`;
      const created = stixTimestamp(clock.now());
      const body = indicatorToStix({
        id,
        created,
        modified: created,
        orgId: caller.scope.orgId,
        marking,
        fields,
        pattern,
        observable,
      });
      let events: BusEvent[] = [];
      const shared = await tx.run(caller.actor, async (t, record) => {
        const stored = await insertVersion(t, {
          marking,
          createdBy: caller.actor.userId,
          source: 'local',
          body,
          text: [body['name'], fields.description, ...observables.map((o) => o.value)].join('\n'),
          lang: fields.lang,
          observables,
        });
        if (!stored) return fail('conflict', 'network_version_exists');
        await record({
          action: 'network.indicator_shared',
          orgId: caller.scope.orgId,
          targetType: 'indicator',
          targetId: id,
          summary: {
            networkId: caller.scope.networkId,
            tlp: marking.tlp,
            observables: observables.length,
          },
        });
        const saved = await findLatest(t, { reader: readerOf(caller), stixId: id });
        if (!saved) return fail('not_found', 'indicator_not_found');
        const indicator = indicatorOf(saved);
        events = [
          ...(await announcer.prepare(t, {
            network,
            news: indicatorNews({ indicator, networkId: network.id, byOrgId: caller.scope.orgId }),
          })),
          ...(await newsroom.correlate(t, { sharer: caller.scope.orgId, network, indicators: [indicator] })),
        ];
        return ok(indicator);
      });
      if (shared.ok) announcer.publish(events);
      return shared;
    },

    /**
     * Checks an indicator before it is shared: the observables it names and the warning lists they are on, so the
     * member sees a likely false positive before sharing it. Stores nothing.
     */
    async check(q: {
      caller: Caller;
      fields: IndicatorFields;
    }): Promise<Result<{ pattern: string; observables: Observable[]; warnings: Warning[] }, Problem>> {
      const value = await checked(q.caller.scope.networkId, q.fields);
      if (!value.ok) return value;
      return ok({
        pattern: value.value.pattern,
        observables: value.value.observables,
        warnings: value.value.warned.map((w) => ({
          observable: w.observable,
          list: w.entry.list,
          entry: w.entry.observable,
          note: w.entry.note,
        })),
      });
    },

    /** The indicators the caller's organisation may see, latest first. */
    async list(q: { caller: Caller; limit: number; q?: string | undefined }): Promise<Indicator[]> {
      const rows = await listLatest(db, {
        reader: readerOf(q.caller),
        type: 'indicator',
        limit: q.limit,
        q: q.q,
      });
      return rows.map(indicatorOf);
    },

    /** One indicator with the sightings of it the caller's organisation may see. */
    async get(q: {
      caller: Caller;
      indicatorId: string;
    }): Promise<Result<{ indicator: Indicator; sightings: Sighting[]; correlated: Indicator[] }, Problem>> {
      const reader = readerOf(q.caller);
      const stored = await findLatest(db, { reader, stixId: q.indicatorId });
      if (stored?.type !== 'indicator') return fail('not_found', 'indicator_not_found');
      const sightings = await listReferring(db, {
        reader,
        type: 'sighting',
        property: 'sighting_of_ref',
        ref: q.indicatorId,
      });
      const indicator = indicatorOf(stored);
      const correlated = await newsroom.correlatedWith(db, { reader, indicator });
      return ok({ indicator, sightings: sightings.map(sightingOf), correlated });
    },

    /** "We saw this too": records a sighting of an indicator the caller's organisation may see. */
    async sight(q: {
      caller: Caller;
      indicatorId: string;
      fields: SightingFields & AudienceFields;
    }): Promise<Result<Sighting, Problem>> {
      const { caller, fields } = q;
      const indicator = await findLatest(db, { reader: readerOf(caller), stixId: q.indicatorId });
      if (indicator?.type !== 'indicator') return fail('not_found', 'indicator_not_found');
      const audience = await sharing(caller, fields);
      if (!audience.ok) return audience;
      const { network, marking } = audience.value;
      const id = `sighting--${newId()}`;
      const body = sightingToStix({
        id,
        created: stixTimestamp(clock.now()),
        orgId: caller.scope.orgId,
        marking,
        indicatorId: q.indicatorId,
        fields,
      });
      let events: BusEvent[] = [];
      const sighted = await tx.run(caller.actor, async (t, record) => {
        const stored = await insertVersion(t, {
          marking,
          createdBy: caller.actor.userId,
          source: 'local',
          body,
          text: fields.where,
          lang: undefined,
          observables: [],
        });
        if (!stored) return fail('conflict', 'network_version_exists');
        await record({
          action: 'network.indicator_sighted',
          orgId: caller.scope.orgId,
          targetType: 'indicator',
          targetId: q.indicatorId,
          summary: {
            networkId: caller.scope.networkId,
            sightingId: id,
            count: fields.count,
            tlp: fields.tlp,
          },
        });
        const saved = await findLatest(t, { reader: readerOf(caller), stixId: id });
        if (!saved) return fail('not_found', 'indicator_not_found');
        events = await announcer.prepare(t, {
          network,
          news: sightingNews({ sighting: saved, indicator, byOrgId: caller.scope.orgId }),
        });
        return ok(sightingOf(saved));
      });
      if (sighted.ok) announcer.publish(events);
      return sighted;
    },
  };
}

/** The indicator service's type. */
export type IndicatorsService = ReturnType<typeof createIndicatorsService>;
