import type { Db, Tx } from '../../platform/db.js';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from './alerts.js';
import { Severity } from './model.js';
import { tables } from './tables.js';

/** The alert settings the member organisations of a network chose (those that chose none are absent). */
export async function alertSettingsOf(db: Db | Tx, networkId: string): Promise<Map<string, AlertSettings>> {
  const rows = await tables(db)
    .selectFrom('network_alert_settings')
    .select(['org_id', 'min_severity', 'indicators', 'email'])
    .where('network_id', '=', networkId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.org_id,
      { minSeverity: Severity.parse(r.min_severity), indicators: r.indicators, email: r.email },
    ]),
  );
}

/** One organisation's alert settings in a network (the defaults when it chose none). */
export async function alertSettingsFor(
  db: Db | Tx,
  q: { networkId: string; orgId: string },
): Promise<AlertSettings> {
  return (await alertSettingsOf(db, q.networkId)).get(q.orgId) ?? DEFAULT_ALERT_SETTINGS;
}

/** Saves one organisation's alert settings in a network. */
export async function saveAlertSettings(
  t: Tx,
  q: { networkId: string; orgId: string; settings: AlertSettings },
): Promise<void> {
  const values = {
    min_severity: q.settings.minSeverity,
    indicators: q.settings.indicators,
    email: q.settings.email,
  };
  await tables(t)
    .insertInto('network_alert_settings')
    .values({ network_id: q.networkId, org_id: q.orgId, ...values })
    .onConflict((oc) => oc.columns(['network_id', 'org_id']).doUpdateSet(values))
    .execute();
}
