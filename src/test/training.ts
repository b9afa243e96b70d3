import { expect } from 'vitest';
import { loadBuiltInCourses } from '../modules/training/index.js';
import { isoDateIn } from '../platform/regional.js';
import { freshServices } from './db.js';
import { makeOrg, makeUser } from './factories.js';
import { Client, startApp } from './http.js';

/** The built-in course the training tests run sessions of. */
export function builtInCourse() {
  const course = loadBuiltInCourses()[0];
  if (!course) throw new Error('the built-in course is missing');
  return course;
}

/**
 * An organisation with two units and a trainer signed in through the real API, on a fresh database, with
 * helpers to plan a session and to post the learner pages' plain HTML forms.
 */
export async function trainingOrganisation() {
  const services = await freshServices();
  const { base, close } = await startApp(services);
  const orgId = await makeOrg(services, { units: ['North', 'South'] });
  const user = await makeUser(services, { orgId, role: 'trainer' });
  const trainer = new Client(base);
  await trainer.login(user.email);
  const course = builtInCourse();
  /** Today for the organisation's people, in its time zone (a test may move it to Lima or Abidjan). */
  const today = async () =>
    isoDateIn(services.clock.now(), (await services.identity.organisation(orgId))?.timeZone ?? 'UTC');

  return {
    services,
    base,
    orgId,
    trainer,
    trainerUserId: user.userId,
    course,
    today,

    /** Plans a session of the built-in course led by the trainer; answers its id. */
    async newSession(
      q: { audience?: 'officials' | 'trainers'; startsOn?: string; title?: string } = {},
    ): Promise<string> {
      const res = await trainer.post(`/api/v1/orgs/${orgId}/training/sessions`, {
        courseId: course.id,
        courseVersion: course.version,
        title: q.title ?? 'Cyber hygiene, district office',
        startsOn: q.startsOn ?? (await today()),
        place: 'District office',
        audience: q.audience ?? 'officials',
        lead: { userId: user.userId },
      });
      expect(res.status, res.text).toBe(201);
      return (res.body as { session: { id: string } }).session.id;
    },

    /** Posts a plain HTML form, as a phone browser does, without following redirects. */
    async form(path: string, fields: Record<string, string>) {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      });
      return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
    },

    async close() {
      await close();
      await services.close();
    },
  };
}
