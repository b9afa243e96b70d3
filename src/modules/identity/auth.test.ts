import type { OrgId } from './model.js';
import { sql } from 'kysely';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { makeOrg, makeUser, TEST_PASSWORD } from '../../test/factories.js';
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

/** The last message in the outbox to `to`, once it has arrived (reset links are sent after the answer). */
async function lastMailTo(to: string): Promise<{ subject: string; text: string }> {
  const find = async () => (await services.mailer.listOutbox({ limit: 50 })).find((m) => m.to === to);
  await expect.poll(find).toBeDefined();
  const found = await find();
  if (!found) throw new Error(`no mail to ${to}`);
  return found;
}

describe('signing in', () => {
  it('signs in, describes the user, and signs out', async () => {
    const { email, orgId } = await makeUser(services, { role: 'analyst' });
    const client = new Client(base);
    const login = await client.login(email);
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const me = await client.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, memberships: [{ orgId, role: 'analyst' }] });
    expect(JSON.stringify(me.body)).not.toMatch(/password|secret|hash/i);
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    expect(errorId(await client.get('/api/v1/me'))).toBe('unauthenticated');
  });

  it('tells a caller whose session cookie is no longer valid that the session ended', async () => {
    const client = new Client(base);
    client.cookie = 'atalaya_session=not-a-real-session';
    expect(errorId(await client.get('/api/v1/me'))).toBe('session_expired');
  });

  it('refuses a wrong password with the same answer as an unknown e-mail', async () => {
    const { email } = await makeUser(services);
    const wrong = await new Client(base).login(email, 'not the password at all');
    const unknown = await new Client(base).login('nobody@example.org', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('locks the account for 15 minutes after five failures, then lets it in again', async () => {
    const { email } = await makeUser(services);
    for (let i = 0; i < 5; i++)
      expect((await new Client(base).login(email, 'wrong password!!')).status).toBe(401);
    const locked = await new Client(base).login(email);
    expect(locked.status).toBe(429);
    expect(errorId(locked)).toBe('login_locked');
    expect(locked.headers.get('retry-after')).toBe('900');
    services.clock.advance(16 * 60_000);
    expect((await new Client(base).login(email)).status).toBe(200);
  });

  it('answers in the language asked for', async () => {
    const res = await new Client(base).request(
      'POST',
      '/api/v1/auth/login',
      { email: 'nobody@example.org', password: 'x' },
      { 'accept-language': 'fr-FR,fr;q=0.9' },
    );
    expect((res.body as { error: { message: string } }).error.message).toBe(
      "L'adresse e-mail ou le mot de passe est incorrect.",
    );
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const { email } = await makeUser(services);
    const client = new Client(base);
    await client.login(email);
    client.csrf = 'forged';
    const res = await client.patch('/api/v1/me', { name: 'Changed' });
    expect(res.status).toBe(403);
    expect(errorId(res)).toBe('csrf_failed');
  });

  it('changes a password only with the current one and 12 characters or more, ending other sessions and tokens', async () => {
    const { email, orgId } = await makeUser(services);
    const other = new Client(base);
    await other.login(email);
    const client = new Client(base);
    await client.login(email);
    const { token } = (await client.post('/api/v1/me/tokens', { orgId, name: 'ci' })).body as {
      token: string;
    };
    expect(
      errorId(
        await client.post('/api/v1/me/password', { current: 'not my password', next: 'a long new password' }),
      ),
    ).toBe('wrong_password');
    expect(
      (await client.post('/api/v1/me/password', { current: TEST_PASSWORD, next: 'too short' })).status,
    ).toBe(400);
    const long = 'é'.repeat(200);
    expect((await client.post('/api/v1/me/password', { current: TEST_PASSWORD, next: long })).status).toBe(
      204,
    );
    expect((await client.get('/api/v1/me')).status, 'this session stays').toBe(200);
    expect((await other.get('/api/v1/me')).status, 'other sessions end').toBe(401);
    const bearer = new Client(base);
    bearer.bearer = token;
    expect((await bearer.get('/api/v1/me')).status, 'API tokens are revoked').toBe(401);
    expect((await new Client(base).login(email, long)).status).toBe(200);
  });

  it('lists sessions and revokes another one', async () => {
    const { email } = await makeUser(services);
    const laptop = new Client(base);
    const phone = new Client(base);
    await laptop.login(email);
    await phone.login(email);
    const list = (await laptop.get('/api/v1/me/sessions')).body as { id: string; current: boolean }[];
    expect(list).toHaveLength(2);
    const other = list.find((s) => !s.current);
    expect((await laptop.delete(`/api/v1/me/sessions/${other?.id}`)).status).toBe(204);
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/me')).status).toBe(200);
  });
});

describe('two-step sign-in with an authenticator app', () => {
  it('enrols TOTP, then requires a code at sign-in and refuses a replayed one', async () => {
    const { email } = await makeUser(services);
    const client = new Client(base);
    await client.login(email);
    const start = (await client.post('/api/v1/me/totp')).body as { secret: string; uri: string };
    expect(start.uri).toMatch(/^otpauth:\/\/totp\/Atalaya:/);
    expect(errorId(await client.post('/api/v1/me/totp/confirm', { code: '000000' }))).toBe(
      'mfa_code_invalid',
    );
    const now = Math.floor(services.clock.now().getTime() / 1000);
    const first = await generate({ secret: start.secret, epoch: now });
    expect((await client.post('/api/v1/me/totp/confirm', { code: first })).status).toBe(204);

    services.clock.advance(30_000);
    const again = new Client(base);
    const login = await again.login(email);
    expect(login.body).toMatchObject({ mfaRequired: true, methods: ['totp'] });
    expect(errorId(await again.get('/api/v1/me'))).toBe('mfa_pending');
    const code = await generate({ secret: start.secret, epoch: now + 30 });
    const done = await again.post('/api/v1/auth/mfa/totp', { code });
    expect(done.status).toBe(200);
    again.csrf = (done.body as { csrfToken: string }).csrfToken;
    expect((await again.get('/api/v1/me')).body).toMatchObject({ email, hasMfa: true });

    const replay = new Client(base);
    await replay.login(email);
    expect(errorId(await replay.post('/api/v1/auth/mfa/totp', { code }))).toBe('mfa_code_invalid');
  });

  it('makes members without a second factor enrol when the organisation requires it', async () => {
    const orgId = await makeOrg(services);
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const client = new Client(base);
    await client.login(admin.email);
    expect((await client.put(`/api/v1/orgs/${orgId}/policy`, { mfaRequired: true })).status).toBe(204);
    const res = await client.get(`/api/v1/orgs/${orgId}/members`);
    expect(res.status).toBe(403);
    expect(errorId(res)).toBe('mfa_enrolment_required');
  });
});

describe('invitations and password reset', () => {
  it('invites a colleague who sets a password and signs in with the invited role', async () => {
    const orgId = await makeOrg(services, { name: 'Invitation Test Council' });
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const client = new Client(base);
    await client.login(admin.email);
    const invited = await client.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: 'New.Colleague@Example.org',
      role: 'trainer',
    });
    expect(invited.status).toBe(201);
    const mail = await lastMailTo('new.colleague@example.org');
    expect(mail.subject).toContain('Invitation Test Council');
    const token = /\/invite\/([\w-]+)/.exec(mail.text)?.[1] ?? '';
    const guest = new Client(base);
    expect((await guest.post('/api/v1/invitations/lookup', { token })).body).toMatchObject({
      orgName: 'Invitation Test Council',
      role: 'trainer',
      hasAccount: false,
    });
    expect(
      errorId(
        await guest.post('/api/v1/invitations/accept', { token, name: 'New Colleague', password: 'short' }),
      ),
    ).toBe('password_too_short');
    const accepted = await guest.post('/api/v1/invitations/accept', {
      token,
      name: 'New Colleague',
      password: 'a long enough password',
    });
    expect(accepted.status).toBe(200);
    guest.csrf = (accepted.body as { csrfToken: string }).csrfToken;
    expect((await guest.get('/api/v1/me')).body).toMatchObject({
      name: 'New Colleague',
      memberships: [{ orgId, role: 'trainer' }],
    });
    expect(
      errorId(
        await new Client(base).post('/api/v1/invitations/accept', {
          token,
          password: 'a long enough password',
        }),
      ),
    ).toBe('invitation_used');
    expect((await client.get(`/api/v1/orgs/${orgId}/invitations`)).body).toEqual([]);
  });

  it('refuses a second invitation to the same address, withdraws one, and says so to whoever opens its link', async () => {
    const orgId = await makeOrg(services);
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const client = new Client(base);
    await client.login(admin.email);
    const invite = (role: string) =>
      client.post(`/api/v1/orgs/${orgId}/invitations`, { email: 'twice@example.org', role });
    const first = (await invite('viewer')).body as { invitationId: string };
    const second = await invite('org_admin');
    expect(second.status).toBe(409);
    expect(errorId(second)).toBe('invitation_pending');
    const mailed = (await services.mailer.listOutbox({ limit: 100 })).filter(
      (m) => m.to === 'twice@example.org',
    );
    expect(mailed).toHaveLength(1);
    const token = /\/invite\/([\w-]+)/.exec(mailed[0]?.text ?? '')?.[1] ?? '';

    const stranger = await makeUser(services, { role: 'org_admin' });
    const other = new Client(base);
    await other.login(stranger.email);
    const path = `/api/v1/orgs/${orgId}/invitations/${first.invitationId}`;
    expect(
      (await other.delete(`/api/v1/orgs/${stranger.orgId}/invitations/${first.invitationId}`)).status,
    ).toBe(404);
    expect((await other.delete(path)).status).toBe(404);

    expect((await client.delete(path)).status).toBe(204);
    expect(errorId(await client.delete(path))).toBe('invitation_not_open');
    expect((await client.get(`/api/v1/orgs/${orgId}/invitations`)).body).toEqual([]);
    const guest = new Client(base);
    expect(errorId(await guest.post('/api/v1/invitations/lookup', { token }))).toBe('invitation_withdrawn');
    expect(
      errorId(
        await guest.post('/api/v1/invitations/accept', {
          token,
          name: 'X',
          password: 'a long enough password',
        }),
      ),
    ).toBe('invitation_withdrawn');
    const trail = (await client.get(`/api/v1/orgs/${orgId}/audit?action=member.invitation_withdrawn`))
      .body as { summary: unknown }[];
    expect(trail.map((e) => e.summary)).toEqual([{ email: 'twice@example.org', role: 'viewer' }]);
    expect((await invite('org_admin')).status).toBe(201);
  });

  it('tells the holder of an expired invitation that it expired, and lets the address be invited again', async () => {
    const orgId = await makeOrg(services);
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const client = new Client(base);
    await client.login(admin.email);
    await client.post(`/api/v1/orgs/${orgId}/invitations`, { email: 'late@example.org', role: 'viewer' });
    const token = /\/invite\/([\w-]+)/.exec((await lastMailTo('late@example.org')).text)?.[1] ?? '';
    services.clock.advance(8 * 24 * 3600_000);
    await client.login(admin.email);
    expect(errorId(await new Client(base).post('/api/v1/invitations/lookup', { token }))).toBe(
      'invitation_expired',
    );
    const again = await client.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: 'late@example.org',
      role: 'viewer',
    });
    expect(again.status).toBe(201);
  });

  it('resets a forgotten password by e-mail link and ends old sessions', async () => {
    const { email } = await makeUser(services);
    const old = new Client(base);
    await old.login(email);
    expect((await new Client(base).post('/api/v1/auth/password-reset', { email })).status).toBe(202);
    expect(
      (await new Client(base).post('/api/v1/auth/password-reset', { email: 'ghost@example.org' })).status,
    ).toBe(202);
    const token = /\/reset\/([\w-]+)/.exec((await lastMailTo(email)).text)?.[1] ?? '';
    expect(
      (
        await new Client(base).post('/api/v1/auth/password-reset/complete', {
          token,
          password: 'a brand new password',
        })
      ).status,
    ).toBe(204);
    expect((await old.get('/api/v1/me')).status).toBe(401);
    expect((await new Client(base).login(email)).status).toBe(401);
    expect((await new Client(base).login(email, 'a brand new password')).status).toBe(200);
    expect(
      errorId(
        await new Client(base).post('/api/v1/auth/password-reset/complete', {
          token,
          password: 'yet another password',
        }),
      ),
    ).toBe('reset_invalid');
  });
});

