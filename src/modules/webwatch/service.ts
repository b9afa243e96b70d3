import { isIP } from 'node:net';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { translate, type MessageKey, type SupportedLocale } from '../../platform/i18n/index.js';
import type { Mailer } from '../../platform/mail.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { Transactor } from '../audit/index.js';
import type { Locale } from '../identity/index.js';
import type { SourcedItem } from '../roadmap/index.js';
import { isPublicAddress, type FetchPolicy } from './fetch.js';
import {
  CERTIFICATE_WARNING_DAYS,
  findingsOf,
  presentFinding,
  type FindingCode,
  type FindingText,
} from './findings.js';
import { GRADES, type Grade } from './observatory.js';
import { canonicalUrl, type ScanOrigin, type ScanSummary, type WebProperty } from './model.js';
import type { ScanReport } from './report.js';
import { scanUrl } from './scan.js';
import {
  archiveProperty,
  dueProperties,
  findScan,
  insertProperty,
  insertScan,
  listProperties,
  listScans,
  propertyByUrl,
  updateProperty,
  type PropertyFields,
} from './store.js';

/** What the webwatch service is given: the platform's parts and two other modules' doors. */
export interface WebwatchDeps {
  readonly db: Db;
  readonly tx: Transactor;
  readonly clock: Clock;
  /** How scans reach the web: the address guard, time limits and size caps (ATALAYA_SCAN_*). */
  readonly policy: FetchPolicy;
  /** The organisation's units, to check an owner unit against (identity's door). */
  units(orgId: string): Promise<readonly { id: string; name: string }[]>;
  /** Who answers for an organisation's security, by organisation (identity's door): regressions are mailed to them. */
  responders(orgIds: readonly string[]): Promise<Map<string, readonly { email: string; locale: Locale }[]>>;
  readonly mailer: Mailer;
  /** The address people use, for links in alerts. */
  readonly publicUrl: string;
  /** Puts actions on the organisation's roadmap, an origin already there skipped (roadmap's door). */
  addToRoadmap(q: {
    orgId: string;
    actor: Actor;
    items: readonly SourcedItem[];
  }): Promise<Result<{ created: string[]; skipped: number }, Problem>>;
}

/** A property as created or edited; the address is canonicalised by the service. */
export type PropertyInput = PropertyFields;

/** One scan, its findings in the reader's language, and the report they come from. */
export interface ScanDetail {
  readonly propertyId: string;
  readonly summary: ScanSummary;
  readonly findings: FindingText[];
  readonly report: ScanReport;
}

/**
 * What got worse since a property's previous scan, worth waking someone for: the site went down, its grade
 * fell, or its certificate crossed into its last 21 days. Each is told once, when it happens, not every scan.
 */
export function regressions(
  previous: ScanSummary | null,
  report: ScanReport,
): { key: MessageKey; params: Record<string, string | number> }[] {
  const found: { key: MessageKey; params: Record<string, string | number> }[] = [];
  if (!report.availability.up && (previous === null || previous.up))
    found.push({ key: 'webwatch.alert.down', params: {} });
  const grade = report.observatory?.grade;
  const rank = (g: string | null | undefined) => GRADES.indexOf(g as Grade);
  if (grade && previous?.grade && rank(grade) > rank(previous.grade))
    found.push({ key: 'webwatch.alert.grade', params: { from: previous.grade, to: grade } });
  const days = report.tls?.daysToExpiry ?? null;
  const daysBefore = previous?.tlsDays ?? null;
  if (
    days !== null &&
    days < CERTIFICATE_WARNING_DAYS &&
    (daysBefore === null || daysBefore >= CERTIFICATE_WARNING_DAYS)
  )
    found.push({ key: 'webwatch.alert.certificate', params: { days } });
  return found;
}

/** Scans whose report has findings worth the roadmap: severities map to its priorities. */
const PRIORITY_OF = { critical: 'P1', high: 'P1', medium: 'P2', low: 'P3' } as const;

/** A URL this deployment may never scan whatever its DNS says: an IP literal outside the public internet. */
function refusedLiteral(url: string, policy: FetchPolicy): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return !policy.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host);
}

