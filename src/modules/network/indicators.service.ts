import type { Tx } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import type { BusEvent } from '../../platform/events.js';
import type { Announcer } from './announce.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import { markingFor, type AudienceFields } from './audience.js';
import { readerOf, type Caller, type NetworkDeps, type NetworkInfo } from './deps.js';
import {
  indicatorOf,
  indicatorPattern,
  indicatorToStix,
  type Indicator,
  type IndicatorFields,
} from './indicator.js';
import { findCorrelated, findLatest, insertVersion, listLatest, listReferring } from './objects.store.js';
import { parseObservable, type Observable } from './observables.js';
import { warningsFor } from './warnings.js';
import type { WarningsService } from './warnings.service.js';
import { sightingOf, sightingToStix, type Sighting, type SightingFields } from './sighting.js';
import { parseStixPattern } from './stix-pattern.js';
import { stixTimestamp } from './stix.js';

/** At most this many matches are announced for one indicator (MISP's correlation blow-up is the warning). */
const CORRELATION_CAP = 50;

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
    warnings: Pick<WarningsService, 'entriesOf'>;
  },
) {
  const { db, tx, clock, announcer, warnings } = deps;

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

  /** The observables of an indicator that are on no warning list: the only ones that correlate. */
  async function correlating(networkId: string, indicator: Indicator) {
    const warned = warningsFor(indicator.observables, await warnings.entriesOf(networkId));
    return indicator.observables.filter((o) => !warned.some((w) => w.observable === o));
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

  /**
   * Correlation: the news that a shared indicator matches indicators other members hold. Each side is told
   * only of what it may read: the sharer of a match it may see, the holder of the new indicator if it may see it.
   */
  async function correlate(
    t: Tx,
    q: { caller: Caller; network: NetworkInfo; indicator: Indicator },
  ): Promise<BusEvent[]> {
    const { caller, network, indicator } = q;
    const sharer = caller.scope.orgId;
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
            news: {
              kind: 'indicator',
              networkId: network.id,
              objectId: id,
              title: indicator.name,
              marking,
              fresh: true,
              byOrgId: caller.scope.orgId,
            },
          })),
          ...(await correlate(t, { caller, network, indicator })),
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
      const correlated = await findCorrelated(db, {
        networkId: q.caller.scope.networkId,
        stixId: indicator.id,
        observables: await correlating(q.caller.scope.networkId, indicator),
        limit: CORRELATION_CAP,
        reader,
      });
      return ok({ indicator, sightings: sightings.map(sightingOf), correlated: correlated.map(indicatorOf) });
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
        const holder = indicator.marking.ownerOrgId;
        events = await announcer.prepare(t, {
          network,
          news: {
            kind: 'sighting',
            networkId: network.id,
            objectId: q.indicatorId,
            title: indicatorOf(indicator).name,
            marking,
            titleMarking: indicator.marking,
            fresh: true,
            byOrgId: caller.scope.orgId,
            concerns: holder ? [holder] : [],
          },
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
