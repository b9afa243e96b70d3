import { systemActor, type Actor } from '../platform/actor.js';
import type { Locale, OrgId } from '../modules/identity/index.js';
import type { Services } from '../runtime.js';
import { COUNCIL_WORDS } from './councils.js';
import { inDays, must } from './util.js';

const PACK = { packId: 'electoral-cyber-preparedness', packVersion: '1.0.0' };

/** A repeatable pseudo-random score 0–4 for a control: the same demo data on every machine. */
function scoreFor(orgIndex: number, controlIndex: number, lift: number): number {
  const x = Math.sin((orgIndex + 1) * 97.3 + controlIndex * 13.7) * 10_000;
  return Math.max(0, Math.min(4, Math.floor((x - Math.floor(x)) * 4.2) + lift));
}

/**
 * Demo assessments: each EMB has a final baseline from the previous cycle and a current assessment about
 * two-thirds answered (with N/A and compensating answers), linked to its next polling day.
 */
export async function seedAssessments(
  services: Services,
  embs: readonly { orgId: OrgId; locale: Locale; pollingElectionId: string }[],
  /** Who sends the first council's gaps to its roadmap. */
  sender: Actor,
): Promise<void> {
  const actor = systemActor('seed');
  const pack = must(await services.assessments.pack(PACK.packId, PACK.packVersion), 'pack');
  const controls = pack.domains.flatMap((d) => d.controls);
  for (const [i, emb] of embs.entries()) {
    const words = COUNCIL_WORDS[emb.locale].assessments;
    const baseline = must(
      await services.assessments.create({
        orgId: emb.orgId,
        actor,
        input: {
          ...PACK,
          title: words.baseline,
          scope: '',
          tier: 'A',
          electionId: null,
          highRiskDomains: ['VR', 'RM'],
        },
      }),
      'baseline',
    );
    for (const [c, control] of controls.entries()) {
      const input = {
        kind: 'score' as const,
        score: scoreFor(i, c, -1),
        justification: '',
        comment: '',
        review: false,
        assigneeId: null,
        effort: null,
      };
      must(
        await services.assessments.saveAnswer({
          orgId: emb.orgId,
          id: baseline.id,
          controlId: control.id,
          actor,
          version: 0,
          locale: emb.locale,
          input,
        }),
        control.id,
      );
    }
    must(await services.assessments.finalise({ orgId: emb.orgId, id: baseline.id, actor }), 'finalise');

    const current = must(
      await services.assessments.create({
        orgId: emb.orgId,
        actor,
        input: {
          ...PACK,
          title: words.current,
          scope: words.scope,
          tier: 'B',
          electionId: emb.pollingElectionId,
          highRiskDomains: ['VR', 'RM', 'WEB'],
        },
      }),
      'current',
    );
    for (const [c, control] of controls.entries()) {
      if (c % 3 === 2) continue; // a third still to answer
      const score = scoreFor(i, c, 0);
      const input =
        control.id === 'VR-07'
          ? { kind: 'na' as const, score: null, justification: words.notApplicable }
          : control.id === 'RM-03'
            ? {
                kind: 'compensating' as const,
                score: 2,
                justification: words.compensating,
              }
            : { kind: 'score' as const, score, justification: '' };
      must(
        await services.assessments.saveAnswer({
          orgId: emb.orgId,
          id: current.id,
          controlId: control.id,
          actor,
          version: 0,
          locale: emb.locale,
          input: {
            ...input,
            comment: score >= 3 ? words.evidenceHeld : '',
            review: c % 11 === 0,
            assigneeId: null,
            effort: null,
          },
        }),
        control.id,
      );
    }
    if (i === 0) {
      const view = must(await services.assessments.results(emb.orgId, current.id), 'results');
      must(
        await services.assessments.sendToRoadmap({
          orgId: emb.orgId,
          id: current.id,
          controlIds: view.gaps.slice(0, 6).map((g) => g.controlId),
          actor: sender,
          locale: emb.locale,
        }),
        'to roadmap',
      );
    }
  }
}

