import { systemActor } from '../platform/actor.js';
import type { Locale, OrgId } from '../modules/identity/index.js';
import type { Services } from '../runtime.js';
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
): Promise<void> {
  const actor = systemActor('seed');
  const pack = must(await services.assessments.pack(PACK.packId, PACK.packVersion), 'pack');
  const controls = pack.domains.flatMap((d) => d.controls);
  for (const [i, emb] of embs.entries()) {
    const baseline = must(
      await services.assessments.create({
        orgId: emb.orgId,
        actor,
        input: {
          ...PACK,
          title: 'Baseline — previous election cycle',
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
          title: 'Before the coming general election',
          scope: 'Voter registration, results transmission, public websites and the head office network.',
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
          ? { kind: 'na' as const, score: null, justification: 'There is no public voter look-up service.' }
          : control.id === 'RM-03'
            ? {
                kind: 'compensating' as const,
                score: 2,
                justification: 'Tabulation laptops are air-gapped and checked by two officers.',
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
            comment: score >= 3 ? 'Evidence held by the IT unit.' : '',
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
          actor,
          locale: emb.locale,
        }),
        'to roadmap',
      );
    }
  }
}

const TEAM_RECOMMENDATIONS = [
  {
    title: 'Adopt a written procedure for securing the transmission of preliminary results',
    area: 'results_management',
    addressee: 'National Electoral Council',
    instrument: 'procedure' as const,
    priority: 'P1' as const,
    path: ['accepted', 'planned', 'in_progress'] as const,
    due: 20,
    grades: [['2025-03-10', 'not_implemented', 'No procedure existed at the time of the mission.']] as const,
  },
  {
    title: 'Require multi-factor authentication for all staff e-mail and remote access',
    area: 'identity_access',
    addressee: 'IT Directorate',
    instrument: 'practice' as const,
    priority: 'P1' as const,
    path: ['accepted', 'planned', 'in_progress', 'done'] as const,
    due: -10,
    grades: [
      ['2025-03-10', 'partially', 'MFA in place for administrators only.'],
      ['2026-06-15', 'mostly', 'Rolled out to headquarters; two provinces remain.'],
    ] as const,
  },
  {
    title: 'Amend the electoral law to set a retention period for results databases and logs',
    area: 'legal_framework',
    addressee: 'Parliament',
    instrument: 'law' as const,
    priority: 'P2' as const,
    path: [] as const,
    due: 400,
    grades: [] as const,
  },
  {
    title: 'Fund a 24/7 monitoring roster from early voting to certification',
    area: 'technology_monitoring',
    addressee: 'Ministry of Finance',
    instrument: 'resourcing' as const,
    priority: 'P2' as const,
    path: ['accepted', 'planned'] as const,
    due: -3,
    grades: [] as const,
  },
  {
    title: 'Publish polling-station results and protocol images within 48 hours',
    area: 'results_management',
    addressee: 'National Electoral Council',
    instrument: 'regulation' as const,
    priority: 'P3' as const,
    path: ['rejected'] as const,
    due: 200,
    grades: [] as const,
  },
];

/** Demo roadmap: a technical assessment mission's recommendations at different stages, with grades. */
export async function seedRoadmap(services: Services, orgId: OrgId, ownerId: string): Promise<void> {
  const actor = systemActor('seed');
  const today = services.clock.now();
  const { missions } = services.roadmap;
  const mission = must(
    await missions.createMission({
      orgId,
      actor,
      input: {
        name: 'Technical election assessment mission',
        kind: 'team',
        team: ['Team leader', 'Election technology expert', 'Cybersecurity expert', 'Legal analyst'],
        startsOn: inDays(today, -620),
        endsOn: inDays(today, -600),
        areas: [
          'Election ICT and cybersecurity',
          'Legal framework',
          'Results management',
          'Crisis communications',
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
        title: 'Institutional strategic plan',
        startsYear: today.getUTCFullYear() - 2,
        endsYear: today.getUTCFullYear() + 1,
        objectives: [
          { code: 'OE1', title: 'Trusted, timely and transparent results' },
          { code: 'OE2', title: 'Secure and modern electoral technology' },
          { code: 'OE3', title: 'A legal framework fit for digital elections' },
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
          description: 'From the final report of the technical election assessment mission.',
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
            rec.instrument === 'law' ? 'OE3' : rec.area === 'Results management' ? 'OE1' : 'OE2',
          ),
        },
      }),
      rec.title,
    );
    for (const status of rec.path) {
      const reason =
        status === 'rejected'
          ? 'Protocol images contain personal data; to be revisited after the data-protection review.'
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
          assessor: 'Follow-up mission',
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
          title: 'Draft approved by the board',
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
          body: 'Working group met with the national CERT; draft circulated.',
        }),
        'note',
      );
    }
  }
}
