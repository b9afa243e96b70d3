import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { errorId, startApp } from '../../test/http.js';
import { regionalNetwork, signedInAs } from '../../test/network.js';
import type { OrgId, Role } from '../identity/index.js';
import type { Observable } from './observables.js';
import { BUILT_IN_WARNING_LISTS, warningsFor } from './warnings.js';

describe('warning lists', () => {
  const entries = BUILT_IN_WARNING_LISTS.flatMap((l) => l.entries);
  const hits = (...observables: Observable[]) => warningsFor(observables, entries).map((w) => w.entry.list);

  it('flag resolvers, addresses inside CDN blocks, and hosts within large platforms’ domains', () => {
    expect(hits({ kind: 'ipv4', value: '8.8.8.8' })).toEqual(['public-resolvers']);
    expect(hits({ kind: 'ipv4', value: '104.16.3.4' })).toEqual(['cdn-ranges']);
    expect(hits({ kind: 'url', value: 'https://accounts.google.com/signin' })).toEqual(['common-domains']);
    expect(hits({ kind: 'domain', value: 'google.com.login-check.example' })).toEqual([]);
  });

  it('never flag an e-mail address by its provider’s domain', () => {
    expect(hits({ kind: 'email', value: 'attacker@gmail.com' })).toEqual([]);
  });
});

describe('warning lists in a network', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  let net: Awaited<ReturnType<typeof regionalNetwork>>;
  beforeAll(async () => {
    services = await freshServices();
    ({ base, close } = await startApp(services));
    net = await regionalNetwork(services);
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  const signedIn = (orgId: OrgId, role?: Role) =>
    signedInAs(services, { base, orgId, ...(role && { role }) });

  it('holds back a likely false positive until the member confirms it, and it never correlates', async () => {
    const [a, b] = net.members;
    const first = await signedIn(a);
    const url = `/api/v1/networks/${net.networkId}/indicators`;
    const resolver = { observable: { kind: 'ipv4', value: '1.1.1.1' }, tlp: 'green' };
    const check = await first.post(`${url}/check`, resolver);
    expect(check.body).toMatchObject({
      warnings: [{ list: 'public-resolvers', note: 'Cloudflare 1.1.1.1' }],
    });
    const held = await first.post(url, resolver);
    expect(held.status).toBe(409);
    expect(errorId(held)).toBe('indicator_on_warning_list');
    expect(((await first.get(url)).body as { indicators: unknown[] }).indicators).toEqual([]);

    const shared = await first.post(url, { ...resolver, acceptWarnings: true });
    expect(shared.status).toBe(201);
    const again = (await (await signedIn(b)).post(url, { ...resolver, acceptWarnings: true })).body as {
      id: string;
    };
    const read = (await first.get(`${url}/${again.id}`)).body as { correlated: unknown[] };
    expect(read.correlated).toEqual([]);
  });

  it('lets coordinators add the members’ official domains, which then flag their subdomains', async () => {
    const coordinator = await signedIn(net.coordinator);
    const entry = await coordinator.post(`/api/v1/networks/${net.networkId}/warning-lists/entries`, {
      list: 'official_domains',
      kind: 'domain',
      value: 'CNE.XA.example',
      note: 'Arvenia electoral council',
    });
    expect(entry.status).toBe(201);
    expect(entry.body).toMatchObject({ value: 'cne.xa.example' });
    const member = await signedIn(net.members[0]);
    const refused = await member.post(`/api/v1/networks/${net.networkId}/warning-lists/entries`, {
      list: 'other',
      kind: 'domain',
      value: 'example.org',
    });
    expect(errorId(refused)).toBe('network_coordinator_only');
    const check = await member.post(`/api/v1/networks/${net.networkId}/indicators/check`, {
      observable: { kind: 'url', value: 'https://results.cne.xa.example/tally' },
      tlp: 'green',
    });
    expect(check.body).toMatchObject({
      warnings: [{ list: 'official_domains', note: 'Arvenia electoral council' }],
    });
  });
});
