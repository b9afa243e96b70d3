import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { COLUMNS, rowToObject, type StoredObject } from './objects.store.js';
import { ObservableKind, type Observable } from './observables.js';
import { readableBy, type Reader } from './tlp.js';

/**
 * The typed values of the network's latest indicators (`network_observables`) and correlation by them: the
 * same value, or an address inside a shared block. Its rows are written with the versions they belong to
 * (objects.store.ts `insertVersions`).
 */

/** Records the typed values of objects' latest versions (for correlation), in one statement. */
export async function indexObservables(
  t: Tx,
  networkId: string,
  entries: readonly { seq: string; observables: readonly Observable[] }[],
): Promise<void> {
  const rows = entries.flatMap(({ seq, observables }) =>
    [...new Map(observables.map((o) => [`${o.kind} ${o.value}`, o])).values()].map((o) => ({
      object_seq: seq,
      kind: ObservableKind.parse(o.kind),
      value: o.value,
      ip: o.kind === 'ipv4' || o.kind === 'ipv6' ? o.value : null,
    })),
  );
  if (rows.length > 0)
    await sql`
      INSERT INTO network_observables (object_seq, network_id, kind, value, ip)
      SELECT r.object_seq, ${networkId}, r.kind, r.value, r.ip
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             AS r(object_seq bigint, kind text, value text, ip cidr)`.execute(t);
}

/**
 * For each probe (an indicator and its observables), the latest indicators of the network holding one of its
 * values: the same value, or for addresses an overlapping block (an address inside a shared CIDR), newest first
 * and at most `limit` a probe, other than the `exclude`d. One query for any number of probes: a TAXII envelope
 * of a hundred indicators is correlated at once. With a reader, only what it may see; without, everything, for
 * correlation to decide who may be told of each match.
 */
export async function findCorrelated(
  db: Db | Tx,
  q: {
    networkId: string;
    probes: readonly { stixId: string; observables: readonly Observable[] }[];
    exclude: readonly string[];
    limit: number;
    reader?: (Reader & { kind: 'member' }) | undefined;
  },
): Promise<Map<string, StoredObject[]>> {
  const isIp = (o: Observable) => o.kind === 'ipv4' || o.kind === 'ipv6';
  const values = q.probes.flatMap((p) =>
    p.observables.filter((o) => !isIp(o)).map((o) => ({ probe: p.stixId, ...o })),
  );
  const ips = q.probes.flatMap((p) =>
    p.observables.filter(isIp).map((o) => ({ probe: p.stixId, ip: o.value })),
  );
  const found = new Map<string, StoredObject[]>();
  if (values.length + ips.length === 0) return found;
  // Each address is looked up in the GiST index on its own, and each match's row fetched by its key. Joined
  // whole, PostgreSQL goes by its statistics, which lag behind a network filling up: it compares every address
  // with every stored one, or reads every object of the network (100 ms an envelope at 15,000 objects, against
  // 10). OFFSET 0 keeps each LATERAL lookup from being flattened back into such a join; the network is checked
  // outside the address lookup so that the network's own index is no alternative to the GiST one.
  const readable = q.reader ? readableBy(q.reader, 'o') : sql<boolean>`true`;
  const { rows } = await sql<Parameters<typeof rowToObject>[0] & { probe: string }>`
    WITH m AS (
      SELECT p.probe, v.object_seq AS seq
        FROM unnest(${values.map((v) => v.probe)}::text[], ${values.map((v) => v.kind)}::text[],
                    ${values.map((v) => v.value)}::text[]) AS p(probe, kind, value)
        JOIN network_observables v ON v.network_id = ${q.networkId} AND v.kind = p.kind AND v.value = p.value
      UNION
      SELECT p.probe, v.object_seq AS seq
        FROM unnest(${ips.map((v) => v.probe)}::text[], ${ips.map((v) => v.ip)}::cidr[]) AS p(probe, ip)
       CROSS JOIN LATERAL (SELECT object_seq, network_id FROM network_observables WHERE ip && p.ip OFFSET 0) v
       WHERE v.network_id = ${q.networkId})
    SELECT m.probe, ${sql.join(COLUMNS.map((c) => sql.ref(c)))}
      FROM m CROSS JOIN LATERAL (SELECT * FROM network_objects WHERE seq = m.seq OFFSET 0) o
     WHERE o.network_id = ${q.networkId} AND o.latest AND o.type = 'indicator'
       AND o.stix_id <> ALL (${[...q.exclude]}::text[]) AND ${readable}
     ORDER BY o.seq DESC`.execute(db);
  for (const row of rows) {
    const list = found.get(row.probe) ?? [];
    if (list.length < q.limit) found.set(row.probe, [...list, rowToObject(row)]);
  }
  return found;
}
