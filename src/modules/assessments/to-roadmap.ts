import { translate } from '../../platform/i18n/index.js';
import type { Locale } from '../identity/index.js';
import type { Area, SourcedItem } from '../roadmap/index.js';
import type { Assessment } from './model.js';
import { controlsOf, type Pack } from './pack.js';
import type { Gap } from './priority.js';

/** The key a control's roadmap action is known by, so an assessment finds what it already sent. */
export const originKeyOf = (assessmentId: string, controlId: string) =>
  `assessment:${assessmentId}:${controlId}`;

/** The roadmap area each domain of the built-in framework files its actions under; other packs' go to "other". */
const AREA_OF_DOMAIN: Readonly<Record<string, Area>> = {
  GOV: 'governance_risk',
  VR: 'voter_registration',
  RM: 'results_management',
  WEB: 'websites_communication',
  IAM: 'identity_access',
  HYG: 'cyber_hygiene',
  TPR: 'partners_vendors',
  TEC: 'technology_monitoring',
  IRC: 'incident_response',
};

const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Turns chosen gaps into roadmap actions, written in the language of the person who sends them: priority
 * P1 for essential controls due before polling day, P2 for other work before it, P3 for the next cycle; a
 * due date from the control's lead time, never after polling day.
 */
export function roadmapItemsFor(q: {
  assessment: Assessment;
  pack: Pack;
  gaps: readonly Gap[];
  locale: Locale;
  today: Date;
  pollingDay: string | null;
  /** Who answers for a gap whose control has no assignee: the member sending it, or null. */
  sender: string | null;
}): SourcedItem[] {
  const assignees = new Map(q.assessment.answers.map((a) => [a.controlId, a.assigneeId]));
  const byId = new Map(controlsOf(q.pack).map((c) => [c.control.id, c]));
  return q.gaps.flatMap((g) => {
    const entry = byId.get(g.controlId);
    if (!entry) return [];
    const soon = g.bucket !== 'next_cycle';
    let dueOn = soon ? addDays(q.today, Math.max(g.leadTimeDays, 7)) : null;
    if (dueOn && q.pollingDay && dueOn > q.pollingDay) dueOn = q.pollingDay;
    return [
      {
        originKey: originKeyOf(q.assessment.id, g.controlId),
        origin: { assessmentId: q.assessment.id, controlId: g.controlId, packId: q.pack.id },
        title: `${g.controlId} — ${entry.control.text[q.locale]}`.slice(0, 300),
        description: [
          translate(q.locale, 'roadmap.fromGap', {
            title: q.assessment.title,
            control: g.controlId,
            current: g.current,
            target: g.target,
          }),
          ...(g.compensateBeforeElection
            ? [translate(q.locale, 'report.compensate', { fallback: g.fallback.join(', ') })]
            : []),
          `${translate(q.locale, `report.bucket.${g.bucket}`)} · P = ${g.priority}`,
        ].join('\n'),
        area: AREA_OF_DOMAIN[entry.domain.id] ?? 'other',
        priority: soon ? (g.essential ? 'P1' : 'P2') : 'P3',
        horizon: soon ? 'before_next_election' : 'medium',
        dueOn,
        donorFundable: g.donorFundable,
        // The person assigned to the control (else its domain) answers for closing its gap; else the sender.
        ownerUserId: assignees.get(g.controlId) ?? q.assessment.domainAssignees[entry.domain.id] ?? q.sender,
      },
    ];
  });
}
