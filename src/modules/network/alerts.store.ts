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

/** Since when a network is in election-day mode, if it is. */
export async function electionDayOf(db: Db | Tx, networkId: string): Promise<Date | undefined> {
  const row = await tables(db)
    .selectFrom('network_election_day')
    .select('since')
    .where('network_id', '=', networkId)
    .executeTakeFirst();
  return row?.since;
}

/** Switches a network's election-day mode on (from `at`, unless already on) or off. */
export async function switchElectionDay(
  t: Tx,
  q: { networkId: string; on: boolean; at: Date; by: string | null },
): Promise<void> {
  if (!q.on) {
    await tables(t).deleteFrom('network_election_day').where('network_id', '=', q.networkId).execute();
    return;
  }
  await tables(t)
    .insertInto('network_election_day')
    .values({ network_id: q.networkId, since: q.at, switched_by: q.by })
    .onConflict((oc) => oc.column('network_id').doNothing())
    .execute();
}
