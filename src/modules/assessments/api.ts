import type { Clock } from '../../platform/clock.js';
import { z } from 'zod';
import { ProblemError, unwrap } from '../../platform/errors.js';
import {
  requestLocale,
  sendDownload,
  UPLOAD_LIMIT_BYTES,
  UploadFilename,
  uploadedFile,
  type App,
  NoContent,
  fileResponse,
  PDF,
  XLSX,
  UPLOAD_MEDIA_TYPES,
} from '../../platform/http.js';
import { gatedBy, requireUser, type RequireAccess } from '../identity/index.js';
import { AnswerKind, AssessmentStatus } from './model.js';
import { Effort, Pack, Tier } from './pack.js';
import { assessmentPdf, assessmentXlsx } from './report.js';
import type { AssessmentsService } from './service.js';

const OrgParams = z.strictObject({ orgId: z.uuid() });
const AssessmentParams = OrgParams.extend({ assessmentId: z.uuid() });
const ControlParams = AssessmentParams.extend({ controlId: z.string().regex(/^[A-Z]{2,6}-\d{2,3}$/) });
const PackParams = z.strictObject({
  packId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
});
const text = (max: number) => z.string().trim().max(max);

const CreateBody = z.strictObject({
  title: text(200).min(2),
  scope: text(2000).default(''),
  packId: PackParams.shape.packId,
  packVersion: PackParams.shape.version,
  tier: Tier,
  electionId: z.uuid().nullable().default(null),
  highRiskDomains: z
    .array(z.string().regex(/^[A-Z]{2,6}$/))
    .max(30)
    .default([]),
});
const AnswerBody = z.strictObject({
  version: z.number().int().min(0),
  kind: AnswerKind,
  score: z.number().int().min(0).max(4).nullable().default(null),
  justification: text(4000).default(''),
  comment: text(4000).default(''),
  review: z.boolean().default(false),
  assigneeId: z.uuid().nullable().default(null),
  effort: Effort.nullable().default(null),
});

const Summary = z.object({
  id: z.string(),
  orgId: z.string(),
  title: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  tier: Tier,
  status: AssessmentStatus,
  electionId: z.string().nullable(),
  answered: z.number(),
  controls: z.number(),
  createdAt: z.string(),
  finalisedAt: z.string().nullable(),
});
const AssessmentOut = Summary.extend({
  scope: z.string(),
  highRiskDomains: z.array(z.string()),
  domainAssignees: z.record(z.string(), z.string()),
  answers: z.array(
    z.object({
      controlId: z.string(),
      kind: AnswerKind,
      score: z.number().nullable(),
      justification: z.string(),
      comment: z.string(),
      review: z.boolean(),
      assigneeId: z.string().nullable(),
      effort: Effort.nullable(),
      version: z.number(),
      updatedAt: z.string(),
      evidence: z.array(
        z.object({
          id: z.string(),
          filename: z.string(),
          sha256: z.string(),
          size: z.number(),
          mediaType: z.string(),
        }),
      ),
    }),
  ),
});
const Area = z.object({
  id: z.string(),
  score: z.number().nullable(),
  level: z.number().nullable(),
  target: z.number().nullable(),
  answered: z.number(),
  applicable: z.number(),
  total: z.number(),
});
const ResultsOut = z.object({
  results: z.object({
    overall: z.object({ score: z.number().nullable(), target: z.number().nullable() }),
    domains: z.array(Area),
    functions: z.array(Area),
    redFlags: z.array(z.string()),
    progress: z.object({ answered: z.number(), total: z.number() }),
  }),
  gaps: z.array(
    z.object({
      controlId: z.string(),
      domainId: z.string(),
      current: z.number(),
      target: z.number(),
      gap: z.number(),
      priority: z.number(),
      urgency: z.number(),
      effort: Effort,
      essential: z.boolean(),
      leadTimeDays: z.number(),
      bucket: z.enum(['quick_win', 'before_polling_day', 'next_cycle']),
      compensateBeforeElection: z.boolean(),
      fallback: z.array(z.string()),
      donorFundable: z.boolean(),
      dependsOn: z.array(z.string()),
    }),
  ),
  pollingDay: z.string().nullable(),
  daysToPolling: z.number().nullable(),
});
const tags = ['assessments'];

const PackListing = z.object({
  id: z.string(),
  version: z.string(),
  title: z.object({ en: z.string(), es: z.string(), fr: z.string() }),
  builtIn: z.boolean(),
  controls: z.number(),
  domains: z.number(),
  importedAt: z.string(),
});

