import { z } from 'zod';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import type { Caller, NetworkDeps } from './deps.js';
import { mapMispEvent, MispFile } from './misp.js';
import type { Tlp } from './model.js';
import type { Newsroom } from './news.js';
import { insertVersions, lockNetworkObjects, storedIds, type StoredId } from './objects.store.js';
import { examine, receive, outcomeLines } from './receive.js';

/** At most this many events in one file: a whole MISP instance is a feed's work, not an upload's. */
const MAX_EVENTS = 100;

/** What importing one MISP event did. */
export interface ImportedEvent {
  readonly eventUuid: string;
  readonly incidentId: string;
  readonly title: string;
  readonly tlp: Tlp;
  readonly tlpDefaulted: boolean;
  /** `new` the first time, `updated` when MISP's copy changed since, `unchanged` when imported as it is already. */
  readonly incident: 'new' | 'updated' | 'unchanged';
  readonly indicators: number;
  readonly indicatorsNew: number;
  /** Attributes not kept: not meant for detection, of a type Atalaya does not map, or not a valid value. */
  readonly left: { readonly notForDetection: number; readonly type: number; readonly invalid: number };
}

/** Builds the MISP import: a member uploads MISP JSON events, which become incidents and indicators. */
export function createMispService(deps: Pick<NetworkDeps, 'tx' | 'network'> & { newsroom: Newsroom }) {
  const { tx, newsroom } = deps;
  return {
    /**
     * Imports a MISP JSON export (one event, a list, or a search response) into the caller's network, all or
     * nothing, through the same checks as TAXII. Importing an event again adds only what changed in it.
     */
    async importFile(q: {
      caller: Caller;
      file: unknown;
      defaultTlp: Tlp;
    }): Promise<Result<{ events: ImportedEvent[] }, Problem>> {
      const { caller, defaultTlp } = q;
      const { networkId, orgId } = caller.scope;
      const parsed = MispFile.safeParse(q.file);
      if (!parsed.success)
        return fail('invalid', 'misp_file_invalid', { detail: z.prettifyError(parsed.error).slice(0, 2000) });
      if (parsed.data.length > MAX_EVENTS)
        return fail('invalid', 'misp_too_many_events', { params: { max: MAX_EVENTS } });
      const network = await deps.network(networkId);
      if (!network) return fail('not_found', 'network_not_found');
      const mapped = parsed.data.map((event) => mapMispEvent(event, { orgId, defaultTlp }));
      const examined = examine(mapped.flatMap((m) => m.objects));
      let arrived: StoredId[] = [];
      const imported = await tx.run(caller.actor, async (t, record) => {
        await lockNetworkObjects(t, networkId);
        const checked = await receive(t, {
          networkId,
          orgId,
          members: network.members,
          level: { kind: 'upload', tlp: defaultTlp },
          examined,
          source: 'misp',
          createdBy: caller.actor.userId ?? null,
        });
        if (checked.refused.length > 0)
          return fail('unprocessable', 'misp_objects_refused', {
            params: { count: checked.refused.length },
            detail: outcomeLines(checked.refused).join('\n'),
          });
        const stored = storedIds(checked.versions, await insertVersions(t, checked.versions, checked.stored));
        const firstOf = new Map(stored.map((s) => [s.stixId, s.first]));
        const events = mapped.map((m): ImportedEvent => {
          const incidentId = `incident--${m.eventUuid}`;
          const indicatorIds = m.objects.filter((o) => o.type === 'indicator').map((o) => o.id);
          const count = (reason: string) => m.left.filter((l) => l.reason === reason).length;
          const first = firstOf.get(incidentId);
          return {
            eventUuid: m.eventUuid,
            incidentId,
            title: m.title,
            tlp: m.tlp,
            tlpDefaulted: m.tlpDefaulted,
            incident: first === undefined ? 'unchanged' : first ? 'new' : 'updated',
            indicators: m.indicators,
            indicatorsNew: indicatorIds.filter((id) => firstOf.get(id) === true).length,
            left: {
              notForDetection: count('not_for_detection'),
              type: count('type'),
              invalid: count('invalid'),
            },
          };
        });
        await record({
          action: 'network.misp_imported',
          orgId,
          targetType: 'network',
          targetId: networkId,
          summary: {
            events: events.map((e) => `${e.eventUuid} ${e.incident} TLP:${e.tlp.toUpperCase()}`),
            stored: stored.length,
          },
        });
        arrived = stored;
        return ok({ events });
      });
      if (imported.ok)
        await newsroom.announceArrivals({ actor: caller.actor, network, orgId, stored: arrived });
      return imported;
    },
  };
}

/** The MISP import's type. */
export type MispService = ReturnType<typeof createMispService>;
