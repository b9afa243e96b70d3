import type { Actor } from '../platform/actor.js';
import { systemActor } from '../platform/actor.js';
import type { OrgId } from '../modules/identity/index.js';
import type { Services } from '../runtime.js';
import { COUNCIL_WORDS } from './councils.js';
import { inDays, must } from './util.js';

const GIVEN_WOMEN = [
  'Lucía',
  'Valentina',
  'Camila',
  'Sofía',
  'Isabel',
  'Mariana',
  'Daniela',
  'Paula',
  'Elena',
  'Rosa',
];
const GIVEN_MEN = [
  'Mateo',
  'Diego',
  'Andrés',
  'Tomás',
  'Javier',
  'Samuel',
  'Felipe',
  'Hugo',
  'Ramón',
  'Iván',
];
const FAMILY = [
  'Fernández',
  'Ríos',
  'Cruz',
  'Alarcón',
  'Mendoza',
  'Salas',
  'Vega',
  'Ortega',
  'Navarro',
  'Paredes',
  'Quispe',
  'Rojas',
  'Soto',
  'Ibarra',
];

/** A small deterministic generator, so the demo is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * The training-of-trainers programme of Arvenia, like the one in the source documents: the trainer (a master
 * trainer) certifies 8 trainers in a training-of-trainers session; each trainer then trains 20 officials in
 * their province — 160 officials in all. Tests were taken on paper and entered afterwards; follow-up tests
 * exist where three months have passed. One participant certificate is revoked. A session in two days is
 * ready to run.
 */
