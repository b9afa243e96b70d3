import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { makeUser } from '../../test/factories.js';
import { Client, startApp } from '../../test/http.js';

/**
 * The item list's replies are kept per process under a version that triggers move on (decision 81): every
 * change the list would show must move it, whichever way it is written, and a reader must see the change.
 */
describe('roadmap list replies kept under a version', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    services = await freshServices();
    ({ base, close } = await startApp(services));
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  async function signedIn() {
    const user = await makeUser(services, { role: 'security_lead' });
    const client = new Client(base);
    await client.login(user.email);
    return { client, list: `/api/v1/orgs/${user.orgId}/roadmap/items` };
  }
  type Listed = { items: { id: string; title: string; status: string; latestGrade: string | null }[] };
  const listed = async (client: Client, path: string) => (await client.get(path)).body as Listed;

  it('shows every change at the next read, whichever way it was written', async () => {
    const { client, list } = await signedIn();
    const created = await client.post(list, {
      kind: 'action',
      source: 'team',
      title: 'Patch the results server',
    });
    expect(created.status).toBe(201);
    const { id, version } = created.body as { id: string; version: number };
    expect((await listed(client, list)).items.map((i) => i.title)).toEqual(['Patch the results server']);

    // Through the API: the workflow.
    await client.post(`${list}/${id}/status`, { version, status: 'in_progress' });
    expect((await listed(client, list)).items[0]?.status).toBe('in_progress');

    // Written straight to the tables (a migration, an operator's fix): a grade alone, then an edit.
    await sql`INSERT INTO roadmap_grades (id, item_id, grade, graded_on, assessor)
      VALUES (gen_random_uuid(), ${id}, 'partially', '2026-01-01', 'Follow-up mission')`.execute(services.db);
    expect((await listed(client, list)).items[0]?.latestGrade).toBe('partially');
    await sql`UPDATE roadmap_items SET title = 'Patch and restart the results server' WHERE id = ${id}`.execute(
      services.db,
    );
    expect((await listed(client, list)).items[0]?.title).toBe('Patch and restart the results server');
    await sql`DELETE FROM roadmap_items WHERE id = ${id}`.execute(services.db);
    expect((await listed(client, list)).items).toEqual([]);
  });

  it('answers 304 to a client holding the current reply, and the new reply after a change', async () => {
    const { client, list } = await signedIn();
    await client.post(list, { kind: 'action', source: 'team', title: 'Renew the TLS certificates' });
    const first = await client.get(`${list}?limit=10`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const again = await client.request('GET', `${list}?limit=10`, undefined, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    await client.post(list, { kind: 'action', source: 'team', title: 'Train the call-centre staff' });
    const changed = await client.request('GET', `${list}?limit=10`, undefined, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((changed.body as Listed).items).toHaveLength(2);
  });

  it("never serves one organisation's kept page to another", async () => {
    const a = await signedIn();
    const b = await signedIn();
    // Both lists at the same version, with the same filter.
    await a.client.post(a.list, { kind: 'action', source: 'team', title: 'Only for the first council' });
    await b.client.post(b.list, { kind: 'action', source: 'team', title: 'Only for the second council' });
    const titles = async (c: typeof a) =>
      (await listed(c.client, `${c.list}?limit=5`)).items.map((i) => i.title);
    expect(await titles(a)).toEqual(['Only for the first council']);
    expect(await titles(b)).toEqual(['Only for the second council']);
  });
});
