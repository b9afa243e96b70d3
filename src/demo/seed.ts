import { sql } from 'kysely';
import { systemActor } from '../platform/actor.js';
import type { TravelClock } from '../platform/clock.js';
import type { Locale, OrgId, OrgType, Role } from '../modules/identity/index.js';
import type { ElectionPhase } from '../modules/elections/index.js';
import type { Services } from '../runtime.js';
import { seedNetwork } from './network.js';
import { seedTraining } from './training.js';
import { seedWebsites } from './websites.js';
import { seedAssessments, seedRoadmap } from './preparedness.js';
import { COUNCIL_ROLES, COUNCIL_WORDS } from './councils.js';
import { inDays, must } from './util.js';

/** The password of every demo account (PRODUCT.md, Contracts). */
export const DEMO_PASSWORD = 'atalaya-demo';

/** The fictional organisations of the demo dataset. */
const EMBS: readonly {
  code: 'xa' | 'xb' | 'xc';
  country: string;
  name: string;
  locale: Locale;
  timeZone: string;
}[] = [
  {
    code: 'xa',
    country: 'XA',
    name: 'Consejo Nacional Electoral de Arvenia',
    locale: 'es' as const,
    timeZone: 'America/Lima',
  },
  {
    code: 'xb',
    country: 'XB',
    name: 'Commission électorale nationale de Belmora',
    locale: 'fr' as const,
    timeZone: 'Africa/Abidjan',
  },
  {
    code: 'xc',
    country: 'XC',
    name: 'Corvia Independent Electoral Commission',
    locale: 'en' as const,
    timeZone: 'Africa/Accra',
  },
];
const OTHERS: readonly {
  name: string;
  type: OrgType;
  country: string;
  email: string;
  person: string;
  role: Role;
}[] = [
  {
    name: 'Demo Election Assistance Foundation',
    type: 'assistance_provider',
    country: 'XA',
    email: 'adviser@provider.demo.atalaya.test',
    person: 'Demo Adviser',
    role: 'analyst',
  },
  {
    name: 'Demo Social Platform Inc.',
    type: 'tech_company',
    country: 'XC',
    email: 'liaison@platform.demo.atalaya.test',
    person: 'Platform Liaison',
    role: 'analyst',
  },
  {
    name: 'Civic Safety Network (demo)',
    type: 'cso',
    country: 'XB',
    email: 'support@cso.demo.atalaya.test',
    person: 'Support Officer',
    role: 'analyst',
  },
];

/** An electoral cycle whose polling day is `pollingIn` days away. */
function cycle(today: Date, pollingIn: number): ElectionPhase[] {
  const d = (offset: number) => inDays(today, pollingIn + offset);
  return [
    { phase: 'registration', startsOn: d(-120), endsOn: d(-60) },
    { phase: 'campaign', startsOn: d(-45), endsOn: d(-3) },
    { phase: 'early_voting', startsOn: d(-7), endsOn: d(-2) },
    { phase: 'election_day', startsOn: d(0), endsOn: d(0) },
    { phase: 'results', startsOn: d(0), endsOn: d(7) },
    { phase: 'certification', startsOn: d(8), endsOn: d(30) },
  ];
}

/** True when no organisation exists yet (a fresh database). */
export async function isDatabaseEmpty(services: Services): Promise<boolean> {
  const row = await sql<{ n: string }>`SELECT count(*)::text AS n FROM organisations`.execute(services.db);
  return row.rows[0]?.n === '0';
}