describe('members and API tokens', () => {
  it('changes roles and deactivates members, but never the last admin', async () => {
    const orgId = await makeOrg(services);
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const colleague = await makeUser(services, { orgId, role: 'staff' });
    const client = new Client(base);
    await client.login(admin.email);
    expect(
      (await client.patch(`/api/v1/orgs/${orgId}/members/${colleague.userId}`, { role: 'analyst' })).status,
    ).toBe(204);
    expect(
      errorId(await client.patch(`/api/v1/orgs/${orgId}/members/${admin.userId}`, { role: 'viewer' })),
    ).toBe('last_admin');
    expect(
      (await client.patch(`/api/v1/orgs/${orgId}/members/${colleague.userId}`, { active: false })).status,
    ).toBe(204);
    const other = new Client(base);
    await other.login(colleague.email);
    expect((await other.get('/api/v1/me')).body).toMatchObject({ memberships: [] });
  });

  it('creates a token scoped to one organisation, shown once, usable as Bearer, and revocable', async () => {
    const { email, orgId } = await makeUser(services, { role: 'analyst' });
    const elsewhere = await makeOrg(services);
    await services.identity.orgs.createUser({
      actor: { userId: null, label: 't' },
      email: `second-${email}`,
      name: 'x',
      password: TEST_PASSWORD,
      membership: { orgId: elsewhere, role: 'viewer' },
    });
    const client = new Client(base);
    await client.login(email);
    const created = (await client.post('/api/v1/me/tokens', { orgId, name: 'taxii' })).body as {
      id: string;
      token: string;
    };
    expect(created.token).toMatch(/^atl_/);
    const listed = (await client.get('/api/v1/me/tokens')).body as { prefix: string }[];
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const api = new Client(base);
    api.bearer = created.token;
    expect((await api.get('/api/v1/me')).status).toBe(200);
    expect((await api.get(`/api/v1/orgs/${elsewhere}/elections`)).status).toBe(404);
    expect((await client.delete(`/api/v1/me/tokens/${created.id}`)).status).toBe(204);
    expect((await api.get('/api/v1/me')).status).toBe(401);
  });

  it('lets an adviser read an EMB only under a grant, and not after it is revoked', async () => {
    const emb = await makeOrg(services);
    const provider = await makeOrg(services, { type: 'assistance_provider' });
    const embAdmin = await makeUser(services, { orgId: emb, role: 'org_admin' });
    const adviser = await makeUser(services, { orgId: provider, role: 'security_lead' });
    const admin = new Client(base);
    await admin.login(embAdmin.email);
    const them = new Client(base);
    await them.login(adviser.email);
    expect((await them.get(`/api/v1/orgs/${emb}/elections`)).status).toBe(404);
    const grant = (
      await admin.post(`/api/v1/orgs/${emb}/grants`, {
        granteeOrgId: provider,
        modules: ['elections'],
        level: 'write',
      })
    ).body as { id: string };
    expect((await them.get(`/api/v1/orgs/${emb}/elections`)).status).toBe(200);
    const created = await them.post(`/api/v1/orgs/${emb}/elections`, {
      name: 'Referendum',
      kind: 'referendum',
      pollingDay: '2027-03-01',
    });
    expect(created.status).toBe(201);
    const trail = (await admin.get(`/api/v1/orgs/${emb}/audit?action=election.created`)).body as {
      actor: string;
      viaGrantId: string | null;
    }[];
    expect(trail[0]).toMatchObject({ actor: adviser.email, viaGrantId: grant.id });
    expect((await them.get(`/api/v1/orgs/${emb}/members`)).status).toBe(404);
    expect((await admin.delete(`/api/v1/orgs/${emb}/grants/${grant.id}`)).status).toBe(204);
    expect((await them.get(`/api/v1/orgs/${emb}/elections`)).status).toBe(404);
  });

  it('ends a grant on its end date without anyone revoking it, and refuses an end date in the past', async () => {
    const emb = await makeOrg(services);
    const provider = await makeOrg(services, { type: 'assistance_provider' });
    const admin = new Client(base);
    await admin.login((await makeUser(services, { orgId: emb, role: 'org_admin' })).email);
    const them = new Client(base);
    await them.login((await makeUser(services, { orgId: provider, role: 'security_lead' })).email);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const body = { granteeOrgId: provider, modules: ['elections'], level: 'read' };
    expect(errorId(await admin.post(`/api/v1/orgs/${emb}/grants`, { ...body, expiresOn: day(-1) }))).toBe(
      'grant_expiry_past',
    );
    const grant = (await admin.post(`/api/v1/orgs/${emb}/grants`, { ...body, expiresOn: day(30) })).body as {
      id: string;
    };
    expect((await them.get('/api/v1/me/grants')).body).toMatchObject([{ id: grant.id, expiresOn: day(30) }]);
    expect((await them.get(`/api/v1/orgs/${emb}/elections`)).status).toBe(200);
    // Its last day passes.
    await sql`UPDATE access_grants SET expires_on = current_date - 1 WHERE id = ${grant.id}`.execute(
      services.db,
    );
    expect((await them.get(`/api/v1/orgs/${emb}/elections`)).status).toBe(404);
    expect((await them.get('/api/v1/me/grants')).body).toEqual([]);
  });
});

