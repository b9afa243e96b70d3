import type { Clock } from '../../platform/clock.js';
import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { requestLocale, UPLOAD_LIMIT_BYTES, type App, fileResponse, PDF, XLSX } from '../../platform/http.js';
import { gatedBy, type RequireAccess } from '../identity/index.js';

import { assessmentPdf, assessmentXlsx } from './report.js';
import type { AssessmentsService } from './service.js';
import type { Access } from './api.js';
import {
  OrgParams,
  AssessmentParams,
  ControlParams,
  ResultsOut,
  tags,
  BenchmarkOut,
} from './assessments.schemas.js';

/** What an assessment yields: results, items for the roadmap, the peer benchmark, export, import and reports. */
export function resultsRoutes(
  app: App,
  deps: { assessments: AssessmentsService; access: Access; requireAccess: RequireAccess; clock: Clock },
): void {
  const { assessments, access, requireAccess } = deps;
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
