import type { Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import type { AlertSettings } from './alerts.js';
import { alertSettingsFor, saveAlertSettings } from './alerts.store.js';
import type { Caller, NetworkDeps } from './deps.js';

/** Builds the alert settings service: what alerts a member organisation in a network, and how. */
export function createAlertSettingsService(deps: Pick<NetworkDeps, 'db' | 'tx'>) {
  const { db, tx } = deps;
  return {
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
