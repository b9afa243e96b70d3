import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { generate } from 'otplib';
import { sql } from 'kysely';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from './platform/events.js';
import { loadConfig } from './platform/config.js';
import { createLogger } from './runtime.js';
import { buildServer } from './server.js';
import { freshServices, testConfig } from './test/db.js';
import { makeOrg, makeUser, TEST_PASSWORD } from './test/factories.js';
import { Client, errorId, startApp } from './test/http.js';
import { zipOf } from './test/zip.js';
import type { OrgId, Role } from './modules/identity/index.js';

/**
 * One test per finding of the security review (`shared/reference/security-review.md`, S1–S18): each is the
 * review's reproduction, and each failed on the code the review attacked.
 */
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

async function signedIn(opts: { orgId?: OrgId; role?: Role } = {}) {
  const user = await makeUser(services, opts);
  const client = new Client(base);
  expect((await client.login(user.email)).status).toBe(200);
  return { ...user, client, orgId: user.orgId as OrgId };
}

/** Every message in the outbox to `to`, newest first. */
async function mailTo(to: string) {
  return (await services.mailer.listOutbox({ limit: 100 })).filter((m) => m.to === to);
}

/** The secret a link of `kind` carries in the newest message to `to`, once it has arrived. */
async function linkIn(to: string, kind: 'reset' | 'invite' | 'unlock'): Promise<string> {
  let token = '';
  await expect
    .poll(async () => {
      const text = (await mailTo(to))[0]?.text ?? '';
      token = new RegExp(`/${kind}/([\\w-]{20,})`).exec(text)?.[1] ?? '';
      return token;
    })
    .not.toBe('');
  return token;
}

async function enrolTotp(client: Client): Promise<string> {
  const { secret } = (await client.post('/api/v1/me/totp')).body as { secret: string };
  expect(
    (
      await client.post('/api/v1/me/totp/confirm', {
        code: await generate({ secret, epoch: Math.floor(services.clock.now().getTime() / 1000) }),
      })
    ).status,
  ).toBe(204);
  return secret;
}

