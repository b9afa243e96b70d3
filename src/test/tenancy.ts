import { expect } from 'vitest';
import { freshServices } from './db.js';
import { makeOrg, makeUser } from './factories.js';
import { Client, startApp, type TestResponse } from './http.js';

/**
 * Two organisations on a fresh database: A's administrator signed in through the real API (to make A's
 * objects), and B's id, for store-level tests in which B asks for A's objects by id.
 */
export async function twoOrganisations() {
  const services = await freshServices();
  const { base, close } = await startApp(services);
  const orgA = await makeOrg(services);
  const orgB = await makeOrg(services);
  const admin = await makeUser(services, { orgId: orgA, role: 'org_admin' });
  const client = new Client(base);
  await client.login(admin.email);
  return {
    services,
    client,
    orgA,
    orgB: orgB,
    adminId: admin.userId,
    /** The id a creating request answered with. */
    idOf(res: TestResponse, pick: (body: never) => string = (b: { id: string }) => b.id): string {
      expect(res.status, res.text).toBeLessThan(300);
      return pick(res.body as never);
    },
    async close() {
      await close();
      await services.close();
    },
  };
}