/** Loads the demo dataset described in PRODUCT.md (Contracts), through the modules' own services. */
export async function seedDemo(
  services: Services,
  opts: {
    progress: (line: string) => void;
    /** The services' clock, when it can be set back: the network's month then carries the times it happened. */
    clock?: TravelClock | undefined;
  },
): Promise<void> {
  const actor = systemActor('seed');
  const { orgs } = services.identity;
  const today = services.clock.now();

  must(
    await orgs.createUser({
      actor,
      email: 'admin@demo.atalaya.test',
      name: 'Deployment Operator',
      password: DEMO_PASSWORD,
      isOperator: true,
    }),
    'operator',
  );
  const embIds: OrgId[] = [];
  const embPlans: { orgId: OrgId; locale: Locale; pollingElectionId: string }[] = [];
  const xaPeople = new Map<string, string>();
  for (const [index, emb] of EMBS.entries()) {
    const words = COUNCIL_WORDS[emb.locale];
    const org = must(
      await orgs.createOrg({
        by: 'system',
        actor,
        name: emb.name,
        type: 'emb',
        country: emb.country,
        units: [...words.units],
        locale: emb.locale,
        timeZone: emb.timeZone,
      }),
      emb.name,
    );
    embIds.push(org.id);
    for (const [local, role] of COUNCIL_ROLES) {
      const { userId } = must(
        await orgs.createUser({
          actor,
          email: `${local}@${emb.code}.demo.atalaya.test`,
          name: words.people[local],
          password: DEMO_PASSWORD,
          locale: emb.locale,
          membership: { orgId: org.id, role },
        }),
        `${local}@${emb.code}`,
      );
      if (emb.code === 'xa') xaPeople.set(local, userId);
    }
    const pollingIn = [75, 160, 320][index] ?? 100;
    const year = inDays(today, pollingIn).slice(0, 4);
    const general = must(
      await services.elections.create({
        orgId: org.id,
        actor,
        input: {
          name: (index === 1 ? words.elections.presidential : words.elections.general).replace(
            '{year}',
            year,
          ),
          kind: index === 1 ? 'presidential' : 'general',
          pollingDay: inDays(today, pollingIn),
          phases: cycle(today, pollingIn),
        },
      }),
      'election',
    );
    embPlans.push({ orgId: org.id, locale: emb.locale, pollingElectionId: general.id });
    must(
      await services.elections.create({
        orgId: org.id,
        actor,
        input: {
          name: words.elections.local,
          kind: 'local',
          pollingDay: inDays(today, pollingIn + 400),
          phases: [],
        },
      }),
      'local election',
    );
    opts.progress(`demo: ${emb.name} with ${COUNCIL_ROLES.length} accounts and its election calendar`);
  }
  const others = new Map<OrgType, OrgId>();
  for (const other of OTHERS) {
    const org = must(
      await orgs.createOrg({
        by: 'system',
        actor,
        name: other.name,
        type: other.type,
        country: other.country,
        units: [],
      }),
      other.name,
    );
    others.set(other.type, org.id);
    must(
      await orgs.createUser({
        actor,
        email: other.email,
        name: other.person,
        password: DEMO_PASSWORD,
        membership: { orgId: org.id, role: other.role },
      }),
      other.email,
    );
  }
  const provider = others.get('assistance_provider');
  if (!provider) throw new Error('demo data: no assistance provider');
  const network = must(
    await orgs.createNetwork({
      by: 'system',
      actor,
      name: 'Demo Regional Electoral Cyber Network',
      description:
        'Fictional regional network of election officials sharing incidents, indicators and strategies.',
      members: [
        ...embIds.map((orgId, i) => ({
          orgId,
          role: i === 0 ? ('coordinator' as const) : ('member' as const),
        })),
        { orgId: provider, role: 'coordinator' },
      ],
    }),
    'network',
  );
  const [xa] = embIds;
  if (xa) {
    must(
      await services.identity.grants.grant({
        scope: { orgId: xa, role: 'org_admin', viaGrantId: undefined },
        actor,
        granteeOrgId: provider,
        modules: ['elections', 'assessments', 'roadmap', 'training'],
        level: 'write',
        // An adviser's contract runs six months; the grant ends with it.
        expiresOn: inDays(services.clock.now(), 180),
      }),
      'grant',
    );
  }
  opts.progress(
    'demo: assistance provider, tech company, civil-society organisation, regional network and access grant',
  );
  const [security, trainer] = [xaPeople.get('security'), xaPeople.get('trainer')];
  // Arvenia's security lead sends its gaps to the roadmap, and so owns them until someone else is named.
  await seedAssessments(services, embPlans, {
    userId: security ?? null,
    label: 'security@xa.demo.atalaya.test',
  });
  if (xa && security && trainer) {
    await seedRoadmap(services, xa, security);
    await seedTraining(services, xa, trainer);
  }
  await seedNetwork(services, {
    clock: opts.clock,
    networkId: network.id,
    members: EMBS.flatMap((emb, i) => {
      const orgId = embIds[i];
      return orgId ? [{ orgId, code: emb.code }] : [];
    }),
  });
  const scans = await seedWebsites(
    services,
    EMBS.flatMap((emb, i) => {
      const orgId = embIds[i];
      return orgId ? [{ orgId, code: emb.code, locale: emb.locale }] : [];
    }),
    actor,
  );
  opts.progress(`demo: three websites per EMB with ${scans} recorded weekly scans (marked as recorded)`);
  opts.progress(
    'demo: assessments (a final baseline and a current one per EMB), a mission roadmap, a training programme for Arvenia (8 certified trainers, 160 officials, certificates, one revoked), and a month of the regional network (7 incidents, 8 indicators, 4 sightings, two of them correlated, two playbooks with feedback, an advisory, comments)',
  );
}
