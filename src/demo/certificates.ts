import { systemActor } from '../platform/actor.js';
import type { OrgId } from '../modules/identity/index.js';
import type { Services } from '../runtime.js';
import { must } from './util.js';

const PEOPLE = [
  { name: 'Lucía Fernández Ortega', achievement: 'certified_trainer' as const },
  { name: 'Mateo Ríos Salas', achievement: 'certified_trainer' as const },
  { name: 'Valentina Cruz', achievement: 'participant' as const },
  { name: 'Diego Alarcón', achievement: 'participant' as const },
];

/** Demo certificates for Arvenia: two certified trainers and two participants, one of them revoked. */
export async function seedCertificates(services: Services, orgId: OrgId, orgName: string): Promise<void> {
  const actor = systemActor('seed');
  const today = services.clock.now();
  const ids: string[] = [];
  for (const [i, person] of PEOPLE.entries()) {
    const cert = must(
      await services.credentials.issue({
        orgId,
        orgName,
        actor,
        recipient: { email: `person${i + 1}@xa.example.org`, name: person.name, userId: null },
        achievement: person.achievement,
        validUntil: new Date(
          today.getTime() + (person.achievement === 'participant' ? 730 : 1095) * 86_400_000,
        ),
      }),
      `certificate for ${person.name}`,
    );
    ids.push(cert.id);
  }
  must(
    await services.credentials.revoke({
      orgId,
      actor,
      ids: ids.slice(-1),
      reason: 'Issued to the wrong person; reissued.',
    }),
    'revocation',
  );
}