/** A new assessment of the built-in framework in `orgId`. */
async function newAssessment(client: Client, orgId: string, title: string): Promise<{ id: string }> {
  const res = await client.post(`/api/v1/orgs/${orgId}/assessments`, {
    title,
    tier: 'B',
    packId: 'electoral-cyber-preparedness',
    packVersion: '1.0.0',
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string };
}

describe('S1: content packs are shared by every organisation', () => {
  it("refuses an analyst's import that would publish a new pack to every tenant", async () => {
    const { client, orgId } = await signedIn({ role: 'analyst' });
    const created = await newAssessment(client, orgId, 'Baseline');
    const file = (await client.get(`/api/v1/orgs/${orgId}/assessments/${created.id}/export.json`)).body as {
      pack: { version: string; title: { en: string } };
    };
    file.pack.version = '2.0.0';
    file.pack.title.en = 'OFFICIAL: call +1-555 for help';
    const res = await client.post(`/api/v1/orgs/${orgId}/assessments/import`, file);
    expect(res.status).toBe(400);
    expect(errorId(res)).toBe('pack_not_stored');
    const packs = (await client.get('/api/v1/assessment-packs')).body as { version: string }[];
    expect(packs.map((p) => p.version)).not.toContain('2.0.0');
  });
});

describe('S2: "MFA required" binds advisers too', () => {
  it('refuses a password-only adviser acting under a grant once the grantor requires two-step sign-in', async () => {
    const admin = await signedIn({ role: 'org_admin' });
    const provider = await makeOrg(services, { type: 'assistance_provider' });
    const adviser = await signedIn({ orgId: provider, role: 'analyst' });
    await admin.client.post(`/api/v1/orgs/${admin.orgId}/grants`, {
      granteeOrgId: provider,
      modules: ['assessments'],
      level: 'write',
    });
    expect((await adviser.client.get(`/api/v1/orgs/${admin.orgId}/assessments`)).status).toBe(200);
    await enrolTotp(admin.client);
    expect((await admin.client.put(`/api/v1/orgs/${admin.orgId}/policy`, { mfaRequired: true })).status).toBe(
      204,
    );
    const refused = await adviser.client.get(`/api/v1/orgs/${admin.orgId}/assessments`);
    expect(refused.status).toBe(403);
    expect(errorId(refused)).toBe('mfa_enrolment_required');
  });
});

describe('S3, S9: live links in stored mail', () => {
  it('audits a password reset in every organisation of the person', async () => {
    const orgA = await makeOrg(services);
    const orgB = await makeOrg(services);
    const person = await makeUser(services, { orgId: orgA, role: 'org_admin' });
    const adminB = await signedIn({ orgId: orgB, role: 'org_admin' });
    const invited = await adminB.client.post(`/api/v1/orgs/${orgB}/invitations`, {
      email: person.email,
      role: 'staff',
    });
    expect(invited.status).toBe(201);
    const invitation = await linkIn(person.email, 'invite');
    expect(
      (
        await new Client(base).post('/api/v1/invitations/accept', {
          token: invitation,
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(200);
    await new Client(base).post('/api/v1/auth/password-reset', { email: person.email });
    const token = await linkIn(person.email, 'reset');
    const done = await new Client(base).post('/api/v1/auth/password-reset/complete', {
      token,
      password: 'operator chosen password',
    });
    expect(done.status).toBe(204);
    const trail = (await adminB.client.get(`/api/v1/orgs/${orgB}/audit?limit=50`)).body as {
      action: string;
    }[];
    expect(trail.map((e) => e.action)).toContain('auth.password_reset');
  });

  it('keeps no live link in a delivered message and never shows SMTP mail links to the operator', async () => {
    const smtp = await freshServices({ config: testConfig({ SMTP_URL: 'smtp://127.0.0.1:9' }) });
    try {
      const { email } = await makeUser(smtp);
      smtp.identity.members.requestPasswordReset({ email, ip: '192.0.2.1' });
      await expect.poll(async () => (await smtp.mailer.listOutbox({ limit: 5 })).length).toBe(1);
      const [message] = await smtp.mailer.listOutbox({ limit: 5 });
      expect(message?.text).toMatch(/\/reset\/\[removed\]/);
      const { rows } = await sql<{ n: string }>`
        SELECT count(*)::text AS n FROM mail_outbox WHERE text_body ~ '/reset/[A-Za-z0-9_-]{20}'`.execute(
        smtp.db,
      );
      // Undelivered (the SMTP server is unreachable), so the stored body still needs it; the view never shows it.
      expect(Number(rows[0]?.n)).toBe(1);
    } finally {
      await smtp.close();
    }
  });

  it('removes the links of outbox messages after 7 days and the messages after 30', async () => {
    const { email } = await makeUser(services);
    services.identity.members.requestPasswordReset({ email, ip: '192.0.2.2' });
    await linkIn(email, 'reset');
    const now = services.clock.now();
    await services.mailer.prune(new Date(now.getTime() + 8 * 86_400_000));
    expect((await mailTo(email))[0]?.text).toMatch(/\/reset\/\[removed\]/);
    await services.mailer.prune(new Date(now.getTime() + 31 * 86_400_000));
    expect(await mailTo(email)).toEqual([]);
  });
});

describe('S5: second-factor guesses are limited per account', () => {
  it('does not reset the failure count when the password is entered again', async () => {
    const user = await signedIn();
    const secret = await enrolTotp(user.client);
    services.clock.advance(1000);
    for (let round = 0; round < 3; round++) {
      const c = new Client(base);
      const login = await c.login(user.email);
      if (login.status === 429) break;
      for (let i = 0; i < 2; i++) await c.post('/api/v1/auth/mfa/totp', { code: '000000' });
    }
    const c = new Client(base);
    const again = await c.login(user.email);
    const finish =
      again.status === 200
        ? await c.post('/api/v1/auth/mfa/totp', {
            code: await generate({ secret, epoch: Math.floor(services.clock.now().getTime() / 1000) }),
          })
        : again;
    expect(finish.status).toBe(429);
  });
});

describe('S6: account security needs a signed-in browser session', () => {
  it('refuses an API token on the authenticator, session, password and token routes', async () => {
    const user = await signedIn();
    const { token } = (await user.client.post('/api/v1/me/tokens', { orgId: user.orgId, name: 'ci' }))
      .body as {
      token: string;
    };
    const bearer = new Client(base);
    bearer.bearer = token;
    expect((await bearer.get('/api/v1/me')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/v1/me/totp', {}],
      ['GET', '/api/v1/me/sessions', undefined],
      ['POST', '/api/v1/me/password', { current: TEST_PASSWORD, next: 'another long password' }],
      ['POST', '/api/v1/me/tokens', { orgId: user.orgId, name: 'more' }],
    ] as const) {
      const res = await bearer.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(errorId(res)).toBe('interactive_session_required');
    }
  });
});

describe('S8: secrets in the request log', () => {
  it('masks reset, invitation and learner tokens in logged URLs', async () => {
    let log = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const logger = createLogger({ logLevel: 'info' }, sink);
    const app = await buildServer(services, testConfig(), logger);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const secret = 'SECRETRESETTOKEN0123456789abcdef';
    for (const path of [`/reset/${secret}`, `/invite/${secret}`, `/learn/${secret}/tests/pre`])
      await fetch(`http://127.0.0.1:${port}${path}`);
    await app.close();
    expect(log).toContain('/reset/[redacted]');
    expect(log).not.toContain(secret);
  });
});

describe('S10, S16: credentials end when they should', () => {
  it('ends an open event stream when its session signs out', async () => {
    const user = await signedIn();
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events`, {
      headers: { cookie: user.client.cookie ?? '' },
      signal: controller.signal,
    });
    const reader = res.body?.getReader();
    let ended = false;
    void (async () => {
      for (;;) {
        const chunk = await reader?.read().catch(() => undefined);
        if (!chunk || chunk.done) {
          ended = true;
          return;
        }
      }
    })();
    expect((await user.client.post('/api/v1/auth/logout')).status).toBe(204);
    await expect.poll(() => ended, { timeout: 5000 }).toBe(true);
    controller.abort();
  });

  it('revokes sessions and tokens on deactivation, so re-activation brings none back', async () => {
    const admin = await signedIn({ role: 'org_admin' });
    const member = await signedIn({ orgId: admin.orgId, role: 'viewer' });
    const { token } = (await member.client.post('/api/v1/me/tokens', { orgId: admin.orgId, name: 'x' }))
      .body as { token: string };
    const path = `/api/v1/orgs/${admin.orgId}/members/${member.userId}`;
    expect((await admin.client.patch(path, { active: false })).status).toBe(204);
    expect((await admin.client.patch(path, { active: true })).status).toBe(204);
    const bearer = new Client(base);
    bearer.bearer = token;
    expect((await bearer.get('/api/v1/me')).status).toBe(401);
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
  });

  it('uses up every reset link and revokes API tokens when a password is reset', async () => {
    const user = await signedIn();
    const { token } = (await user.client.post('/api/v1/me/tokens', { orgId: user.orgId, name: 'x' }))
      .body as {
      token: string;
    };
    await new Client(base).post('/api/v1/auth/password-reset', { email: user.email });
    const first = await linkIn(user.email, 'reset');
    await new Client(base).post('/api/v1/auth/password-reset', { email: user.email });
    await expect.poll(async () => (await mailTo(user.email)).length).toBe(2);
    const second = await linkIn(user.email, 'reset');
    expect(second).not.toBe(first);
    const complete = (t: string) =>
      new Client(base).post('/api/v1/auth/password-reset/complete', {
        token: t,
        password: 'a new password here',
      });
    expect((await complete(first)).status).toBe(204);
    expect(errorId(await complete(second))).toBe('reset_invalid');
    const bearer = new Client(base);
    bearer.bearer = token;
    expect((await bearer.get('/api/v1/me')).status).toBe(401);
  });
});

describe('S11: failed sign-ins hold an account back without locking its owner out', () => {
  it('e-mails the owner an unlock link that lets them in while the attacker stays out', async () => {
    const { email } = await makeUser(services);
    for (let i = 0; i < 5; i++) await new Client(base).login(email, 'an attacker guess');
    const held = await new Client(base).login(email);
    expect(held.status).toBe(429);
    expect(errorId(held)).toBe('login_locked');
    const unlock = await linkIn(email, 'unlock');
    const owner = new Client(base);
    const res = await owner.post('/api/v1/auth/login', { email, password: TEST_PASSWORD, unlock });
    expect(res.status).toBe(200);
    expect((await owner.get('/api/v1/me')).status).toBe(200);
    expect(
      (await new Client(base).post('/api/v1/auth/login', { email, password: TEST_PASSWORD, unlock })).status,
      'an unlock link works once',
    ).toBe(200);
  });

  it('refuses TRUST_PROXY=true, which would believe any X-Forwarded-For', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
    ]);
  });
});

describe('S13: login CSRF', () => {
  it('refuses a cross-site form post to the sign-in route', async () => {
    const { email } = await makeUser(services);
    const body = new URLSearchParams({ email, password: TEST_PASSWORD }).toString();
    const form = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      body,
    });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.headers.get('set-cookie')).toBeNull();
    const json = await new Client(base).request(
      'POST',
      '/api/v1/auth/login',
      { email, password: TEST_PASSWORD },
      {
        origin: 'http://evil.example',
      },
    );
    expect(json.status).toBe(403);
  });
});

describe('S14: invitation acceptance is no password oracle', () => {
  it('throttles wrong passwords of an existing account like sign-in does', async () => {
    const admin = await signedIn({ role: 'org_admin' });
    const { email } = await makeUser(services);
    await admin.client.post(`/api/v1/orgs/${admin.orgId}/invitations`, { email, role: 'staff' });
    const token = await linkIn(email, 'invite');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await new Client(base).post('/api/v1/invitations/accept', { token, password: `guess number ${i}` }))
          .status,
      );
    expect(statuses).toContain(429);
  });
});

describe('S15: reset requests', () => {
  it('sends at most three reset mails an hour to one address', async () => {
    const { email } = await makeUser(services);
    for (let i = 0; i < 6; i++)
      await new Client(base).request(
        'POST',
        '/api/v1/auth/password-reset',
        { email },
        { 'x-forwarded-for': `${i}` },
      );
    await expect.poll(async () => (await mailTo(email)).length).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await mailTo(email)).length).toBe(3);
  });
});

describe('S18: smaller ones', () => {
  it('keeps one live grant per provider, so revoking it ends access', async () => {
    const admin = await signedIn({ role: 'org_admin' });
    const provider = await makeOrg(services, { type: 'assistance_provider' });
    const adviser = await signedIn({ orgId: provider, role: 'analyst' });
    const body = { granteeOrgId: provider, modules: ['roadmap'], level: 'read' };
    await admin.client.post(`/api/v1/orgs/${admin.orgId}/grants`, body);
    const second = (await admin.client.post(`/api/v1/orgs/${admin.orgId}/grants`, body)).body as {
      id: string;
    };
    expect((await admin.client.delete(`/api/v1/orgs/${admin.orgId}/grants/${second.id}`)).status).toBe(204);
    expect((await adviser.client.get(`/api/v1/orgs/${admin.orgId}/roadmap/items`)).status).toBe(404);
  });

  it('gives no contact details of a deactivated member to reminders', async () => {
    const orgId = await makeOrg(services);
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const member = await makeUser(services, { orgId, role: 'analyst' });
    expect(await services.identity.contactOf(orgId, member.userId)).toBeDefined();
    const client = new Client(base);
    await client.login(admin.email);
    await client.patch(`/api/v1/orgs/${orgId}/members/${member.userId}`, { active: false });
    expect(await services.identity.contactOf(orgId, member.userId)).toBeUndefined();
  });

  it('answers /metrics to loopback only, or to the metrics token', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(
      404,
    );
    const withToken = await startApp(services, {
      config: testConfig({ METRICS_TOKEN: 'a-metrics-token-0123' }),
    });
    const res = await fetch(`${withToken.base}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer a-metrics-token-0123' },
    });
    expect(res.status).toBe(200);
    await withToken.close();
  });

  it('answers a broken credential at POST /verify with a code, not the library exception', async () => {
    const res = await fetch(`${base}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    const body = (await res.json()) as { proofValid: boolean; reason?: string };
    expect(body).toEqual({ proofValid: false, status: null, reason: 'proof_invalid' });
  });

  it('refuses control characters in an uploaded file name', async () => {
    const { client, orgId } = await signedIn({ role: 'analyst' });
    const created = await newAssessment(client, orgId, 'Files');
    const res = await client.request(
      'POST',
      `/api/v1/orgs/${orgId}/assessments/${created.id}/answers/GOV-01/evidence?filename=${encodeURIComponent('a\r\nb.pdf')}`,
      new Blob(['%PDF-1.4']),
      { 'content-type': 'application/pdf' },
    );
    expect(res.status).toBe(400);
  });
});

describe('S4: QR check-in proves who is checking in', () => {
  async function session(admin: Awaited<ReturnType<typeof signedIn>>) {
    const created = await admin.client.post(`/api/v1/orgs/${admin.orgId}/training/sessions`, {
      courseId: 'cyber-hygiene',
      courseVersion: '1.0.0',
      title: 'Polling staff',
      startsOn: services.clock.now().toISOString().slice(0, 10),
      place: 'Room 1',
      audience: 'officials',
      lead: { userId: admin.userId },
    });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { session: { id: string } }).session.id;
    await admin.client.post(`/api/v1/orgs/${admin.orgId}/training/sessions/${id}/roster`, {
      people: [
        { name: 'Lucía Paredes', email: 'lucia@example.org' },
        { name: 'Absent Person', email: 'absent@example.org' },
      ],
    });
    return id;
  }
  async function ticketFor(admin: Awaited<ReturnType<typeof signedIn>>, id: string) {
    const { url } = (await admin.client.get(`/api/v1/orgs/${admin.orgId}/training/sessions/${id}/checkin`))
      .body as { url: string };
    const page = await fetch(url.replace('http://localhost:8080', base)).then((r) => r.text());
    return /name="ticket" value="([^"]+)"/.exec(page)?.[1] ?? '';
  }
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  const attended = async (admin: Awaited<ReturnType<typeof signedIn>>, id: string) =>
    (
      (await admin.client.get(`/api/v1/orgs/${admin.orgId}/training/sessions/${id}`)).body as {
        summary: { attended: number };
      }
    ).summary.attended;

  it('uses a ticket up on a miss, so one scan cannot probe the roster', async () => {
    const admin = await signedIn({ role: 'trainer' });
    const id = await session(admin);
    const ticket = await ticketFor(admin, id);
    expect((await post(`/learn/checkin/${id}`, { ticket, email: 'nobody@example.org' })).status).toBe(400);
    const again = await post(`/learn/checkin/${id}`, { ticket, email: 'lucia@example.org' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already used');
  });

  it('does not check in someone else with a ticket and their e-mail: it takes the code sent to them', async () => {
    const admin = await signedIn({ role: 'trainer' });
    const id = await session(admin);
    const step = await post(`/learn/checkin/${id}`, {
      ticket: await ticketFor(admin, id),
      email: 'absent@example.org',
    });
    expect(step.status).toBe(200);
    expect(await attended(admin, id)).toBe(0);
    const challenge = /name="challenge" value="([^"]+)"/.exec(await step.text())?.[1] ?? '';
    for (let i = 0; i < 5; i++)
      expect(
        (await post(`/learn/checkin/${id}/confirm`, { challenge, code: String(100000 + i) })).status,
      ).toBe(400);
    const mailed = /\b(\d{6})\b/.exec((await mailTo('absent@example.org'))[0]?.text ?? '')?.[1] ?? '';
    const late = await post(`/learn/checkin/${id}/confirm`, { challenge, code: mailed });
    expect(late.status, 'five wrong codes end the challenge').toBe(400);
    expect(await attended(admin, id)).toBe(0);
  });

  it('checks in the person who has the code', async () => {
    const admin = await signedIn({ role: 'trainer' });
    const id = await session(admin);
    const step = await post(`/learn/checkin/${id}`, {
      ticket: await ticketFor(admin, id),
      email: 'lucia@example.org',
    });
    const challenge = /name="challenge" value="([^"]+)"/.exec(await step.text())?.[1] ?? '';
    const mailed = /\b(\d{6})\b/.exec((await mailTo('lucia@example.org'))[0]?.text ?? '')?.[1] ?? '';
    const done = await post(`/learn/checkin/${id}/confirm`, { challenge, code: mailed });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/^\/learn\/[\w-]{20,}/);
    const personal = await fetch(`${base}${done.headers.get('location') ?? ''}`);
    expect(personal.headers.get('cache-control'), 'a personal link stays out of caches').toBe('no-store');
    expect(personal.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await attended(admin, id)).toBe(1);
  });
});

describe('S7: media types belong to each reference to a file', () => {
  it("serves another organisation's identical bytes with the type this organisation uploaded them as", async () => {
    const bytes = `%PDF-1.4 shared guide ${Math.random()}`;
    const evidence = async (media: string) => {
      const { client, orgId } = await signedIn({ role: 'analyst' });
      const created = await newAssessment(client, orgId, 'Files');
      const path = `/api/v1/orgs/${orgId}/assessments/${created.id}/answers/GOV-02/evidence`;
      const up = await client.request('POST', `${path}?filename=guide.pdf`, new Blob([bytes]), {
        'content-type': media,
      });
      expect(up.status).toBe(201);
      const evidenceId = (up.body as { id: string }).id;
      return { client, path: `/api/v1/orgs/${orgId}/assessments/${created.id}/evidence/${evidenceId}` };
    };
    await evidence('image/png');
    const mine = await evidence('application/pdf');
    const download = await mine.client.get(mine.path);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
  });

  it('refuses an imported evidence file whose media type uploads do not accept', async () => {
    const { client, orgId } = await signedIn({ role: 'analyst' });
    const created = await newAssessment(client, orgId, 'To copy');
    const file = (await client.get(`/api/v1/orgs/${orgId}/assessments/${created.id}/export.json`)).body as {
      answers: unknown[];
    };
    const content = Buffer.from('alert(1)');
    file.answers = [
      {
        controlId: 'GOV-01',
        kind: 'score',
        score: 2,
        justification: '',
        comment: '',
        review: false,
        effort: null,
        evidence: [
          {
            filename: 'x.js',
            mediaType: 'text/javascript',
            sha256: createHash('sha256').update(content).digest('hex'),
            contentBase64: content.toString('base64'),
          },
        ],
      },
    ];
    expect((await client.post(`/api/v1/orgs/${orgId}/assessments/import`, file)).status).toBe(400);
  });
});

describe('S12: course ids belong to each organisation', () => {
  async function saveCourse(client: Client, orgId: string, id: string, version: string) {
    const course = JSON.parse(await readFile('content/courses/cyber-hygiene-1.0.0.json', 'utf8')) as Record<
      string,
      unknown
    >;
    return client.post(`/api/v1/orgs/${orgId}/training/courses`, { ...course, id, version });
  }

  it("neither tells one organisation another's private course ids nor lets it take a built-in's place", async () => {
    const xa = await signedIn({ role: 'trainer' });
    const xb = await signedIn({ role: 'trainer' });
    expect((await saveCourse(xa.client, xa.orgId, 'private-course', '1.0.0')).status).toBe(201);
    expect((await saveCourse(xb.client, xb.orgId, 'private-course', '1.0.0')).status).toBe(201);
    expect((await saveCourse(xb.client, xb.orgId, 'cyber-hygiene', '1.0.0')).status).toBe(409);
    expect((await saveCourse(xb.client, xb.orgId, 'cyber-hygiene', '9.9.9')).status).toBe(201);
    // A later release ships 9.9.9 as built-in: every organisation sees it, XB keeps its own.
    const builtIn = JSON.parse(await readFile('content/courses/cyber-hygiene-1.0.0.json', 'utf8')) as {
      title: Record<string, string>;
    };
    await sql`
      INSERT INTO training_courses (id, version, content, sha256, org_id)
      VALUES ('cyber-hygiene', '9.9.9', ${JSON.stringify({ ...builtIn, version: '9.9.9', title: { ...builtIn.title, en: 'Official 9.9.9' } })}::jsonb,
              ${'0'.repeat(64)}, NULL)`.execute(services.db);
    const seen = await xa.client.get(`/api/v1/orgs/${xa.orgId}/training/courses/cyber-hygiene/9.9.9`);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).toContain('Official 9.9.9');
  });
});

describe('S17: spreadsheet bombs', () => {
  it('refuses a small XLSX that would unpack to gigabytes, before reading it', async () => {
    const { client, orgId } = await signedIn({ role: 'analyst' });
    const mission = await client.post(`/api/v1/orgs/${orgId}/roadmap/missions`, {
      name: 'TEAM 2026',
      kind: 'team',
    });
    expect(mission.status, mission.text).toBe(201);
    const id = (mission.body as { id: string }).id;
    const bomb = zipOf(Buffer.alloc(64 * 1024 * 1024));
    const res = await client.request(
      'POST',
      `/api/v1/orgs/${orgId}/roadmap/missions/${id}/import/check`,
      new Blob([new Uint8Array(bomb)]),
      { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    );
    expect(res.status).toBe(413);
    expect(errorId(res)).toBe('import_too_large');
  });
});

describe('ASVS 2.2.3, 2.5.5: the owner hears of changes to how their account signs in', () => {
  it('e-mails the owner when the password changes and when an authenticator is set up', async () => {
    const user = await signedIn();
    await enrolTotp(user.client);
    expect(
      (
        await user.client.post('/api/v1/me/password', {
          current: TEST_PASSWORD,
          next: 'another long password',
        })
      ).status,
    ).toBe(204);
    const subjects = (await mailTo(user.email)).map((m) => m.subject);
    expect(subjects).toContain('Atalaya: An authenticator app was set up');
    expect(subjects).toContain('Atalaya: The password was changed');
    expect((await mailTo(user.email))[0]?.text).toContain('/forgot');
  });
});
