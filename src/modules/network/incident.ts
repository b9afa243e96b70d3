import { z } from 'zod';
import { PHASES } from '../elections/index.js';
import {
  ElectionProcess,
  IncidentCategory,
  IncidentStatus,
  Lang,
  Severity,
  type ElectionProcess as Process,
} from './model.js';
import type { StixBody, StoredObject } from './objects.store.js';
import { ATALAYA_EXTENSION, INCIDENT_CORE_EXTENSION, commonProperties } from './stix.js';
import type { Marking } from './tlp.js';

const Phase = z.enum(PHASES);
type Phase = z.infer<typeof Phase>;

/** One dated entry of what happened during an incident. */
export const TimelineEntry = z.object({
  at: z.iso.datetime({ offset: true }),
  text: z.string().trim().min(1).max(2000),
});

/** What the member reporting an incident says about it. */
export const IncidentFields = z.object({
  title: z.string().trim().min(3).max(300),
  description: z.string().trim().max(20_000).default(''),
  category: IncidentCategory,
  severity: Severity,
  status: IncidentStatus.default('open'),
  processes: z.array(ElectionProcess).max(6).default([]),
  /** The electoral phase; left out, it is taken from the organisation's calendar on the day of detection. */
  phase: Phase.nullable().optional(),
  detectedAt: z.iso.datetime({ offset: true }),
  affectedSystems: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  actionsTaken: z.string().trim().max(20_000).default(''),
  lessons: z.string().trim().max(20_000).default(''),
  timeline: z.array(TimelineEntry).max(200).default([]),
  lang: Lang.optional(),
});
export type IncidentFields = z.infer<typeof IncidentFields>;

/** An incident as members read it. */
export interface Incident {
  readonly id: string;
  readonly marking: Marking;
  readonly source: string;
  readonly title: string;
  readonly description: string;
  readonly category: IncidentCategory;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly processes: readonly Process[];
  readonly phase: Phase | null;
  readonly detectedAt: string | null;
  readonly affectedSystems: readonly string[];
  readonly actionsTaken: string;
  readonly lessons: string;
  readonly timeline: readonly { at: string; text: string }[];
  readonly lang: string | null;
  readonly created: string;
  readonly modified: string;
}

// Read leniently: an incident from another tool may lack Atalaya's extension or carry values we do not know.
const AtalayaIncident = z.object({
  category: IncidentCategory.catch('other'),
  severity: Severity.catch('medium'),
  status: IncidentStatus.catch('open'),
  election_processes: z.array(ElectionProcess).catch([]),
  electoral_phase: Phase.nullable().catch(null),
  detected: z.string().nullable().catch(null),
  affected_systems: z.array(z.string()).catch([]),
  actions_taken: z.string().catch(''),
  lessons: z.string().catch(''),
  timeline: z.array(z.object({ time: z.string(), description: z.string() })).catch([]),
});
const IncidentBody = z.looseObject({
  name: z.string().catch('(untitled)'),
  description: z.string().catch(''),
  lang: z.string().optional(),
  created: z.string(),
  modified: z.string(),
  extensions: z.looseObject({ [ATALAYA_EXTENSION]: z.unknown().optional() }).optional(),
});

/** Reads a stored incident into what members see. */
export function incidentOf(stored: StoredObject): Incident {
  const body = IncidentBody.parse(stored.body);
  const ext = AtalayaIncident.parse(body.extensions?.[ATALAYA_EXTENSION] ?? {});
  return {
    id: stored.stixId,
    marking: stored.marking,
    source: stored.source,
    title: body.name,
    description: body.description,
    category: ext.category,
    severity: ext.severity,
    status: ext.status,
    processes: ext.election_processes,
    phase: ext.electoral_phase,
    detectedAt: ext.detected,
    affectedSystems: ext.affected_systems,
    actionsTaken: ext.actions_taken,
    lessons: ext.lessons,
    timeline: ext.timeline.map((e) => ({ at: e.time, text: e.description })),
    lang: body.lang ?? null,
    created: body.created,
    modified: body.modified,
  };
}

/** The Incident Core Extension's investigation status for ours. */
function investigationStatus(status: IncidentStatus): 'open' | 'closed' {
  return status === 'open' || status === 'contained' ? 'open' : 'closed';
}

/** One version of an incident as a STIX 2.1 incident with the Incident Core Extension and Atalaya's. */
export function incidentToStix(q: {
  id: string;
  created: string;
  modified: string;
  orgId: string;
  marking: Marking;
  fields: IncidentFields & { phase: Phase | null };
}): StixBody {
  const { fields } = q;
  const iso = (at: string) => new Date(at).toISOString();
  return {
    ...commonProperties({ ...q, type: 'incident', tlp: q.marking.tlp, lang: fields.lang }),
    name: fields.title,
    ...(fields.description && { description: fields.description }),
    extensions: {
      [INCIDENT_CORE_EXTENSION]: {
        extension_type: 'property-extension',
        determination: 'suspected',
        investigation_status: investigationStatus(fields.status),
      },
      [ATALAYA_EXTENSION]: {
        extension_type: 'property-extension',
        category: fields.category,
        severity: fields.severity,
        status: fields.status,
        election_processes: fields.processes,
        electoral_phase: fields.phase,
        detected: iso(fields.detectedAt),
        affected_systems: fields.affectedSystems,
        actions_taken: fields.actionsTaken,
        lessons: fields.lessons,
        timeline: fields.timeline
          .map((e) => ({ time: iso(e.at), description: e.text }))
          .sort((a, b) => a.time.localeCompare(b.time)),
      },
    },
  };
}

/** The words text search finds an incident by. */
export function incidentText(fields: IncidentFields): string {
  return [
    fields.title,
    fields.description,
    fields.affectedSystems.join(' '),
    fields.actionsTaken,
    fields.lessons,
    ...fields.timeline.map((e) => e.text),
  ].join('\n');
}
