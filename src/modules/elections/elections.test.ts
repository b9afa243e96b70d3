import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { makeUser } from '../../test/factories.js';
import { Client, errorId, startApp } from '../../test/http.js';
import { currentPhase, daysUntil } from './model.js';

describe('calendar arithmetic', () => {
  it('counts whole days to a polling day in UTC', () => {
    expect(daysUntil('2027-01-10', new Date('2027-01-01T23:59:00Z'))).toBe(9);
    expect(daysUntil('2027-01-01', new Date('2027-01-01T00:00:01Z'))).toBe(0);
    expect(daysUntil('2026-12-31', new Date('2027-01-01T12:00:00Z'))).toBe(-1);
  });

  it('finds the phase a date falls in', () => {
    const election = {
      id: 'e',
      orgId: 'o',
      name: 'n',
      kind: 'general' as const,
      pollingDay: '2027-03-01',
      phases: [
        { phase: 'campaign' as const, startsOn: '2027-02-01', endsOn: '2027-02-27' },
        { phase: 'election_day' as const, startsOn: '2027-03-01', endsOn: '2027-03-01' },
      ],
    };
    expect(currentPhase(election, new Date('2027-02-27T22:00:00Z'))).toBe('campaign');
    expect(currentPhase(election, new Date('2027-02-28T12:00:00Z'))).toBeUndefined();
    expect(currentPhase(election, new Date('2027-03-01T08:00:00Z'))).toBe('election_day');
  });
});

describe('election calendar API', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    services = await freshServices();
    services.clock.set(new Date('2027-01-01T10:00:00Z'));
    ({ base, close } = await startApp(services));
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  it('keeps elections with phases and tells the days to the next polling day', async () => {
    const { email, orgId } = await makeUser(services, { role: 'security_lead' });
    const client = new Client(base);
    await client.login(email);
    const path = `/api/v1/orgs/${orgId}/elections`;
    expect((await client.get(`${path}/next`)).body).toEqual({ next: null });
    await client.post(path, { name: 'Past by-election', kind: 'by_election', pollingDay: '2026-11-01' });
    const created = await client.post(path, {
      name: 'General election',
      kind: 'general',
      pollingDay: '2027-03-01',
      phases: [
        { phase: 'campaign', startsOn: '2027-02-01', endsOn: '2027-02-27' },
        { phase: 'election_day', startsOn: '2027-03-01', endsOn: '2027-03-01' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      pollingDay: '2027-03-01',
      phases: [{ phase: 'campaign' }, { phase: 'election_day' }],
    });
    expect((await client.get(`${path}/next`)).body).toMatchObject({
      next: { name: 'General election', daysToGo: 59 },
    });
    const id = (created.body as { id: string }).id;
    const moved = await client.put(`${path}/${id}`, {
      name: 'General election',
      kind: 'general',
      pollingDay: '2027-03-08',
      phases: [],
    });
    expect(moved.body).toMatchObject({ pollingDay: '2027-03-08', phases: [] });
    // A second election of the same name, in any case or accents, is refused and changes nothing.
    const twin = await client.post(path, {
      name: 'GENERAL ELÉCTION',
      kind: 'local',
      pollingDay: '2027-06-01',
    });
    expect(twin.status).toBe(409);
    expect(errorId(twin)).toBe('election_name_taken');
    expect((await client.get(path)).body).toHaveLength(2);
    const other = await client.post(path, {
      name: 'Local elections',
      kind: 'local',
      pollingDay: '2027-06-01',
    });
    const renamed = await client.put(`${path}/${(other.body as { id: string }).id}`, {
      name: 'General election',
      kind: 'local',
      pollingDay: '2027-06-01',
    });
    expect(errorId(renamed)).toBe('election_name_taken');
    expect((await client.delete(`${path}/${id}`)).status).toBe(204);
    expect(errorId(await client.delete(`${path}/${id}`))).toBe('election_not_found');
  });

  it('lets staff read the calendar but not change it', async () => {
    const { email, orgId } = await makeUser(services, { role: 'staff' });
    const client = new Client(base);
    await client.login(email);
    expect((await client.get(`/api/v1/orgs/${orgId}/elections`)).status).toBe(200);
    const res = await client.post(`/api/v1/orgs/${orgId}/elections`, {
      name: 'Mine',
      kind: 'local',
      pollingDay: '2027-05-01',
    });
    expect(errorId(res)).toBe('role_forbidden');
  });
});
