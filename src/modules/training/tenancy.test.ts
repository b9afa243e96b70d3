import { afterAll, beforeAll, expect, it } from 'vitest';
import { twoOrganisations } from '../../test/tenancy.js';
import { findCourse, listToolkitFiles } from './courses.store.js';
import { findPeople } from './people.store.js';
import { listRoster } from './roster.store.js';
import { findSession } from './sessions.store.js';

let t: Awaited<ReturnType<typeof twoOrganisations>>;
beforeAll(async () => {
  t = await twoOrganisations();
});
afterAll(() => t.close());

it("finds nothing of organisation A's sessions, people or toolkit files when organisation B asks by id", async () => {
  const v = `/api/v1/orgs/${t.orgA}/training`;
  const sessionId = t.idOf(
    await t.client.post(`${v}/sessions`, {
      courseId: 'cyber-hygiene',
      courseVersion: '1.0.0',
      title: 'Polling staff',
      startsOn: '2026-12-01',
      audience: 'officials',
      lead: { userId: t.adminId },
    }),
    (b: { session: { id: string } }) => b.session.id,
  );
  await t.client.post(`${v}/sessions/${sessionId}/roster`, {
    people: [{ name: 'Ana', email: 'ana@example.org' }],
  });
  const fileId = t.idOf(
    await t.client.request(
      'POST',
      `${v}/courses/cyber-hygiene/toolkit?filename=s.pdf`,
      new Blob(['%PDF-1.4']),
      {
        'content-type': 'application/pdf',
      },
    ),
  );
  const { db } = t.services;
  const [entry] = await listRoster(db, t.orgA, sessionId);
  const personId = entry?.personId ?? '';
  expect(await findSession(db, t.orgA, sessionId)).toBeDefined();
  expect(await findSession(db, t.orgB, sessionId)).toBeUndefined();
  expect(await listRoster(db, t.orgB, sessionId)).toEqual([]);
  expect(await findPeople(db, t.orgA, [personId])).toHaveLength(1);
  expect(await findPeople(db, t.orgB, [personId])).toEqual([]);
  expect(await listToolkitFiles(db, { orgId: t.orgA, courseId: 'cyber-hygiene', id: fileId })).toHaveLength(
    1,
  );
  expect(await listToolkitFiles(db, { orgId: t.orgB, courseId: 'cyber-hygiene', id: fileId })).toEqual([]);
  expect(await findCourse(db, { orgId: t.orgB, id: 'cyber-hygiene', version: '1.0.0' })).toBeDefined();
});
