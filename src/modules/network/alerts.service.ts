import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import type { AlertSettings } from './alerts.js';
import { alertSettingsFor, electionDayOf, saveAlertSettings, switchElectionDay } from './alerts.store.js';
import type { Caller, NetworkDeps } from './deps.js';

/**
 * Builds the alert settings service: what alerts a member organisation in a network, and how; and the
 * network's election-day mode, in which every new incident alerts every member allowed to read it.
 */
export function createAlertSettingsService(
  deps: Pick<NetworkDeps, 'db' | 'tx' | 'clock' | 'network' | 'notify'>,
) {
  const { db, tx } = deps;
  return {
    /** Since when the caller's network is in election-day mode; null when it is not. */
    async electionDay(caller: Caller): Promise<{ since: Date | null }> {
      return { since: (await electionDayOf(db, caller.scope.networkId)) ?? null };
    },

    /**
     * Switches the network's election-day mode on or off (coordinators; the gate checks). Every member's open
     * screens hear of it at once.
     */
    async switchElectionDay(q: {
      caller: Caller;
      on: boolean;
    }): Promise<Result<{ since: Date | null }, Problem>> {
      const { networkId, orgId } = q.caller.scope;
      const network = await deps.network(networkId);
      if (!network) return fail('not_found', 'network_not_found');
      const switched = await tx.run(q.caller.actor, async (t, record) => {
        const before = await electionDayOf(t, networkId);
        await switchElectionDay(t, { networkId, on: q.on, at: deps.clock.now(), by: q.caller.actor.userId });
        const since = (await electionDayOf(t, networkId)) ?? null;
        if ((before !== undefined) !== q.on)
          await record({
            action: q.on ? 'network.election_day_on' : 'network.election_day_off',
            orgId,
            targetType: 'network',
            targetId: networkId,
            summary: {},
          });
        return ok({ since, changed: (before !== undefined) !== q.on });
      });
      if (!switched.ok) return switched;
      if (switched.value.changed)
        for (const member of network.members)
          deps.notify({
            type: 'network.shared',
            orgId: member.orgId,
            userId: null,
            data: {
              networkId,
              kind: q.on ? 'election_day_on' : 'election_day_off',
              objectId: networkId,
              title: network.name,
              severity: null,
              tlp: 'green',
              alert: member.orgId !== orgId,
            },
          });
      return ok({ since: switched.value.since });
    },

    /** The caller's organisation's settings (the defaults when it chose none). */
    get(caller: Caller): Promise<AlertSettings> {
      return alertSettingsFor(db, { networkId: caller.scope.networkId, orgId: caller.scope.orgId });
    },

    /** Saves the caller's organisation's settings. */
    save(q: { caller: Caller; settings: AlertSettings }): Promise<Result<AlertSettings, Problem>> {
      const { networkId, orgId } = q.caller.scope;
      return tx.run(q.caller.actor, async (t, record) => {
        await saveAlertSettings(t, { networkId, orgId, settings: q.settings });
        await record({
          action: 'network.alert_settings_changed',
          orgId,
          targetType: 'network',
          targetId: networkId,
          summary: { ...q.settings },
        });
        return ok(q.settings);
      });
    },
  };
}

/** The alert settings service's type. */
export type AlertSettingsService = ReturnType<typeof createAlertSettingsService>;
