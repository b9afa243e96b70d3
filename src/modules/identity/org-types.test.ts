import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { makeOrg, makeUser } from '../../test/factories.js';
import { Client, errorId, startApp } from '../../test/http.js';

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

async function adminOf(type: 'emb' | 'assistance_provider' | 'tech_company' | 'cso') {
  const orgId = await makeOrg(services, { type });
  const client = new Client(base);
  await client.login((await makeUser(services, { orgId, role: 'org_admin' })).email);
  return { orgId, client };
}

describe('the modules an organisation works in follow its type', () => {
  it("gives an adviser's own provider no election calendar or assessment, but its training and members", async () => {
    const { orgId, client } = await adminOf('assistance_provider');
    const assessment = await client.post(`/api/v1/orgs/${orgId}/assessments`, {
      packId: 'electoral-cyber-preparedness',
      packVersion: '1.0.0',
      title: 'Created in the wrong organisation',
      tier: 'A',
    });
    expect(assessment.status).toBe(403);
    expect(errorId(assessment)).toBe('module_not_used');
    expect(errorId(await client.get(`/api/v1/orgs/${orgId}/elections`))).toBe('module_not_used');
    expect((await client.get(`/api/v1/orgs/${orgId}/training/sessions`)).status).toBe(200);
    expect((await client.get(`/api/v1/orgs/${orgId}/members`)).status).toBe(200);
    const me = (await client.get('/api/v1/me')).body as {
      memberships: { orgId: string; reads: string[]; writes: string[] }[];
    };
    expect(me.memberships.find((m) => m.orgId === orgId)).toMatchObject({
      reads: ['training', 'network', 'identity', 'audit'],
      writes: ['training', 'network'],
    });
  });

  it('explains each role from the table the server enforces, for the organisation type', async () => {
    const provider = await adminOf('assistance_provider');
    const roles = (await provider.client.get(`/api/v1/orgs/${provider.orgId}/roles`)).body as {
      role: string;
      reads: string[];
      writes: string[];
    }[];
    expect(roles.find((r) => r.role === 'trainer')).toEqual({
      role: 'trainer',
      reads: ['training', 'network'],
      writes: ['training'],
    });
    expect(roles.find((r) => r.role === 'org_admin')?.writes).toEqual([
      'training',
      'network',
      'identity',
      'audit',
    ]);
    const emb = await adminOf('emb');
    const embRoles = (await emb.client.get(`/api/v1/orgs/${emb.orgId}/roles`)).body as {
      role: string;
      writes: string[];
    }[];
    expect(embRoles.find((r) => r.role === 'staff')?.writes).toEqual([]);
    expect(embRoles.find((r) => r.role === 'analyst')?.writes).toEqual([
      'assessments',
      'roadmap',
      'network',
      'webwatch',
      'platforms',
      'safety',
    ]);
  });

  it('opens every module to an electoral body', async () => {
    const { orgId, client } = await adminOf('emb');
    expect((await client.get(`/api/v1/orgs/${orgId}/elections`)).status).toBe(200);
    const me = (await client.get('/api/v1/me')).body as { memberships: { reads: string[] }[] };
    expect(me.memberships[0]?.reads).toHaveLength(10);
  });

  it("keeps a tech company's liaison to the platforms module", async () => {
    const { orgId, client } = await adminOf('tech_company');
    expect(errorId(await client.get(`/api/v1/orgs/${orgId}/training/sessions`))).toBe('module_not_used');
    expect(errorId(await client.get(`/api/v1/orgs/${orgId}/roadmap/items`))).toBe('module_not_used');
  });
});