const BenchmarkOut = z.discriminatedUnion('available', [
  z.object({
    networkId: z.string(),
    networkName: z.string(),
    available: z.literal(false),
    minimum: z.number(),
  }),
  z.object({
    networkId: z.string(),
    networkName: z.string(),
    available: z.literal(true),
    contributors: z.number(),
    domains: z
      .array(
        z.object({
          id: z.string(),
          own: z.number().nullable(),
          q1: z.number(),
          median: z.number(),
          q3: z.number(),
        }),
      )
      .readonly(),
  }),
]);

/** Routes for content packs, assessments, answers, results, roadmap generation and the peer benchmark. */
export function assessmentRoutes(
  app: App,
  deps: { assessments: AssessmentsService; requireAccess: RequireAccess; clock: Clock },
): void {
  const { assessments, requireAccess } = deps;
  const access = (request: Parameters<RequireAccess>[0], orgId: string, level: 'read' | 'write') =>
    requireAccess(request, { orgId, area: 'assessments', level });

  app.get(
    '/api/v1/assessment-packs',
    {
      schema: {
        tags,
        summary: 'Content packs available for assessments',
        response: { 200: z.array(PackListing) },
      },
    },
    async (request) => {
      requireUser(request);
      return assessments.packs();
    },
  );

  app.get(
    '/api/v1/assessment-packs/:packId/:version',
    {
      schema: {
        tags,
        summary: 'One content pack version: domains, controls, scale, tier targets',
        params: PackParams,
        response: { 200: Pack },
      },
    },
    async (request) => {
      requireUser(request);
      return unwrap(await assessments.pack(request.params.packId, request.params.version));
    },
  );

  app.post(
    '/api/v1/assessment-packs',
    {
      schema: {
        tags,
        summary: 'Import a content pack (operators); a stored version is never replaced',
        body: z.record(z.string(), z.unknown()),
        response: { 201: PackListing },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      if (!principal.isOperator) throw new ProblemError({ type: 'forbidden', id: 'operator_only' });
      const actor = { userId: principal.userId, label: principal.email, requestId: request.id };
      return reply.status(201).send(unwrap(await assessments.importPack({ actor, content: request.body })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments',
    {
      schema: {
        tags,
        summary: "The organisation's assessments",
        params: OrgParams,
        response: { 200: z.array(Summary) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return assessments.list(scope.orgId);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/people',
    {
      schema: {
        tags,
        summary: 'Members who can be assigned domains or controls',
        params: OrgParams,
        response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return assessments.people(scope.orgId);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/assessments',
    {
      schema: {
        tags,
        summary: 'Start an assessment',
        params: OrgParams,
        body: CreateBody,
        response: { 201: AssessmentOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      return reply
        .status(201)
        .send(unwrap(await assessments.create({ orgId: scope.orgId, actor, input: request.body })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/:assessmentId',
    {
      schema: {
        tags,
        summary: 'An assessment with its answers',
        params: AssessmentParams,
        response: { 200: AssessmentOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return unwrap(await assessments.get(scope.orgId, request.params.assessmentId));
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/answers/:controlId',
    {
      schema: {
        tags,
        summary:
          "Save a control's answer; `version` is the one read (0 for a first answer), and a stale one answers 409",
        params: ControlParams,
        body: AnswerBody,
        response: { 200: z.object({ version: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      const { version, ...input } = request.body;
      const { assessmentId: id, controlId } = request.params;
      return unwrap(
        await assessments.saveAnswer({ orgId: scope.orgId, id, controlId, actor, version, input }),
      );
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/domains/:domainId/assignee',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Assign a domain to a member (null clears)',
        params: AssessmentParams.extend({ domainId: z.string().regex(/^[A-Z]{2,6}$/) }),
        body: z.strictObject({ userId: z.uuid().nullable() }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      const { assessmentId: id, domainId } = request.params;
      unwrap(
        await assessments.assignDomain({
          orgId: scope.orgId,
          id,
          domainId,
          userId: request.body.userId,
          actor,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/finalise',
    {
      schema: {
        tags,
        summary: 'Finalise: the assessment becomes read-only',
        params: AssessmentParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      unwrap(await assessments.finalise({ orgId: scope.orgId, id: request.params.assessmentId, actor }));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/results',
    {
      schema: {
        tags,
        summary: 'Scores by domain and CSF function, red flags, and the prioritised gaps',
        params: AssessmentParams,
        response: { 200: ResultsOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      const { results, gaps, pollingDay, daysToPolling } = unwrap(
        await assessments.results(scope.orgId, request.params.assessmentId),
      );
      return { results, gaps, pollingDay, daysToPolling };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/roadmap',
    {
      ...gatedBy({ area: 'assessments', level: 'write' }, { area: 'roadmap', level: 'write' }),
      schema: {
        tags,
        summary: 'Send chosen gaps to the roadmap as actions linked to their controls',
        params: AssessmentParams,
        body: z.strictObject({ controlIds: z.array(ControlParams.shape.controlId).min(1).max(200) }),
        response: { 200: z.object({ created: z.array(z.string()), skipped: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor, principal } = await access(request, request.params.orgId, 'write');
      await requireAccess(request, { orgId: scope.orgId, area: 'roadmap', level: 'write' });
      return unwrap(
        await assessments.sendToRoadmap({
          orgId: scope.orgId,
          id: request.params.assessmentId,
          controlIds: request.body.controlIds,
          actor,
          locale: principal.locale,
        }),
      );
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/benchmark',
    {
      schema: {
        tags,
        summary:
          "Domain scores against the network's quartiles (only with at least 5 contributing organisations)",
        params: AssessmentParams,
        response: { 200: z.array(BenchmarkOut) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return unwrap(await assessments.benchmark(scope.orgId, request.params.assessmentId));
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/answers/:controlId/evidence',
    {
      schema: {
        tags,
        summary: 'Attach an evidence file (raw bytes; file name in the query)',
        params: ControlParams,
        querystring: z.strictObject({ filename: UploadFilename }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      const { assessmentId: id, controlId } = request.params;
      const added = await assessments.addEvidence({
        orgId: scope.orgId,
        id,
        controlId,
        actor,
        filename: request.query.filename,
        ...uploadedFile(request),
      });
      return reply.status(201).send(unwrap(added));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Download an evidence file',
        params: AssessmentParams.extend({ evidenceId: z.uuid() }),
        ...fileResponse(...UPLOAD_MEDIA_TYPES),
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      const { assessmentId: id, evidenceId } = request.params;
      const file = unwrap(await assessments.openEvidence({ orgId: scope.orgId, id, evidenceId }));
      return sendDownload(reply, file);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/export.json',
    {
      schema: {
        tags,
        summary: 'The whole assessment as a versioned file (pack, answers, evidence) that imports elsewhere',
        params: AssessmentParams,
        response: {
          200: z.record(z.string(), z.unknown()).describe('The assessment file (atalaya.assessment/1)'),
        },
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      const file = unwrap(await assessments.exportFile(scope.orgId, request.params.assessmentId));
      return reply
        .header(
          'content-disposition',
          `attachment; filename="assessment-${request.params.assessmentId}.json"`,
        )
        .send(file);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/assessments/import',
    {
      bodyLimit: UPLOAD_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Import an assessment file exported by this or another deployment',
        params: OrgParams,
        body: z.record(z.string(), z.unknown()),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor, principal } = await access(request, request.params.orgId, 'write');
      const content = request.body;
      const imported = await assessments.importFile({
        orgId: scope.orgId,
        actor,
        content,
        mayAddPack: principal.isOperator,
      });
      return reply.status(201).send(unwrap(imported));
    },
  );

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(
      `/api/v1/orgs/:orgId/assessments/:assessmentId/report.${format}`,
      {
        schema: {
          tags,
          summary:
            format === 'pdf'
              ? 'Print-quality PDF report'
              : 'XLSX workbook: summary, answers, roadmap, CSF view',
          params: AssessmentParams,
          querystring: z.strictObject({ lang: z.enum(['en', 'es', 'fr']).optional() }),
          ...fileResponse(format === 'pdf' ? PDF : XLSX),
        },
      },
      async (request, reply) => {
        const { scope } = await access(request, request.params.orgId, 'read');
        const input = unwrap(await assessments.results(scope.orgId, request.params.assessmentId));
        const locale = requestLocale(request);
        const body =
          format === 'pdf'
            ? await assessmentPdf(input, locale, deps.clock.now())
            : await assessmentXlsx(input, locale);
        return reply
          .type(
            format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header(
            'content-disposition',
            `attachment; filename="assessment-${request.params.assessmentId}.${format}"`,
          )
          .send(body);
      },
    );
  }
}