const TEAM_RECOMMENDATIONS = [
  {
    title: 'Adoptar un procedimiento escrito para asegurar la transmisión de los resultados preliminares',
    area: 'results_management',
    addressee: 'Consejo Nacional Electoral',
    instrument: 'procedure' as const,
    priority: 'P1' as const,
    path: ['accepted', 'planned', 'in_progress'] as const,
    due: 20,
    grades: [
      ['2025-03-10', 'not_implemented', 'No existía ningún procedimiento en el momento de la misión.'],
    ] as const,
  },
  {
    title: 'Exigir la autenticación multifactor para el correo y el acceso remoto de todo el personal',
    area: 'identity_access',
    addressee: 'Dirección de Informática',
    instrument: 'practice' as const,
    priority: 'P1' as const,
    path: ['accepted', 'planned', 'in_progress', 'done'] as const,
    due: -10,
    grades: [
      ['2025-03-10', 'partially', 'Autenticación multifactor solo para los administradores.'],
      ['2026-06-15', 'mostly', 'Implantada en la sede central; faltan dos provincias.'],
    ] as const,
  },
  {
    title:
      'Reformar la ley electoral para fijar un plazo de conservación de las bases de datos de resultados y los registros',
    area: 'legal_framework',
    addressee: 'Asamblea Nacional',
    instrument: 'law' as const,
    priority: 'P2' as const,
    path: [] as const,
    due: 400,
    grades: [] as const,
  },
  {
    title: 'Financiar turnos de vigilancia 24/7 desde el voto anticipado hasta la proclamación',
    area: 'technology_monitoring',
    addressee: 'Ministerio de Finanzas',
    instrument: 'resourcing' as const,
    priority: 'P2' as const,
    path: ['accepted', 'planned'] as const,
    due: -3,
    grades: [] as const,
  },
  {
    title: 'Publicar los resultados por mesa y las imágenes de las actas en 48 horas',
    area: 'results_management',
    addressee: 'Consejo Nacional Electoral',
    instrument: 'regulation' as const,
    priority: 'P3' as const,
    path: ['rejected'] as const,
    due: 200,
    grades: [] as const,
  },
];

/**
 * Demo roadmap of Arvenia, in Spanish as its people write it: a technical assessment mission's recommendations at
 * different stages, with grades.
 */
export async function seedRoadmap(services: Services, orgId: OrgId, ownerId: string): Promise<void> {
  const actor = systemActor('seed');
  const today = services.clock.now();
  const { missions } = services.roadmap;
  const mission = must(
    await missions.createMission({
      orgId,
      actor,
      input: {
        name: 'Misión técnica de evaluación electoral',
        kind: 'team',
        team: [
          'Jefa de misión',
          'Experto en tecnología electoral',
          'Experta en ciberseguridad',
          'Analista jurídico',
        ],
        startsOn: inDays(today, -620),
        endsOn: inDays(today, -600),
        areas: [
          'TIC electorales y ciberseguridad',
          'Marco jurídico',
          'Gestión de resultados',
          'Comunicación de crisis',
        ],
      },
    }),
    'mission',
  );
  const plan = must(
    await missions.createPlan({
      orgId,
      actor,
      input: {
        title: 'Plan estratégico institucional',
        startsYear: today.getUTCFullYear() - 2,
        endsYear: today.getUTCFullYear() + 1,
        objectives: [
          { code: 'OE1', title: 'Resultados confiables, oportunos y transparentes' },
          { code: 'OE2', title: 'Tecnología electoral segura y moderna' },
          { code: 'OE3', title: 'Un marco jurídico adaptado a las elecciones digitales' },
        ],
      },
    }),
    'plan',
  );
  const objective = (code: string) => plan.objectives.find((o) => o.code === code)?.id ?? null;
  for (const rec of TEAM_RECOMMENDATIONS) {
    let item = must(
      await services.roadmap.create({
        orgId,
        actor,
        input: {
          kind: 'recommendation',
          source: 'team',
          title: rec.title,
          description: 'Del informe final de la misión técnica de evaluación electoral.',
          paragraphRef: `§${12 + TEAM_RECOMMENDATIONS.indexOf(rec) * 3}`,
          area: rec.area,
          addressee: rec.addressee,
          instrument: rec.instrument,
          priority: rec.priority,
          priorityFlag: rec.priority === 'P1',
          horizon: rec.instrument === 'law' ? 'long' : 'before_next_election',
          ownerUnitId: null,
          ownerUserId: ownerId,
          dueOn: inDays(today, rec.due),
          donorFundable: rec.instrument === 'resourcing',
          missionId: mission.id,
          objectiveId: objective(
            rec.instrument === 'law' ? 'OE3' : rec.area === 'results_management' ? 'OE1' : 'OE2',
          ),
        },
      }),
      rec.title,
    );
    for (const status of rec.path) {
      const reason =
        status === 'rejected'
          ? 'Las imágenes de las actas contienen datos personales; se revisará tras el estudio de protección de datos.'
          : '';
      item = must(
        await services.roadmap.move({ orgId, itemId: item.id, actor, version: item.version, status, reason }),
        status,
      );
    }
    for (const [gradedOn, grade, rationale] of rec.grades) {
      item = must(
        await services.roadmap.grade({
          orgId,
          itemId: item.id,
          actor,
          version: item.version,
          grade,
          gradedOn,
          assessor: 'Misión de seguimiento',
          rationale,
        }),
        'grade',
      );
    }
    if (rec.path.includes('in_progress' as never)) {
      item = must(
        await services.roadmap.addMilestone({
          orgId,
          itemId: item.id,
          actor,
          version: item.version,
          title: 'Borrador aprobado por el pleno',
          dueOn: inDays(today, rec.due - 10),
        }),
        'milestone',
      );
      must(
        await services.roadmap.note({
          orgId,
          itemId: item.id,
          actor,
          version: item.version,
          body: 'El grupo de trabajo se reunió con el CERT nacional; borrador en circulación.',
        }),
        'note',
      );
    }
  }
}
