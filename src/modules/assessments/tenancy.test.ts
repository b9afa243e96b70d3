import { afterAll, beforeAll, expect, it } from 'vitest';
import { twoOrganisations } from '../../test/tenancy.js';
import { findEvidence, getAssessment, listAssessments } from './store.js';

let t: Awaited<ReturnType<typeof twoOrganisations>>;
beforeAll(async () => {
  t = await twoOrganisations();
});
afterAll(() => t.close());

it("finds nothing of organisation A's assessments or evidence when organisation B asks by id", async () => {
  const path = `/api/v1/orgs/${t.orgA}/assessments`;
  const id = t.idOf(
    await t.client.post(path, {
      title: 'Baseline',
      tier: 'B',
      packId: 'electoral-cyber-preparedness',
      packVersion: '1.0.0',
    }),
  );
  const evidenceId = t.idOf(
    await t.client.request(
      'POST',
      `${path}/${id}/answers/GOV-01/evidence?filename=e.pdf`,
      new Blob(['%PDF-1.4']),
      {
        'content-type': 'application/pdf',
      },
    ),
  );
  const { db } = t.services;
  expect(await getAssessment(db, t.orgA, id)).toBeDefined();
  expect(await getAssessment(db, t.orgB, id)).toBeUndefined();
  expect(await listAssessments(db, t.orgB)).toEqual([]);
  expect(await findEvidence(db, { orgId: t.orgA, assessmentId: id, evidenceId })).toBeDefined();
  expect(await findEvidence(db, { orgId: t.orgB, assessmentId: id, evidenceId })).toBeUndefined();
});
