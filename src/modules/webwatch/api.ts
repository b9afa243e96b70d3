import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { NoContent, requestLocale, type App } from '../../platform/http.js';
import { gatedBy, type RequireAccess } from '../identity/index.js';
import { FindingCode, Severity } from './findings.js';
import { Criticality, Purpose, Schedule, ScanOrigin } from './model.js';
import { ScanReportSchema } from './report.js';
import type { WebwatchService } from './service.js';

const OrgParams = z.strictObject({ orgId: z.uuid() });
const PropertyParams = OrgParams.extend({ propertyId: z.uuid() });
const ScanParams = OrgParams.extend({ scanId: z.uuid() });
const FindingParams = ScanParams.extend({ finding: FindingCode });

const Body = z.strictObject({
  url: z.string().trim().min(1).max(2000).describe('An http or https address'),
  name: z.string().trim().min(2).max(200),
  purpose: Purpose,
  criticality: Criticality.default('normal'),
  schedule: Schedule.default('weekly'),
  ownerUnitId: z.uuid().nullable().default(null),
});

const ScanSummaryOut = z.object({
  id: z.string(),
  scannedAt: z.string(),
  up: z.boolean(),
  status: z.number().nullable(),
  responseMs: z.number().nullable(),
  grade: z.string().nullable(),
  score: z.number().nullable(),
  tlsDays: z.number().nullable(),
  findings: z.number(),
  a11yViolations: z.number().nullable(),
  origin: ScanOrigin.describe('manual, schedule, or recorded: demo history written by the seed, not fetched'),
});

const PropertyOut = z.object({
  id: z.string(),
  url: z.string(),
  name: z.string(),
  purpose: Purpose,
  criticality: Criticality,
  schedule: Schedule,
  ownerUnitId: z.string().nullable(),
  createdAt: z.string(),
  lastScan: ScanSummaryOut.nullable(),
});

const FindingOut = z.object({
  code: FindingCode,
  severity: Severity,
  title: z.string(),
  explanation: z.string(),
  fix: z.string(),
  evidence: z.array(z.string()),
});

const ScanDetailOut = z.object({
  propertyId: z.string(),
  summary: ScanSummaryOut,
  findings: z.array(FindingOut).describe('In the language the request asks for (Accept-Language)'),
  report: ScanReportSchema,
});

const tags = ['webwatch'];

/** Routes for an organisation's web properties, their scans and findings. */
export function webwatchRoutes(
  app: App,
  deps: { webwatch: WebwatchService; requireAccess: RequireAccess },
): void {
  const { webwatch, requireAccess } = deps;
  const access = (request: Parameters<RequireAccess>[0], orgId: string, level: 'read' | 'write') =>
    requireAccess(request, { orgId, area: 'webwatch', level });

  app.get(
    '/api/v1/orgs/:orgId/webwatch/units',
    {
      schema: {
        tags,
        summary: 'The units a web property can belong to',
        params: OrgParams,
        response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return [...(await webwatch.units(scope.orgId))];
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/webwatch/properties',
    {
      schema: {
        tags,
        summary: 'The web properties, each with its latest scan',
        params: OrgParams,
        response: { 200: z.array(PropertyOut) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return webwatch.list(scope.orgId);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/webwatch/properties',
    {
      schema: {
        tags,
        summary: 'Add a web property',
        params: OrgParams,
        body: Body,
        response: { 201: PropertyOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      return reply
        .status(201)
        .send(unwrap(await webwatch.create({ orgId: scope.orgId, actor, input: request.body })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/webwatch/properties/:propertyId',
    {
      schema: {
        tags,
        summary: 'One web property with its latest scan',
        params: PropertyParams,
        response: { 200: PropertyOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return unwrap(await webwatch.get(scope.orgId, request.params.propertyId));
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/webwatch/properties/:propertyId',
    {
      schema: {
        tags,
        summary: 'Edit a web property',
        params: PropertyParams,
        body: Body,
        response: { 200: PropertyOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      return unwrap(
        await webwatch.update({
          orgId: scope.orgId,
          propertyId: request.params.propertyId,
          actor,
          input: request.body,
        }),
      );
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/webwatch/properties/:propertyId',
    {
      schema: {
        tags,
        summary: 'Archive a web property (its scan history stays)',
        params: PropertyParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      unwrap(await webwatch.archive({ orgId: scope.orgId, propertyId: request.params.propertyId, actor }));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/webwatch/properties/:propertyId/scans',
    {
      schema: {
        tags,
        summary: "A property's scans, newest first",
        params: PropertyParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(400).default(60) }),
        response: { 200: z.array(ScanSummaryOut) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return unwrap(
        await webwatch.history({
          orgId: scope.orgId,
          propertyId: request.params.propertyId,
          limit: request.query.limit,
        }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/webwatch/properties/:propertyId/scans',
    {
      schema: {
        tags,
        summary: 'Scan a property now (takes up to a minute) and keep the result',
        params: PropertyParams,
        response: { 201: ScanDetailOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      const scan = unwrap(
        await webwatch.scanNow({
          orgId: scope.orgId,
          propertyId: request.params.propertyId,
          actor,
          locale: requestLocale(request),
        }),
      );
      return reply.status(201).send(scan);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/webwatch/scans/:scanId',
    {
      schema: {
        tags,
        summary: 'One scan: its findings, explained, and its whole report',
        params: ScanParams,
        response: { 200: ScanDetailOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return unwrap(
        await webwatch.scan({
          orgId: scope.orgId,
          scanId: request.params.scanId,
          locale: requestLocale(request),
        }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/webwatch/scans/:scanId/findings/:finding/roadmap',
    {
      ...gatedBy({ area: 'webwatch', level: 'write' }, { area: 'roadmap', level: 'write' }),
      schema: {
        tags,
        summary: 'Put a finding on the roadmap, linked to the property and the finding',
        params: FindingParams,
        response: { 201: z.object({ itemId: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor, principal } = await access(request, request.params.orgId, 'write');
      await requireAccess(request, { orgId: scope.orgId, area: 'roadmap', level: 'write' });
      const added = unwrap(
        await webwatch.sendToRoadmap({
          orgId: scope.orgId,
          scanId: request.params.scanId,
          code: request.params.finding,
          actor,
          locale: principal.locale,
        }),
      );
      return reply.status(201).send(added);
    },
  );
}
