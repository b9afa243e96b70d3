import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { fail } from '../../platform/errors.js';
import { ok } from '../../platform/result.js';
import { freshServices } from '../../test/db.js';
import { canonicalJson } from './chain.js';
import { browse, toCsv, verifyChain } from './index.js';

let services: Awaited<ReturnType<typeof freshServices>>;
beforeAll(async () => {
  services = await freshServices();
});
afterAll(() => services.close());

async function countEvents(): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_events`.execute(
    services.db,
  );
  return Number(rows[0]?.n);
}

describe('audit trail', () => {
  it('commits a change and its event together, and writes neither when the work fails', async () => {
    const before = await countEvents();
    const failed = await services.tx.run(systemActor('system'), async (_tx, record) => {
      await record({ action: 'test.tried', orgId: null, targetType: 'thing', targetId: '1' });
      return fail('invalid', 'invalid_input');
    });
    expect(failed.ok).toBe(false);
    expect(await countEvents()).toBe(before);
    const done = await services.tx.run(systemActor('system'), async (_tx, record) => {
      await record({
        action: 'test.done',
        orgId: null,
        targetType: 'thing',
        targetId: '2',
        summary: { b: 2, a: [1, { z: 1, y: 2 }] },
      });
      return ok('yes');
    });
    expect(done).toEqual({ ok: true, value: 'yes' });
    expect(await countEvents()).toBe(before + 1);
  });

  it('keeps the chain intact under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        services.tx.run(systemActor('system'), async (_tx, record) => {
          await record({ action: 'test.concurrent', orgId: null, targetType: 'thing', targetId: String(i) });
          await record({
            action: 'test.concurrent_second',
            orgId: null,
            targetType: 'thing',
            targetId: String(i),
          });
          return ok(undefined);
        }),
      ),
    );
    const outcome = await verifyChain(services.db);
    expect(outcome).toEqual({ intact: true, events: await countEvents() });
  });

  it('names the first altered event when a row was changed behind its back', async () => {
    const { rows } = await sql<{
      id: string;
    }>`SELECT id::text FROM audit_events ORDER BY audit_events.id LIMIT 1 OFFSET 3`.execute(services.db);
    const victim = rows[0]?.id ?? '';
    await sql`UPDATE audit_events SET summary = '{"forged": true}' WHERE id = ${victim}`.execute(services.db);
    const outcome = await verifyChain(services.db);
    expect(outcome.intact).toBe(false);
    if (!outcome.intact) {
      expect(outcome.firstBroken.id).toBe(victim);
      expect(outcome.firstBroken.reason).toMatch(/altered/);
      expect(outcome.events).toBe(3);
    }
  });

  it('detects a deleted event by the broken link of the one after it', async () => {
    const fresh = await freshServices();
    for (let i = 0; i < 4; i++) {
      await fresh.tx.run(systemActor('system'), async (_t, record) => {
        await record({ action: 'test.step', orgId: null, targetType: 'thing', targetId: String(i) });
        return ok(undefined);
      });
    }
    const { rows } = await sql<{
      id: string;
    }>`SELECT id::text FROM audit_events ORDER BY audit_events.id`.execute(fresh.db);
    await sql`DELETE FROM audit_events WHERE id = ${rows[1]?.id}`.execute(fresh.db);
    const outcome = await verifyChain(fresh.db);
    expect(outcome.intact).toBe(false);
    if (!outcome.intact) {
      expect(outcome.firstBroken.id).toBe(rows[2]?.id);
      expect(outcome.firstBroken.reason).toMatch(/removed or reordered/);
    }
    await fresh.close();
  });

  it('exports CSV that spreadsheets will not execute', async () => {
    await services.tx.run({ userId: null, label: '=HYPERLINK("http://evil")' }, async (_t, record) => {
      await record({ action: 'test.csv', orgId: null, targetType: 'thing', targetId: 'a,b' });
      return ok(undefined);
    });
    const events = await browse(services.db, { orgId: null, action: 'test.csv', limit: 10 });
    const csv = toCsv(events);
    expect(csv.split('\r\n')[0]).toBe(
      'id,at,actor,action,target_type,target_id,via_grant,request_id,summary,hash',
    );
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain('"a,b"');
  });
});

describe('canonicalJson', () => {
  it('serialises equal objects with different key order identically', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
