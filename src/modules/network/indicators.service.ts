import { fail, type Problem } from '../../platform/errors.js';
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
import { parseObservable } from './observables.js';
import { sightingOf, sightingToStix, type Sighting, type SightingFields } from './sighting.js';
import { parseStixPattern } from './stix-pattern.js';
import { stixTimestamp } from './stix.js';

/** Builds the indicator service: members share indicators and say where they saw them too. */
export function createIndicatorsService(deps: Pick<NetworkDeps, 'db' | 'tx' | 'clock' | 'members'>) {
  const { db, tx, clock } = deps;

  async function marking(caller: Caller, audience: AudienceFields) {
    const members = await deps.members(caller.scope.networkId);
    return markingFor({
      networkId: caller.scope.networkId,
      ownerOrgId: caller.scope.orgId,
      memberOrgIds: members.map((m) => m.orgId),
      audience,
    });
  }

  return {
    /** Shares an indicator: a typed observable (checked and written canonically) or a STIX pattern (parsed). */
    async share(q: {
      caller: Caller;
      fields: IndicatorFields & AudienceFields;
    }): Promise<Result<Indicator, Problem>> {
      const { caller, fields } = q;
      const observable =
        fields.observable && parseObservable(fields.observable.kind, fields.observable.value);
      if (observable && !observable.ok)
        return fail('invalid', 'observable_invalid', { params: { kind: fields.observable?.kind ?? '' } });
      const parsed = fields.pattern === undefined ? undefined : parseStixPattern(fields.pattern);
      if (parsed && !parsed.ok)
        return fail('invalid', 'stix_pattern_invalid', {
          params: { column: parsed.error.column },
          detail: parsed.error.message,
        });
      const audience = await marking(caller, fields);
      if (!audience.ok) return audience;
      const { pattern, observables } = indicatorPattern(fields, observable?.value, parsed?.value);
      const id = `indicator--${newId()}`;
      const created = stixTimestamp(clock.now());
      const body = indicatorToStix({
        id,
        created,
        modified: created,
        orgId: caller.scope.orgId,
        marking: audience.value,
        fields,
        pattern,
        observable: observable?.value,
      });
      return tx.run(caller.actor, async (t, record) => {
        const stored = await insertVersion(t, {
          marking: audience.value,
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
            tlp: audience.value.tlp,
            observables: observables.length,
          },
        });
        const saved = await findLatest(t, { reader: readerOf(caller), stixId: id });
        return saved ? ok(indicatorOf(saved)) : fail('not_found', 'indicator_not_found');
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
    }): Promise<Result<{ indicator: Indicator; sightings: Sighting[] }, Problem>> {
      const reader = readerOf(q.caller);
      const stored = await findLatest(db, { reader, stixId: q.indicatorId });
      if (stored?.type !== 'indicator') return fail('not_found', 'indicator_not_found');
      const sightings = await listReferring(db, {
        reader,
        type: 'sighting',
        property: 'sighting_of_ref',
        ref: q.indicatorId,
      });
      return ok({ indicator: indicatorOf(stored), sightings: sightings.map(sightingOf) });
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
      const audience = await marking(caller, fields);
      if (!audience.ok) return audience;
      const id = `sighting--${newId()}`;
      const body = sightingToStix({
        id,
        created: stixTimestamp(clock.now()),
        orgId: caller.scope.orgId,
        marking: audience.value,
        indicatorId: q.indicatorId,
        fields,
      });
      return tx.run(caller.actor, async (t, record) => {
        const stored = await insertVersion(t, {
          marking: audience.value,
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
        return saved ? ok(sightingOf(saved)) : fail('not_found', 'indicator_not_found');
      });
    },
  };
}

/** The indicator service's type. */
export type IndicatorsService = ReturnType<typeof createIndicatorsService>;
