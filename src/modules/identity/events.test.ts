import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../platform/events.js';
import { freshServices } from '../../test/db.js';
import { makeOrg, makeUser } from '../../test/factories.js';
import { Client, startApp } from '../../test/http.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let bus: EventBus;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  services = await freshServices();
  bus = await createEventBus({ url: services.url, pool: services.pool, log: () => {} });
  ({ base, close } = await startApp(services, { bus }));
});
afterAll(async () => {
  await close();
  await bus.close();
  await services.close();
});

/** Opens the SSE stream as `client` and collects what arrives. */
async function listen(client: Client): Promise<{ text: () => string; stop: () => void }> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/events`, {
    headers: { cookie: client.cookie ?? '' },
    signal: controller.signal,
  });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  let received = '';
  const reader = res.body?.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (!chunk || chunk.done) return;
      received += decoder.decode(chunk.value);
    }
  })();
  return { text: () => received, stop: () => controller.abort() };
}

describe('live notifications', () => {
  it('tells the members of an organisation, and nobody else, that a colleague joined', async () => {
    const orgId = await makeOrg(services);
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const outsider = await makeUser(services);
    const adminClient = new Client(base);
    await adminClient.login(admin.email);
    const outsiderClient = new Client(base);
    await outsiderClient.login(outsider.email);
    const mine = await listen(adminClient);
    const theirs = await listen(outsiderClient);
    await expect.poll(() => mine.text()).toContain(': connected');

    await adminClient.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: 'joiner@example.org',
      role: 'staff',
    });
    const mail = (await services.mailer.listOutbox({ limit: 5 })).find((m) => m.to === 'joiner@example.org');
    const token = /\/invite\/([\w-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    await new Client(base).post('/api/v1/invitations/accept', {
      token,
      name: 'Joiner',
      password: 'a long enough password',
    });

    await expect.poll(() => mine.text(), { timeout: 5000 }).toContain('event: member.joined');
    expect(mine.text()).toContain('joiner@example.org');
    expect(theirs.text()).not.toContain('member.joined');
    mine.stop();
    theirs.stop();
  });

  it('refuses anonymous listeners', async () => {
    expect((await fetch(`${base}/api/v1/events`)).status).toBe(401);
  });
});

describe('the event bus', () => {
  it('carries an event published by one process to a listener in another (two connections, one database)', async () => {
    const other = await createEventBus({ url: services.url, pool: services.pool, log: () => {} });
    const seen: string[] = [];
    other.subscribe((event) => seen.push(event.type));
    await bus.publish({ type: 'test.crossed', orgId: null, userId: null, data: {} });
    await expect.poll(() => seen).toContain('test.crossed');
    await other.close();
  });
});
