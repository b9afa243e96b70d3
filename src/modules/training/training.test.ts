import { systemActor } from '../../platform/actor.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgId } from '../identity/index.js';
import { makeUser } from '../../test/factories.js';
import { Client, errorId } from '../../test/http.js';
import { builtInCourse, trainingOrganisation } from '../../test/training.js';

/** A training session run end to end through the HTTP API and the learner pages, on real PostgreSQL. */
let t: Awaited<ReturnType<typeof trainingOrganisation>>;
let services: typeof t.services;
let base: string;
let orgId: string;
let trainer: Client;

beforeAll(async () => {
  t = await trainingOrganisation();
  ({ services, base, orgId, trainer } = t);
});
afterAll(() => t.close());

const course = builtInCourse();
const form = (path: string, fields: Record<string, string>) => t.form(path, fields);
const newSession = (audience: 'officials' | 'trainers' = 'officials') => t.newSession({ audience });

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(
    services.db,
  );
  return Number(rows[0]?.n);
}

/** Checks a person in with the QR code; `lang` is the language their phone names, if any. */
async function checkIn(sessionId: string, email: string, lang?: string) {
  const query = lang ? `?lang=${lang}` : '';
  const code = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/checkin`);
  const { url } = code.body as { url: string };
  const page = await fetch(url.replace('http://localhost:8080', base)).then((r) => r.text());
  const ticket = /name="ticket" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const sent = await form(`/learn/checkin/${sessionId}${query}`, { ticket, email });
  if (sent.status !== 200) return { ticket, result: sent };
  // The person proves who they are with the code e-mailed to their roster address.
  const challenge = /name="challenge" value="([^"]+)"/.exec(sent.text)?.[1] ?? '';
  const mail = (await services.mailer.listOutbox({ limit: 20 })).find((m) => m.to === email.toLowerCase());
  const mailed = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1] ?? '';
  return {
    ticket,
    result: await form(`/learn/checkin/${sessionId}/confirm${query}`, { challenge, code: mailed }),
  };
}
describe('the built-in course', () => {
  it('has six topics, 36 items in three parallel forms, each form covering every topic', () => {
    expect(course.topics.map((t) => t.id)).toEqual([
      'phishing',
      'passwords',
      'devices',
      'social',
      'reporting',
      'election-threats',
    ]);
    expect(course.items).toHaveLength(36);
    for (const form of ['A', 'B', 'C'])
      for (const topic of course.topics)
        expect(course.items.filter((i) => i.form === form && i.topic === topic.id)).toHaveLength(2);
  });
});

describe('a session run end to end', () => {
  it('checks people in by QR code, tests them, and certifies only those who completed', async () => {
    const sessionId = await newSession();
    const roster = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster`, {
      people: [
        { name: 'Ana Pérez', email: 'Ana@example.org', gender: 'woman' },
        { name: 'Bo Lind', email: 'bo@example.org', gender: 'man' },
      ],
    });
    expect(roster.body).toEqual({ added: 2 });

    // Ana checks in with the QR code and lands on her personal page.
    const { ticket, result } = await checkIn(sessionId, 'ana@example.org');
    expect(result.status).toBe(303);
    const token = /^\/learn\/([A-Za-z0-9_-]+)/.exec(result.location)?.[1] ?? '';
    const personal = await fetch(`${base}/learn/${token}?lang=es`).then((r) => r.text());
    expect(personal).toContain('Su asistencia está registrada.');
    const listed = (await trainer.get(`/api/v1/orgs/${orgId}/training/sessions`)).body as {
      sessions: { id: string; enrolled: number; attended: number; lead: string }[];
    };
    expect(listed.sessions.find((x) => x.id === sessionId)).toMatchObject({ enrolled: 2, attended: 1 });
    const lessons = await fetch(`${base}/learn/${token}/lessons?lang=fr`).then((r) => r.text());
    expect(lessons).toContain('<h2>Hameçonnage</h2>');
    expect(lessons).toContain('<h3>Pourquoi les agents électoraux sont des cibles</h3>');
    // Links e-mailed to the roster later leave the link on her phone working.
    expect(
      (await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/links`, {})).body,
    ).toEqual({
      sent: 2,
    });
    expect((await fetch(`${base}/learn/${token}`)).status).toBe(200);

    // The same filled-in form sent again is refused and records nothing.
    const audits = await count('audit_events');
    const replay = await form(`/learn/checkin/${sessionId}`, { ticket, email: 'ana@example.org' });
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('already used');
    expect(await count('audit_events')).toBe(audits);

    // The post-test waits for the pre-test, so a wrong tap cannot close the pre-test for good.
    expect(await fetch(`${base}/learn/${token}?lang=en`).then((r) => r.text())).toContain(
      'Opens once you have done the test before the course.',
    );
    const early = await form(`/learn/${token}/tests/post`, {});
    expect(early.status).toBe(400);
    expect(early.text).toContain('Do the test before the course first');
    await form(`/learn/${token}/tests/pre`, {});
    const preItems = course.items.filter((i) => i.form === 'A');
    await form(`/learn/${token}/tests/pre/answers`, Object.fromEntries(preItems.map((i) => [i.id, '0'])));

    // Post-test, all answers right.
    const start = await form(`/learn/${token}/tests/post`, {});
    expect(start.status).toBe(200);
    const items = course.items.filter((i) => i.form === 'B');
    expect(start.text.match(/<fieldset>/g)).toHaveLength(items.length);
    const answers = Object.fromEntries(items.map((i) => [i.id, String(i.answer)]));
    const sent = await form(`/learn/${token}/tests/post/answers`, answers);
    expect(sent.text).toContain('100 %');
    // A second submission changes nothing.
    expect((await form(`/learn/${token}/tests/post/answers`, answers)).status).toBe(400);

    const view = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`);
    const people = (
      view.body as { roster: { person: { id: string; email: string }; completion: { completed: boolean } }[] }
    ).roster;
    const ana = people.find((p) => p.person.email === 'ana@example.org');
    const bo = people.find((p) => p.person.email === 'bo@example.org');
    expect(ana?.completion.completed).toBe(true);
    expect(bo?.completion.completed).toBe(false);

    // Bo did not complete: asking for both issues nothing at all.
    const before = await count('training_credentials');
    const refused = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/certificates`, {
      personIds: [ana?.person.id, bo?.person.id],
    });
    expect(refused.status).toBe(400);
    expect(errorId(refused)).toBe('certificate_not_completed');
    expect(await count('training_credentials')).toBe(before);

    const issued = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/certificates`, {
      personIds: [ana?.person.id],
    });
    expect(issued.body).toEqual({ issued: 1, skipped: 0, achievement: 'participant' });
    const again = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/certificates`, {
      personIds: [ana?.person.id],
    });
    expect(again.body).toEqual({ issued: 0, skipped: 1, achievement: 'participant' });

    const list = await trainer.get(`/api/v1/orgs/${orgId}/training/certificates`);
    const [cert] = (list.body as { certificates: { id: string; holder: string; status: string }[] })
      .certificates;
    expect(cert).toMatchObject({ holder: 'Ana Pérez', status: 'valid' });
    const pdf = await trainer.get(`/api/v1/orgs/${orgId}/training/certificates/${cert?.id}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text.startsWith('%PDF')).toBe(true);

    // The page remembers the signature check, never the status: a revocation shows on the next view.
    expect(await fetch(`${base}/verify/${cert?.id}`).then((r) => r.text())).toContain('Status: Valid');
    const revoked = await trainer.post(`/api/v1/orgs/${orgId}/training/certificates/revoke`, {
      ids: [cert?.id],
      reason: 'Issued to the wrong person',
    });
    expect(revoked.body).toEqual({ revoked: 1 });
    // The list comes a page at a time, filtered by status and by the holder's name, accents aside.
    const url = `/api/v1/orgs/${orgId}/training/certificates`;
    expect((await trainer.get(`${url}?status=revoked&holder=PEREZ`)).body).toMatchObject({
      total: 1,
      certificates: [{ holder: 'Ana Pérez', status: 'revoked' }],
    });
    expect((await trainer.get(`${url}?status=valid&holder=perez`)).body).toMatchObject({ total: 0 });
    const all = (await trainer.get(url)).body as { total: number };
    const first = (await trainer.get(`${url}?limit=1`)).body as { total: number; certificates: unknown[] };
    expect(first.total).toBe(all.total);
    expect(first.certificates).toHaveLength(1);
    expect((await trainer.get(`${url}?limit=0`)).status).toBe(400);
    const page = await fetch(`${base}/verify/${cert?.id}`).then((r) => r.text());
    expect(page).toContain('Status: Revoked');
    // Its first sentence says it no longer counts, since when and why, before the signature that still holds.
    const verdict = /<p class="verdict[^>]*><strong>([^<]*)<\/strong>/.exec(page)?.[1] ?? '';
    expect(verdict).toMatch(
      /^This certificate is no longer valid: .+ revoked it on .+\. Reason: Issued to the wrong person$/,
    );
    expect(page.indexOf(verdict)).toBeLessThan(page.indexOf('signature'));
  });

  it('suspends a certificate only with a reason, which its public page gives, and lifts it', async () => {
    const issued = await services.credentials.issueMany({
      orgId,
      orgName: 'Test',
      actor: systemActor('system'),
      achievement: 'participant',
      validUntil: new Date(services.clock.now().getTime() + 365 * 86_400_000),
      recipients: [
        { email: 'carla@example.org', name: 'Carla Mora', userId: null, personId: null, sessionId: null },
      ],
    });
    const held = issued.ok ? issued.value[0] : undefined;
    const url = `/api/v1/orgs/${orgId}/training/certificates/suspend`;
    const before = await count('audit_events');
    const bare = await trainer.post(url, { ids: [held?.id], suspended: true });
    expect(bare.status).toBe(400);
    expect(await count('audit_events')).toBe(before);
    expect(
      (await trainer.post(url, { ids: [held?.id], suspended: true, reason: 'Under review: possible fraud' }))
        .body,
    ).toEqual({ changed: 1 });
    const page = await fetch(`${base}/verify/${held?.id}?lang=es`).then((r) => r.text());
    expect(page).toMatch(
      /<strong>Este certificado no es válido por ahora: .+ lo suspendió el .+\. Motivo: Under review: possible fraud<\/strong>/,
    );
    expect((await trainer.post(url, { ids: [held?.id], suspended: false })).body).toEqual({ changed: 1 });
    // Its times are the issuer's, with the zone named, not UTC.
    const admin = new Client(base);
    await admin.login((await makeUser(services, { orgId: orgId as never, role: 'org_admin' })).email);
    await admin.put(`/api/v1/orgs/${orgId}/regional`, { locale: 'es', timeZone: 'America/Lima' });
    const valid = await fetch(`${base}/verify/${held?.id}`).then((r) => r.text());
    expect(valid).toContain('<strong>This certificate is valid.</strong>');
    expect(valid).toMatch(/Status as of .+ GMT-5, read from/);
  });

  it('refuses a code older than a minute and a check-in by someone not on the roster', async () => {
    const sessionId = await newSession();
    await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster`, {
      people: [{ name: 'Cruz Mena', email: 'cruz@example.org' }],
    });
    const code = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/checkin`);
    const { url } = code.body as { url: string };
    services.clock.advance(61_000);
    const stale = await fetch(url.replace('http://localhost:8080', base));
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('expired');

    const stranger = await checkIn(sessionId, 'someone@example.org');
    expect(stranger.result.status).toBe(400);
    expect(stranger.result.text).toContain('not on the list');
    const view = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`);
    expect((view.body as { summary: { attended: number } }).summary.attended).toBe(0);
  });

  it('refuses answers sent after the deadline and keeps the attempt unsubmitted', async () => {
    const sessionId = await newSession();
    await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster`, {
      people: [{ name: 'Dee Okafor', email: 'dee@example.org' }],
    });
    const { result } = await checkIn(sessionId, 'dee@example.org');
    const token = /^\/learn\/([A-Za-z0-9_-]+)/.exec(result.location)?.[1] ?? '';
    await form(`/learn/${token}/tests/pre`, {});
    services.clock.advance((course.rules.testMinutes + 1) * 60_000);
    const late = await form(`/learn/${token}/tests/pre/answers`, { [course.items[0]?.id ?? '']: '0' });
    expect(late.status).toBe(400);
    expect(late.text).toContain('deadline');
    // This session's one attempt (started above) is still unsubmitted, whatever other tests did.
    const { rows } = await sql<{ submitted: boolean }>`
      SELECT submitted_at IS NOT NULL AS submitted FROM training_attempts WHERE session_id = ${sessionId}`.execute(
      services.db,
    );
    expect(rows).toEqual([{ submitted: false }]);
  });

  it('records a teach-back only from a trainer of a training-of-trainers session', async () => {
    const sessionId = await newSession('trainers');
    await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster`, {
      people: [{ name: 'Eli Sato', email: 'eli@example.org' }],
    });
    const view = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`);
    const personId = (view.body as { roster: { person: { id: string } }[] }).roster[0]?.person.id;
    const path = `/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster/${personId}/teach-back`;
    const other = await makeUser(services, { orgId: orgId as never, role: 'trainer' });
    const colleague = new Client(base);
    await colleague.login(other.email);
    expect(errorId(await colleague.put(path, { result: 'passed' }))).toBe('teach_back_master_only');
    expect((await trainer.put(path, { result: 'passed' })).status).toBe(204);
    const after = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`);
    const entry = (after.body as { roster: { teachBack: string; completion: { missing: string[] } }[] })
      .roster[0];
    expect(entry?.teachBack).toBe('passed');
    expect(entry?.completion.missing).toEqual(['attendance', 'post_test']);
  });

  it('certifies a master trainer only after a trainer certificate and a session delivered', async () => {
    const sessionId = await newSession('trainers');
    await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster`, {
      people: [{ name: 'Fay Mwangi', email: 'fay@example.org', gender: 'woman' }],
    });
    const view = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`);
    const fay = (view.body as { roster: { person: { id: string } }[] }).roster[0]?.person.id ?? '';
    const master = `/api/v1/orgs/${orgId}/training/people/${fay}/master-certificate`;
    expect(errorId(await trainer.post(master, {}))).toBe('master_not_eligible');

    // Certified as a trainer: attended, 100 % on paper, teach-back passed.
    const items = course.items.filter((i) => i.form === 'B');
    await trainer.put(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster/${fay}/attendance`, {
      attended: true,
    });
    await trainer.put(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster/${fay}/tests/post`, {
      answers: Object.fromEntries(items.map((i) => [i.id, i.answer])),
      takenOn: await t.today(),
    });
    await trainer.put(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster/${fay}/teach-back`, {
      result: 'passed',
    });
    const issued = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/certificates`, {
      personIds: [fay],
    });
    expect(issued.body).toMatchObject({ issued: 1, achievement: 'certified_trainer' });
    expect(errorId(await trainer.post(master, {}))).toBe('master_not_eligible');

    // After leading a session of her own, she can be certified a master trainer, once.
    const own = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions`, {
      courseId: course.id,
      courseVersion: course.version,
      title: 'Fay trains the coastal office',
      startsOn: await t.today(),
      audience: 'officials',
      lead: { personId: fay },
    });
    expect(own.status).toBe(201);
    // Generations follow who leads, not what anyone typed: the staff trainer's session is generation 0
    // (master trainers), Fay's — certified in it — generation 1, so her participants are G2.
    const generationOf = async (id: string) =>
      (
        (await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${id}`)).body as {
          session: { generation: number };
        }
      ).session.generation;
    expect(await generationOf(sessionId)).toBe(0);
    expect(await generationOf((own.body as { session: { id: string } }).session.id)).toBe(1);
    expect((await trainer.post(master, {})).status).toBe(201);
    expect(errorId(await trainer.post(master, {}))).toBe('master_already');
    const cascade = await trainer.get(`/api/v1/orgs/${orgId}/training/cascade`);
    const tree = JSON.stringify((cascade.body as { tree: unknown }).tree);
    expect(tree).toContain('"name":"Fay Mwangi"');
    expect(tree).toMatch(/"name":"Fay Mwangi"[^}]*"master":true/);
  });

  it('lets only an administrator rotate the signing key, and earlier certificates stay valid', async () => {
    const rotate = `/api/v1/orgs/${orgId}/training/issuer/rotate`;
    expect((await trainer.post(rotate, {})).status).toBe(403);
    const admin = await makeUser(services, { orgId: orgId as never, role: 'org_admin' });
    const client = new Client(base);
    await client.login(admin.email);
    const before = (await client.get(`/api/v1/orgs/${orgId}/training/issuer`)).body as { keys: unknown[] };
    expect((await client.post(rotate, {})).status).toBe(201);
    const after = (await client.get(`/api/v1/orgs/${orgId}/training/issuer`)).body as {
      keys: { active: boolean }[];
    };
    expect(after.keys).toHaveLength(before.keys.length + 1);
    expect(after.keys.filter((k) => k.active)).toHaveLength(1);
    const list = (await trainer.get(`/api/v1/orgs/${orgId}/training/certificates`)).body as {
      certificates: { id: string; status: string }[];
    };
    const old = list.certificates.find((c) => c.status === 'valid');
    const page = await fetch(`${base}/verify/${old?.id}`).then((r) => r.text());
    expect(page).toContain('Status: Valid');
    expect(page).toContain('The signature is valid');
  });
});

describe('certificates reach the people who earned them, in their language', () => {
  it('e-mails each holder their PDF, lists it on their page, and prints a session at once', async () => {
    // The organisation speaks French; Ana's phone speaks Spanish, Bo's nothing we speak.
    const admin = new Client(base);
    await admin.login((await makeUser(services, { orgId: orgId as OrgId, role: 'org_admin' })).email);
    const unknownZone = await admin.put(`/api/v1/orgs/${orgId}/regional`, {
      locale: 'fr',
      timeZone: 'Mars/Olympus',
    });
    expect(errorId(unknownZone)).toBe('time_zone_unknown');
    expect(
      (await admin.put(`/api/v1/orgs/${orgId}/regional`, { locale: 'fr', timeZone: 'Africa/Abidjan' }))
        .status,
    ).toBe(204);
    const sessionId = await newSession();
    await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster`, {
      people: [
        { name: 'Ana Ruiz', email: 'ana.ruiz@example.org', gender: 'woman' },
        { name: 'Bo Kaboré', email: 'bo.kabore@example.org', gender: 'man' },
      ],
    });
    await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/links`, {});
    const outbox = () => services.mailer.listOutbox({ limit: 100 });
    const tokenOf = async (email: string) =>
      /\/learn\/([A-Za-z0-9_-]+)/.exec((await outbox()).find((m) => m.to === email)?.text ?? '')?.[1] ?? '';
    // Nobody chose a language yet: the links go out in the organisation's, not in English.
    const linkMail = (await outbox()).find((m) => m.to === 'bo.kabore@example.org');
    expect(linkMail?.subject).toMatch(/^Vos tests/);
    const ana = await tokenOf('ana.ruiz@example.org');
    const bo = await tokenOf('bo.kabore@example.org');
    const items = course.items.filter((i) => i.form === 'B');
    // The pre-test was skipped in this session: the trainer opens the post-test to everyone, and each
    // participant's page warns what starting it costs.
    const { session } = (await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`)).body as {
      session: { version: number };
    };
    const opened = await trainer.patch(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`, {
      version: session.version,
      postTestOpen: true,
    });
    expect(
      (opened.body as { session: { postTestOpenedAt: string | null } }).session.postTestOpenedAt,
    ).not.toBeNull();

    for (const token of [ana, bo]) {
      // Ana's phone is in Spanish; Bo's names no language we speak.
      if (token === ana) await checkIn(sessionId, 'ana.ruiz@example.org', 'es');
      else await checkIn(sessionId, 'bo.kabore@example.org');
      expect(await fetch(`${base}/learn/${token}?lang=en`).then((r) => r.text())).toContain(
        'If you start this one first, that test closes for good',
      );
      await form(`/learn/${token}/tests/post`, {});
      await form(
        `/learn/${token}/tests/post/answers`,
        Object.fromEntries(items.map((i) => [i.id, String(i.answer)])),
      );
    }
    const roster = (
      (await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`)).body as {
        roster: { person: { id: string } }[];
      }
    ).roster;
    const issued = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/certificates`, {
      personIds: roster.map((r) => r.person.id),
    });
    expect(issued.body).toMatchObject({ issued: 2 });

    // Each gets an e-mail in their language with the certificate attached and its verification address.
    const mails = (await outbox()).filter((m) => m.subject.includes('certifica'));
    const toAna = mails.find((m) => m.to === 'ana.ruiz@example.org');
    const toBo = mails.find((m) => m.to === 'bo.kabore@example.org');
    expect(toAna?.subject).toBe(
      'Su certificado: Higiene cibernética para funcionarios electorales — participante',
    );
    expect(toBo?.subject).toBe(
      'Votre certificat : Hygiène numérique pour les agents électoraux — participant',
    );
    expect(toBo?.text).toMatch(/\/verify\/[0-9a-f-]{36}/);
    expect(toBo?.attachments).toEqual([
      {
        filename: expect.stringMatching(/^certificat-[0-9a-f]{8}\.pdf$/) as string,
        contentType: 'application/pdf',
        size: expect.any(Number) as number,
      },
    ]);
    expect(toBo?.attachments[0]?.size).toBeGreaterThan(5_000);

    // Their personal page lists it; the PDF comes only through the holder's own link.
    const page = await fetch(`${base}/learn/${bo}?lang=fr`).then((r) => r.text());
    expect(page).toContain('Vos certificats');
    const link = /href="(\/learn\/[^"]+\/certificates\/([0-9a-f-]+)\/pdf[^"]*)"/.exec(page);
    const own = await fetch(`${base}${link?.[1] ?? ''}`);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(`${base}/learn/${ana}/certificates/${link?.[2] ?? ''}/pdf`)).status).toBe(404);

    // The trainer prints the session's certificates at once: one PDF, a page each.
    const all = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/certificates/pdf`);
    expect(all.headers.get('content-type')).toBe('application/pdf');
    expect(all.text.match(/\/Type \/Page\b/g)).toHaveLength(2);

    // Once revoked, it leaves his page and its PDF is no longer handed out.
    await trainer.post(`/api/v1/orgs/${orgId}/training/certificates/revoke`, {
      ids: [link?.[2]],
      reason: 'Issued to the wrong person',
    });
    expect(await fetch(`${base}/learn/${bo}?lang=fr`).then((r) => r.text())).not.toContain('Vos certificats');
    expect((await fetch(`${base}${link?.[1] ?? ''}`)).status).toBe(404);
  });

  it("writes to participants who chose no language in their session's, when it is not the organisation's", async () => {
    const admin = new Client(base);
    await admin.login((await makeUser(services, { orgId: orgId as OrgId, role: 'org_admin' })).email);
    await admin.put(`/api/v1/orgs/${orgId}/regional`, { locale: 'fr', timeZone: 'Africa/Abidjan' });
    const sessionId = await newSession();
    const url = `/api/v1/orgs/${orgId}/training/sessions/${sessionId}`;
    const { session } = (await trainer.get(url)).body as {
      session: { version: number; locale: string | null };
    };
    expect(session.locale).toBeNull();
    const wrong = await trainer.patch(url, { version: session.version, locale: 'pt' });
    expect(wrong.status).toBe(400);
    const changed = await trainer.patch(url, { version: session.version, locale: 'es' });
    expect((changed.body as { session: { locale: string } }).session.locale).toBe('es');
    await trainer.post(`${url}/roster`, { people: [{ name: 'Eva Soto', email: 'eva.soto@example.org' }] });
    await trainer.post(`${url}/links`, {});
    const mail = (await services.mailer.listOutbox({ limit: 100 })).find(
      (m) => m.to === 'eva.soto@example.org',
    );
    expect(mail?.subject).toMatch(/^Sus pruebas/);
  });
});