describe('retention', () => {
  it('prunes sessions and sign-in attempts older than 30 days, and records that it did', async () => {
    const { email } = await makeUser(services);
    await new Client(base).login(email, 'wrong password!!');
    const old = new Client(base);
    await old.login(email);
    await old.post('/api/v1/auth/logout');
    services.clock.advance(31 * 24 * 3600_000);
    const pruned = await services.identity.auth.pruneHistory();
    expect(pruned.ok && pruned.value.sessions >= 1 && pruned.value.attempts >= 2).toBe(true);
    services.clock.advance(-31 * 24 * 3600_000);
  });
});

describe('the audit trail and the operator', () => {
  it('filters the trail and exports it as CSV, for admins only', async () => {
    const orgId = await makeOrg(services);
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const staff = await makeUser(services, { orgId, role: 'staff' });
    const client = new Client(base);
    await client.login(admin.email);
    await client.post(`/api/v1/orgs/${orgId}/invitations`, { email: 'audited@example.org', role: 'viewer' });
    const filtered = (await client.get(`/api/v1/orgs/${orgId}/audit?action=member.invited`)).body as {
      action: string;
      actor: string;
    }[];
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ action: 'member.invited', actor: admin.email });
    const csv = await client.get(`/api/v1/orgs/${orgId}/audit?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'id,at,actor,action,target_type,target_id,via_grant,request_id,summary,hash',
    );
    expect(csv.text).toContain('member.invited');
    // People are named, and found by name as well as by e-mail.
    await client.patch(`/api/v1/orgs/${orgId}/members/${staff.userId}`, { role: 'analyst' });
    const byName = (
      await client.get(
        `/api/v1/orgs/${orgId}/audit?actor=${encodeURIComponent('test ' + admin.email.slice(0, 6))}`,
      )
    ).body as { action: string; actorName: string | null; targetName: string | null }[];
    expect(byName.map((e) => e.action)).toContain('member.updated');
    expect(byName.find((e) => e.action === 'member.updated')).toMatchObject({
      actorName: `Test ${admin.email}`,
      targetName: `Test ${staff.email}`,
    });
    const viewer = new Client(base);
    await viewer.login(staff.email);
    expect((await viewer.get(`/api/v1/orgs/${orgId}/audit`)).status).toBe(403);
  });

  it('lets the operator create an organisation with units and a network with coordinators', async () => {
    const operator = await makeUser(services, { operator: true, noOrg: true });
    const client = new Client(base);
    await client.login(operator.email);
    const created = await client.post('/api/v1/admin/orgs', {
      name: 'Electoral Tribunal of Zedonia',
      type: 'emb',
      country: 'XZ',
      units: ['North', 'South'],
    });
    expect(created.status).toBe(201);
    const orgId = (created.body as { id: string }).id;
    const provider = await makeOrg(services, { type: 'assistance_provider' });
    const network = await client.post('/api/v1/admin/networks', {
      name: 'Zedonia Network',
      members: [
        { orgId, role: 'member' },
        { orgId: provider, role: 'coordinator' },
      ],
    });
    expect(network.status).toBe(201);
    const listed = (await client.get('/api/v1/admin/networks')).body as {
      name: string;
      members: { role: string }[];
    }[];
    expect(
      listed
        .find((n) => n.name === 'Zedonia Network')
        ?.members.map((m) => m.role)
        .sort(),
    ).toEqual(['coordinator', 'member']);
    expect(
      errorId(
        await client.post('/api/v1/admin/orgs', {
          name: 'electoral tribunal of zedonia',
          type: 'emb',
          country: 'XZ',
        }),
      ),
    ).toBe('name_taken');
    const admin = await makeUser(services, { orgId: orgId as OrgId, role: 'org_admin' });
    const adminClient = new Client(base);
    await adminClient.login(admin.email);
    expect((await adminClient.get(`/api/v1/orgs/${orgId}`)).body).toMatchObject({
      name: 'Electoral Tribunal of Zedonia',
      units: [{ name: 'North' }, { name: 'South' }],
    });
  });
});
