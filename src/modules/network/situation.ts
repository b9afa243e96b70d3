import type { Member } from './deps.js';
import type { Incident } from './incident.js';
import {
  ELECTION_PROCESSES,
  SEVERITIES,
  type ElectionProcess,
  type IncidentCategory,
  type Severity,
} from './model.js';

/** A member organisation on the situation board: its country and how far its next polling day is. */
export interface MemberSituation extends Member {
  readonly pollingDay: string | null;
  readonly daysToPolling: number | null;
}

/** What the situation board and the dashboards show of a network, as one reader may see it. */
export interface Situation {
  readonly members: readonly MemberSituation[];
  /** Incidents still open or contained, by severity and by the election process they touched. */
  readonly open: {
    readonly total: number;
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly byProcess: Readonly<Record<ElectionProcess, number>>;
  };
  /** Incidents by month of detection (the last twelve months, oldest first) and category. */
  readonly byMonth: readonly {
    readonly month: string;
    readonly total: number;
    readonly byCategory: Readonly<Partial<Record<IncidentCategory, number>>>;
  }[];
  /** Incidents by the member organisation (and so the country) that shared them. */
  readonly byMember: readonly { readonly orgId: string; readonly incidents: number }[];
  /** The median time from detection to sharing, in hours, over incidents that say when they were detected. */
  readonly medianHoursToShare: number | null;
  readonly incidents: number;
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The median of some numbers, or null for none. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The situation of a network from the incidents a reader may see (the caller passes only those): nothing here
 * decides who may read what.
 */
export function situationOf(q: {
  incidents: readonly Incident[];
  members: readonly MemberSituation[];
  now: Date;
}): Situation {
  const open = q.incidents.filter((i) => i.status === 'open' || i.status === 'contained');
  const bySeverity = zeroes(SEVERITIES);
  const byProcess = zeroes(ELECTION_PROCESSES);
  for (const i of open) {
    bySeverity[i.severity] += 1;
    for (const p of i.processes) byProcess[p] += 1;
  }
  const months = Array.from({ length: 12 }, (_, k) => {
    const d = new Date(Date.UTC(q.now.getUTCFullYear(), q.now.getUTCMonth() - 11 + k, 1));
    return d.toISOString().slice(0, 7);
  });
  const byMonth = months.map((month) => {
    const inMonth = q.incidents.filter((i) => (i.detectedAt ?? i.created).slice(0, 7) === month);
    const byCategory: Partial<Record<IncidentCategory, number>> = {};
    for (const i of inMonth) byCategory[i.category] = (byCategory[i.category] ?? 0) + 1;
    return { month, total: inMonth.length, byCategory };
  });
  const byMember = q.members.map((m) => ({
    orgId: m.orgId,
    incidents: q.incidents.filter((i) => i.marking.ownerOrgId === m.orgId).length,
  }));
  const hoursToShare = q.incidents.flatMap((i) => {
    if (!i.detectedAt) return [];
    const hours = (Date.parse(i.created) - Date.parse(i.detectedAt)) / 3_600_000;
    return hours >= 0 ? [hours] : [];
  });
  return {
    members: q.members,
    open: { total: open.length, bySeverity, byProcess },
    byMonth,
    byMember,
    medianHoursToShare: median(hoursToShare),
    incidents: q.incidents.length,
  };
}
