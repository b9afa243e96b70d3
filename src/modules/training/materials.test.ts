import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { makeUser } from '../../test/factories.js';
import { Client, errorId } from '../../test/http.js';
import { builtInCourse, trainingOrganisation } from '../../test/training.js';

/** Course materials (paper tests, the answer key, toolkit files) and the daily follow-up, through the API. */
let t: Awaited<ReturnType<typeof trainingOrganisation>>;
let services: typeof t.services;
let base: string;
let orgId: string;
let trainer: Client;
let trainerUserId: string;

beforeAll(async () => {
  t = await trainingOrganisation();
  ({ services, base, orgId, trainer, trainerUserId } = t);
});
afterAll(() => t.close());

const course = builtInCourse();

describe('course materials and follow-up', () => {
  it('prints a test for paper, and refuses a paper test dated in the future or answered off the form', async () => {
    const pdf = await trainer.get(
      `/api/v1/orgs/${orgId}/training/courses/${course.id}/${course.version}/tests/post.pdf?lang=fr`,
    );
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text.startsWith('%PDF')).toBe(true);
    const wrongKind = `/api/v1/orgs/${orgId}/training/courses/${course.id}/${course.version}/tests/final.pdf`;
    expect((await trainer.get(wrongKind)).status).toBe(404);

    const sessionId = await t.newSession();
    await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster`, {
      people: [{ name: 'Gil Baptiste', email: 'gil@example.org' }],
    });
    const view = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`);
    const gil = (view.body as { roster: { person: { id: string } }[] }).roster[0]?.person.id ?? '';
    const paper = `/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster/${gil}/tests/pre`;
    const tomorrow = new Date(services.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(errorId(await trainer.put(paper, { answers: {}, takenOn: tomorrow }))).toBe('paper_test_date');
    const postItem = course.items.find((i) => i.form === 'B')?.id ?? '';
    const today = services.clock.now().toISOString().slice(0, 10);
    expect(errorId(await trainer.put(paper, { answers: { [postItem]: 0 }, takenOn: today }))).toBe(
      'test_answer_invalid',
    );
    const preItems = course.items.filter((i) => i.form === 'A');
    const half = Object.fromEntries(preItems.slice(0, 6).map((i) => [i.id, i.answer]));
    expect((await trainer.put(paper, { answers: half, takenOn: today })).body).toEqual({ percent: 50 });
    expect(errorId(await trainer.put(paper, { answers: half, takenOn: today }))).toBe(
      'test_already_submitted',
    );
  });

  it('takes paper tests for a session that ran earlier than planned, and a corrected date is audited', async () => {
    const day = (offset: number) =>
      new Date(services.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const sessionId = await t.newSession({ startsOn: day(7), title: 'Planned for next week' });
    const session = `/api/v1/orgs/${orgId}/training/sessions/${sessionId}`;
    await trainer.post(`${session}/roster`, {
      people: [
        { name: 'Carmen Ruiz', email: 'carmen@example.org' },
        { name: 'Rosa Vega', email: 'rosa@example.org' },
      ],
    });
    const view = (await trainer.get(session)).body as { roster: { person: { id: string; name: string } }[] };
    const idOf = (name: string) => view.roster.find((r) => r.person.name === name)?.person.id ?? '';
    const answers = Object.fromEntries(
      course.items.filter((i) => i.form === 'B').map((i) => [i.id, i.answer]),
    );
    const paper = (who: string) => `${session}/roster/${idOf(who)}/tests/post`;

    // Planned for next week and nobody has come: a paper test says what to do.
    expect(errorId(await trainer.put(paper('Carmen Ruiz'), { answers, takenOn: day(0) }))).toBe(
      'paper_test_session_not_started',
    );
    // It ran today after all: Rosa is marked present, and the paper tests go in, dated today, not earlier.
    await trainer.put(`${session}/roster/${idOf('Rosa Vega')}/attendance`, { attended: true });
    expect(errorId(await trainer.put(paper('Carmen Ruiz'), { answers, takenOn: day(-1) }))).toBe(
      'paper_test_date',
    );
    expect((await trainer.put(paper('Carmen Ruiz'), { answers, takenOn: day(0) })).body).toEqual({
      percent: 100,
    });

    // The trainer corrects the date; the audit says from which date to which.
    const { session: current } = (await trainer.get(session)).body as { session: { version: number } };
    const corrected = await trainer.patch(session, { version: current.version, startsOn: day(0) });
    expect(corrected.status).toBe(200);
    const admin = new Client(base);
    await admin.login((await makeUser(services, { orgId: orgId as never, role: 'org_admin' })).email);
    const trail = (await admin.get(`/api/v1/orgs/${orgId}/audit?action=training.session_updated`)).body as {
      targetId: string;
      summary: { from?: unknown; to?: unknown };
    }[];
    const entry = trail.find((e) => e.targetId === sessionId);
    expect(entry?.summary).toMatchObject({ from: { startsOn: day(7) }, to: { startsOn: day(0) } });
  });

  it('shows the answer key only to members who run training', async () => {
    const path = `/api/v1/orgs/${orgId}/training/courses/${course.id}/${course.version}`;
    const asTrainer = (await trainer.get(path)).body as { course: { items: { answer?: number }[] } };
    expect(asTrainer.course.items.every((i) => typeof i.answer === 'number')).toBe(true);
    const staff = await makeUser(services, { orgId: orgId as never, role: 'staff' });
    const client = new Client(base);
    await client.login(staff.email);
    const asStaff = (await client.get(path)).body as {
      course: { items: { answer?: number; stem: unknown }[] };
    };
    expect(asStaff.course.items).toHaveLength(36);
    expect(asStaff.course.items.some((i) => 'answer' in i)).toBe(false);
  });

  it('keeps toolkit files with a course: upload, list, download, remove', async () => {
    const base_ = `/api/v1/orgs/${orgId}/training/courses/${course.id}/toolkit`;
    const slides = Buffer.from('%PDF-1.4 slides for the phishing module');
    const added = await trainer.request(
      'POST',
      `${base_}?filename=${encodeURIComponent('Phishing — slides.pdf')}`,
      new Blob([slides]),
      {
        'content-type': 'application/pdf',
      },
    );
    expect(added.status).toBe(201);
    const { id } = added.body as { id: string };
    const list = (await trainer.get(base_)).body as {
      files: { id: string; filename: string; size: number }[];
    };
    expect(list.files).toEqual([
      expect.objectContaining({ id, filename: 'Phishing — slides.pdf', size: slides.length }),
    ]);
    const download = await trainer.get(`${base_}/${id}`);
    expect(download.text).toBe(slides.toString());
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''Phishing");
    expect(
      errorId(
        await trainer.request(
          'POST',
          `${base_.replace(course.id, 'no-such-course')}?filename=x.pdf`,
          new Blob([slides]),
          { 'content-type': 'application/pdf' },
        ),
      ),
    ).toBe('course_not_found');
    expect((await trainer.delete(`${base_}/${id}`)).status).toBe(204);
    expect((await trainer.get(`${base_}/${id}`)).status).toBe(404);
  });

  it('mails the follow-up test when it opens and reminds holders before a certificate expires, once each', async () => {
    const today = services.clock.now();
    const heldOn = new Date(today.getTime() - (course.rules.delayedTestDays + 3) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const res = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions`, {
      courseId: course.id,
      courseVersion: course.version,
      title: 'Session of last quarter',
      startsOn: heldOn,
      audience: 'officials',
      lead: { userId: trainerUserId },
    });
    const sessionId = (res.body as { session: { id: string } }).session.id;
    await trainer.post(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster`, {
      people: [{ name: 'Hana Roy', email: 'hana@example.org' }],
    });
    const view = await trainer.get(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}`);
    const hana = (view.body as { roster: { person: { id: string } }[] }).roster[0]?.person.id ?? '';
    await trainer.put(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster/${hana}/attendance`, {
      attended: true,
    });
    const post = course.items.filter((i) => i.form === 'B');
    await trainer.put(`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/roster/${hana}/tests/post`, {
      answers: Object.fromEntries(post.map((i) => [i.id, i.answer])),
      takenOn: heldOn,
    });

    const first = await services.training.sendDelayedTestReminders(systemActor('system'));
    expect(first.sent).toBe(1);
    expect((await services.training.sendDelayedTestReminders(systemActor('system'))).sent).toBe(0);
    const [mail] = await services.mailer.listOutbox({ limit: 1 });
    expect(mail?.to).toBe('hana@example.org');
    const link = /\/learn\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0] ?? '';
    const page = await fetch(`${base}${link}`).then((r) => r.text());
    expect(page).toContain('Follow-up test, three months later');
    expect(page).toMatch(/Follow-up test, three months later<\/h2><p>Open</);

    // A certificate that expires in 30 days: its holder hears of it once.
    const soon = await services.credentials.issueMany({
      orgId,
      orgName: 'Test',
      actor: systemActor('system'),
      achievement: 'participant',
      validUntil: new Date(today.getTime() + 30 * 86_400_000),
      recipients: [{ email: 'hana@example.org', name: 'Hana Roy', userId: null, personId: hana, sessionId }],
    });
    expect(soon.ok).toBe(true);
    expect((await services.training.sendRenewalReminders(systemActor('system'))).sent).toBe(1);
    expect((await services.training.sendRenewalReminders(systemActor('system'))).sent).toBe(0);
    const [renewal] = await services.mailer.listOutbox({ limit: 1 });
    // Written as its reader reads a date, in the organisation's time zone, not as an ISO code.
    const expiry = new Date(today.getTime() + 30 * 86_400_000);
    expect(renewal?.subject).toBe(
      `Your certificate expires on ${new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(expiry)}`,
    );
  });
});