/** Builds the webwatch service: each organisation's web properties and their scans. */
export function createWebwatchService(deps: WebwatchDeps) {
  const { db, tx, clock, policy } = deps;
  /** Properties being scanned now, so a second press of "Scan now" waits for the first. */
  const running = new Set<string>();

  async function checkInput(orgId: string, input: PropertyInput): Promise<Result<PropertyInput, Problem>> {
    const url = canonicalUrl(input.url);
    if (!url) return fail('invalid', 'webwatch_url_invalid');
    if (refusedLiteral(url, policy)) return fail('invalid', 'webwatch_address_refused');
    if (input.ownerUnitId && !(await deps.units(orgId)).some((u) => u.id === input.ownerUnitId))
      return fail('invalid', 'unit_not_found');
    return ok({ ...input, url });
  }

  async function detail(
    orgId: string,
    scanId: string,
    locale: SupportedLocale,
  ): Promise<Result<ScanDetail, Problem>> {
    const found = await findScan(db, { orgId, scanId });
    if (!found) return fail('not_found', 'webwatch_scan_not_found');
    return ok({
      propertyId: found.propertyId,
      summary: found.summary,
      findings: findingsOf(found.report).map((f) => presentFinding(f, locale)),
      report: found.report,
    });
  }

  /** Stores a scan and audits it in one transaction; answers the scan's id. */
  async function keep(q: {
    orgId: string;
    propertyId: string;
    actor: Actor;
    origin: ScanOrigin;
    report: ScanReport;
  }): Promise<Result<string, Problem>> {
    const { report } = q;
    const scanId = newId();
    // A live scan that finds things worse than the one before alerts the organisation's responders.
    const [property] = q.origin === 'recorded' ? [] : await listProperties(db, q.orgId, q.propertyId);
    const worse = property ? regressions(property.lastScan, report) : [];
    const people = worse.length > 0 ? ((await deps.responders([q.orgId])).get(q.orgId) ?? []) : [];
    const kept = await tx.run(q.actor, async (t, record) => {
      await insertScan(t, {
        id: scanId,
        orgId: q.orgId,
        propertyId: q.propertyId,
        origin: q.origin,
        findings: findingsOf(report).length,
        report,
      });
      await record({
        action: 'webwatch.scanned',
        orgId: q.orgId,
        targetType: 'web_property',
        targetId: q.propertyId,
        summary: {
          scanId,
          origin: q.origin,
          up: report.availability.up,
          grade: report.observatory?.grade ?? null,
        },
      });
      if (property && worse.length > 0 && people.length > 0) {
        await deps.mailer.queue(
          t,
          people.map((person) => {
            const params = {
              site: property.name,
              url: property.url,
              link: `${deps.publicUrl}/o/${q.orgId}/webwatch/scans/${scanId}`,
              changes: worse.map((w) => translate(person.locale, w.key, w.params)).join('\n'),
            };
            return {
              to: person.email,
              subject: translate(person.locale, 'mail.webwatch_alert.subject', params),
              text: translate(person.locale, 'mail.webwatch_alert.body', params),
            };
          }),
        );
        await record({
          action: 'webwatch.alerted',
          orgId: q.orgId,
          targetType: 'web_property',
          targetId: q.propertyId,
          summary: { scanId, regressions: worse.map((w) => w.key), recipients: people.length },
        });
      }
      return ok(scanId);
    });
    if (kept.ok && worse.length > 0) await deps.mailer.deliverPending();
    return kept;
  }

  /**
   * Scans a property and keeps the result. The network work happens before the transaction (no connection is
   * held meanwhile); one scan per property at a time; an address the deployment may not reach keeps nothing.
   */
  async function scanAndKeep(
    property: { id: string; orgId: string; url: string },
    actor: Actor,
    origin: 'manual' | 'schedule',
  ): Promise<Result<{ scanId: string; up: boolean }, Problem>> {
    if (running.has(property.id)) return fail('conflict', 'webwatch_scan_running');
    running.add(property.id);
    let report: ScanReport;
    try {
      report = await scanUrl(new URL(property.url), { policy, now: () => clock.now() });
    } finally {
      running.delete(property.id);
    }
    if (report.availability.error?.reason === 'refused_address')
      return fail('invalid', 'webwatch_address_refused');
    const kept = await keep({ orgId: property.orgId, propertyId: property.id, actor, origin, report });
    return kept.ok ? ok({ scanId: kept.value, up: report.availability.up }) : kept;
  }

  return {
    /** The units a property can belong to. */
    units(orgId: string): Promise<readonly { id: string; name: string }[]> {
      return deps.units(orgId);
    },

    list(orgId: string): Promise<WebProperty[]> {
      return listProperties(db, orgId);
    },

    async get(orgId: string, propertyId: string): Promise<Result<WebProperty, Problem>> {
      const [property] = await listProperties(db, orgId, propertyId);
      return property ? ok(property) : fail('not_found', 'webwatch_property_not_found');
    },

    async create(q: {
      orgId: string;
      actor: Actor;
      input: PropertyInput;
    }): Promise<Result<WebProperty, Problem>> {
      const checked = await checkInput(q.orgId, q.input);
      if (!checked.ok) return checked;
      const input = checked.value;
      return tx.run(q.actor, async (t, record) => {
        const existing = await propertyByUrl(t, q.orgId, input.url);
        if (existing && !existing.archived)
          return fail('conflict', 'webwatch_property_exists', { params: { url: input.url } });
        // An archived property at the same address comes back with its history.
        const id = existing?.id ?? newId();
        if (existing) await updateProperty(t, { ...input, id, orgId: q.orgId });
        else await insertProperty(t, { ...input, id, orgId: q.orgId });
        await record({
          action: 'webwatch.property_added',
          orgId: q.orgId,
          targetType: 'web_property',
          targetId: id,
          summary: { url: input.url, name: input.name, criticality: input.criticality },
        });
        const [created] = await listProperties(t, q.orgId, id);
        return created ? ok(created) : fail('not_found', 'webwatch_property_not_found');
      });
    },

    async update(q: {
      orgId: string;
      propertyId: string;
      actor: Actor;
      input: PropertyInput;
    }): Promise<Result<WebProperty, Problem>> {
      const checked = await checkInput(q.orgId, q.input);
      if (!checked.ok) return checked;
      const input = checked.value;
      return tx.run(q.actor, async (t, record) => {
        const [before] = await listProperties(t, q.orgId, q.propertyId);
        if (!before) return fail('not_found', 'webwatch_property_not_found');
        const clash = await propertyByUrl(t, q.orgId, input.url);
        if (clash && clash.id !== q.propertyId)
          return fail('conflict', 'webwatch_property_exists', { params: { url: input.url } });
        await updateProperty(t, { ...input, id: q.propertyId, orgId: q.orgId });
        await record({
          action: 'webwatch.property_updated',
          orgId: q.orgId,
          targetType: 'web_property',
          targetId: q.propertyId,
          summary: {
            url: { from: before.url, to: input.url },
            criticality: { from: before.criticality, to: input.criticality },
            schedule: { from: before.schedule, to: input.schedule },
          },
        });
        const [after] = await listProperties(t, q.orgId, q.propertyId);
        return after ? ok(after) : fail('not_found', 'webwatch_property_not_found');
      });
    },

    async archive(q: { orgId: string; propertyId: string; actor: Actor }): Promise<Result<void, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        if (!(await archiveProperty(t, { id: q.propertyId, orgId: q.orgId, at: clock.now() })))
          return fail('not_found', 'webwatch_property_not_found');
        await record({
          action: 'webwatch.property_archived',
          orgId: q.orgId,
          targetType: 'web_property',
          targetId: q.propertyId,
        });
        return ok(undefined);
      });
    },

    /**
     * Scans a property now and keeps the result. The network work happens before the transaction (a scan takes
     * seconds; no connection is held meanwhile); an address the deployment may not reach is refused and nothing
     * is kept.
     */
    async scanNow(q: {
      orgId: string;
      propertyId: string;
      actor: Actor;
      locale: SupportedLocale;
    }): Promise<Result<ScanDetail, Problem>> {
      const [property] = await listProperties(db, q.orgId, q.propertyId);
      if (!property) return fail('not_found', 'webwatch_property_not_found');
      const kept = await scanAndKeep({ ...property, orgId: q.orgId }, q.actor, 'manual');
      return kept.ok ? detail(q.orgId, kept.value.scanId, q.locale) : kept;
    },

    /**
     * Scans the properties whose schedule calls for it (at most `limit` per run, three at a time, each under
     * the scanner's own deadline, so a hanging site holds up one slot for a minute at worst).
     */
    async scanDue(actor: Actor, limit = 30): Promise<{ up: number; down: number; failed: number }> {
      const due = await dueProperties(db, { now: clock.now(), limit });
      const tally = { up: 0, down: 0, failed: 0 };
      const next = async (): Promise<void> => {
        for (let property = due.shift(); property; property = due.shift()) {
          const kept = await scanAndKeep(property, actor, 'schedule');
          if (!kept.ok) tally.failed += 1;
          else if (kept.value.up) tally.up += 1;
          else tally.down += 1;
        }
      };
      await Promise.all([next(), next(), next()]);
      return tally;
    },

    /**
     * Keeps a report made elsewhere as one of a property's scans: the demo's history, marked `recorded` so
     * no one mistakes it for a fetch of a live site.
     */
    async record(q: {
      orgId: string;
      propertyId: string;
      actor: Actor;
      report: ScanReport;
    }): Promise<Result<{ scanId: string }, Problem>> {
      const [property] = await listProperties(db, q.orgId, q.propertyId);
      if (!property) return fail('not_found', 'webwatch_property_not_found');
      const kept = await keep({ ...q, origin: 'recorded' });
      return kept.ok ? ok({ scanId: kept.value }) : kept;
    },

    /** A property's scans, newest first (a year of weekly scans fits the default). */
    async history(q: {
      orgId: string;
      propertyId: string;
      limit?: number;
    }): Promise<Result<ScanSummary[], Problem>> {
      const [property] = await listProperties(db, q.orgId, q.propertyId);
      if (!property) return fail('not_found', 'webwatch_property_not_found');
      return ok(await listScans(db, { orgId: q.orgId, propertyId: q.propertyId, limit: q.limit ?? 60 }));
    },

    scan(q: {
      orgId: string;
      scanId: string;
      locale: SupportedLocale;
    }): Promise<Result<ScanDetail, Problem>> {
      return detail(q.orgId, q.scanId, q.locale);
    },

    /** Puts one finding of a scan on the roadmap, linked to the property and the finding; once per property. */
    async sendToRoadmap(q: {
      orgId: string;
      scanId: string;
      code: FindingCode;
      actor: Actor;
      locale: SupportedLocale;
    }): Promise<Result<{ itemId: string }, Problem>> {
      const scan = await detail(q.orgId, q.scanId, q.locale);
      if (!scan.ok) return scan;
      const finding = scan.value.findings.find((f) => f.code === q.code);
      if (!finding) return fail('not_found', 'webwatch_finding_not_found');
      const [property] = await listProperties(db, q.orgId, scan.value.propertyId);
      if (!property) return fail('not_found', 'webwatch_property_not_found');
      const evidence =
        finding.evidence.length > 0 ? `\n\n${finding.evidence.map((e) => `- ${e}`).join('\n')}` : '';
      const added = await deps.addToRoadmap({
        orgId: q.orgId,
        actor: q.actor,
        items: [
          {
            originKey: `webwatch:${property.id}:${finding.code}`,
            origin: { propertyId: property.id, scanId: q.scanId, finding: finding.code, url: property.url },
            title: `${finding.title} — ${property.name}`.slice(0, 300),
            description: `${property.url}\n\n${finding.explanation}\n\n${finding.fix}${evidence}`,
            area: 'websites_communication',
            priority: PRIORITY_OF[finding.severity],
            horizon: 'before_next_election',
            dueOn: null,
            donorFundable: false,
            ownerUserId: q.actor.userId,
          },
        ],
      });
      if (!added.ok) return added;
      const [itemId] = added.value.created;
      return itemId ? ok({ itemId }) : fail('conflict', 'webwatch_finding_on_roadmap');
    },
  };
}

/** The webwatch service's type. */
export type WebwatchService = ReturnType<typeof createWebwatchService>;
