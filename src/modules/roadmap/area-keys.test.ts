import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { up } from '../../migrations/0032_roadmap_area_keys.js';
import { freshServices } from '../../test/db.js';
import { makeOrg } from '../../test/factories.js';

it('turns areas written as text in any language into keys, keeping an unknown one in the description', async () => {
  const services = await freshServices();
  const orgId = await makeOrg(services);
  const written = ['Identidad y acceso', 'Results management', 'Gestion des résultats', 'Something else', ''];
  for (const [i, area] of written.entries())
    await sql`INSERT INTO roadmap_items (id, org_id, kind, source, title, area, status)
      VALUES (gen_random_uuid(), ${orgId}, 'action', 'other', ${`item ${i}`}, ${area}, 'planned')`.execute(
      services.db,
    );
  await up(services.db as never);
  const { rows } = await sql<{ area: string; description: string }>`
    SELECT area, description FROM roadmap_items ORDER BY title`.execute(services.db);
  expect(rows).toEqual([
    { area: 'identity_access', description: '' },
    { area: 'results_management', description: '' },
    { area: 'results_management', description: '' },
    { area: 'other', description: '(Something else)' },
    { area: '', description: '' },
  ]);
  await services.close();
});