export async function seedTraining(services: Services, orgId: OrgId, trainerId: string): Promise<void> {
  const { training } = services;
  const seed = systemActor('seed');
  const today = services.clock.now();
  const rand = random(20_26);
  const directory = await services.identity.directory(orgId);
  const units = directory.units;
  const capital = units.find((u) => u.name === COUNCIL_WORDS.es.capital)?.id ?? null;
  if (units.length === 0) throw new Error('demo data: Arvenia has no units');
  const master: Actor = { userId: trainerId, label: 'trainer@xa.demo.atalaya.test' };
  const [course] = await training.courses(orgId);
  if (!course) throw new Error('demo data: no built-in course');
  const full = must(await training.course(orgId, course.id, course.version), 'course');

  const names = new Set<string>();
  const person = (i: number, unitId: string) => {
    const woman = rand() < 0.52;
    const draw = () =>
      `${(woman ? GIVEN_WOMEN : GIVEN_MEN)[Math.floor(rand() * 10)] ?? ''} ${FAMILY[Math.floor(rand() * FAMILY.length)] ?? ''} ${FAMILY[Math.floor(rand() * FAMILY.length)] ?? ''}`;
    let name = draw();
    while (names.has(name)) name = draw();
    names.add(name);
    const gender: 'woman' | 'man' | 'undisclosed' = rand() < 0.04 ? 'undisclosed' : woman ? 'woman' : 'man';
    return {
      name,
      email: `official${i}@xa.example.org`,
      gender,
      unitId,
    };
  };

  /** Answers for one paper test: an ability between 0 and 1 decides how many items come out right. */
  const answers = (kind: 'pre' | 'post' | 'delayed', ability: number, hardPenalty = 0.2) => {
    const form = { pre: 'A', post: 'B', delayed: 'C' }[kind];
    return Object.fromEntries(
      full.items
        .filter((i) => i.form === form)
        .map((item, n) => {
          const hard = n % 5 === 3 ? hardPenalty : 0; // some items are harder, so item analysis has something to show
          const right = rand() < ability - hard;
          return [
            item.id,
            right
              ? item.answer
              : (item.answer + 1 + Math.floor(rand() * (item.options.length - 1))) % item.options.length,
          ];
        }),
    );
  };

  const session = async (q: {
    title: string;
    startsOn: string;
    audience: 'officials' | 'trainers';
    unitId: string | null;
    lead: { userId: string } | { personId: string };
    place: string;
  }) =>
    must(
      await training.createSession({
        orgId,
        actor: seed,
        input: {
          courseId: course.id,
          courseVersion: course.version,
          remote: false,
          locale: null,
          coTrainers: [],
          ...q,
        },
      }),
      `session ${q.title}`,
    );

  /** Roster, attendance, paper tests; answers the roster with each person's post-test percentage. */
  const run = async (
    sessionId: string,
    people: ReturnType<typeof person>[],
    q: { startsOn: string; abilityPre: number; abilityPost: number; lead: Actor; hardPenalty?: number },
  ) => {
    must(await training.addToRoster({ orgId, actor: q.lead, sessionId, people }), 'roster');
    const view = must(await training.session(orgId, sessionId), 'session');
    for (const r of view.roster) {
      must(
        await training.setAttendance({
          orgId,
          actor: q.lead,
          sessionId,
          personId: r.person.id,
          attended: true,
        }),
        'attendance',
      );
      const pre = Math.min(0.95, Math.max(0.15, q.abilityPre + (rand() - 0.5) * 0.3));
      const post = Math.min(
        0.99,
        Math.max(0.4, q.abilityPost + (rand() - 0.5) * (q.hardPenalty === 0 ? 0.04 : 0.3)),
      );
      for (const [kind, ability] of [
        ['pre', pre],
        ['post', post],
      ] as const)
        must(
          await training.recordPaperTest({
            orgId,
            actor: q.lead,
            sessionId,
            personId: r.person.id,
            kind,
            answers: answers(kind, ability, kind === 'post' ? (q.hardPenalty ?? 0.2) : 0.2),
            takenOn: q.startsOn,
          }),
          'paper test',
        );
      const followUp = inDays(new Date(`${q.startsOn}T00:00:00Z`), full.rules.delayedTestDays + 5);
      if (followUp <= inDays(today, 0) && rand() < 0.7)
        must(
          await training.recordPaperTest({
            orgId,
            actor: q.lead,
            sessionId,
            personId: r.person.id,
            kind: 'delayed',
            answers: answers('delayed', post - 0.12),
            takenOn: followUp,
          }),
          'follow-up test',
        );
    }
    return must(await training.session(orgId, sessionId), 'session');
  };

  // The training of trainers, 220 days ago, led by the master trainer.
  const totOn = inDays(today, -220);
  const tot = await session({
    title: 'Formación de formadores — higiene digital',
    startsOn: totOn,
    audience: 'trainers',
    unitId: capital,
    lead: { userId: trainerId },
    place: 'Consejo Nacional Electoral, sala de formación 2',
  });
  const trainees = Array.from({ length: 8 }, (_, i) => person(900 + i, units[i % units.length]?.id ?? ''));
  const totView = await run(tot.session.id, trainees, {
    startsOn: totOn,
    abilityPre: 0.55,
    abilityPost: 1,
    lead: master,
    hardPenalty: 0,
  });
  for (const r of totView.roster)
    must(
      await training.recordTeachBack({
        orgId,
        actor: master,
        sessionId: tot.session.id,
        personId: r.person.id,
        result: 'passed',
      }),
      'teach-back',
    );
  const ready = must(await training.session(orgId, tot.session.id), 'session').roster.filter(
    (r) => r.completion.trainerCertified,
  );
  must(
    await training.issueCertificates({
      orgId,
      actor: master,
      sessionId: tot.session.id,
      personIds: ready.map((r) => r.person.id),
    }),
    'trainer certificates',
  );
  must(
    await training.updateSession({
      orgId,
      actor: master,
      sessionId: tot.session.id,
      version: tot.session.version,
      set: { closed: true },
    }),
    'close',
  );

  // Each certified trainer trains 20 officials in their province, one session every three weeks or so.
  let official = 0;
  let firstCertificate: string | undefined;
  for (const [i, r] of totView.roster.entries()) {
    const startsOn = inDays(today, -200 + i * 22);
    const unitId = r.person.unitId;
    const unit = units.find((u) => u.id === unitId)?.name ?? '';
    const s = await session({
      title: `Higiene digital para el personal de mesa — ${unit}`,
      startsOn,
      audience: 'officials',
      unitId,
      lead: { personId: r.person.id },
      place: `Delegación electoral, ${unit}`,
    });
    const lead: Actor = { userId: null, label: r.person.email };
    const officials = Array.from({ length: 20 }, () => person(official++, unitId ?? ''));
    const view = await run(s.session.id, officials, { startsOn, abilityPre: 0.5, abilityPost: 0.84, lead });
    const completed = view.roster.filter((x) => x.completion.completed).map((x) => x.person.id);
    must(
      await training.issueCertificates({ orgId, actor: seed, sessionId: s.session.id, personIds: completed }),
      'certificates',
    );
    must(
      await training.updateSession({
        orgId,
        actor: seed,
        sessionId: s.session.id,
        version: view.session.version,
        set: { closed: true },
      }),
      'close',
    );
    firstCertificate ??= (await training.certificates(orgId)).certificates.find(
      (c) => c.sessionId === s.session.id,
    )?.id;
  }
  if (firstCertificate)
    must(
      await services.credentials.revoke({
        orgId,
        actor: seed,
        ids: [firstCertificate],
        reason: 'Emitido a otra persona por error; se volvió a emitir.',
      }),
      'revocation',
    );

  // The first trainer, who has delivered a session, is certified as a master trainer.
  const firstTrainer = totView.roster[0];
  if (firstTrainer)
    must(
      await training.certifyMaster({ orgId, actor: master, personId: firstTrainer.person.id }),
      'master trainer',
    );

  // A refresher in two days, ready to run: roster in place, nobody checked in yet.
  const next = await session({
    title: `Repaso antes de las elecciones generales — ${COUNCIL_WORDS.es.capital}`,
    startsOn: inDays(today, 2),
    audience: 'officials',
    unitId: capital,
    lead: { userId: trainerId },
    place: 'Consejo Nacional Electoral, salón principal',
  });
  must(
    await training.addToRoster({
      orgId,
      actor: master,
      sessionId: next.session.id,
      people: Array.from({ length: 6 }, () => person(official++, next.session.unitId ?? '')),
    }),
    'roster',
  );
}
