import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import {
  requestLocale,
  sendDownload,
  UploadFilename,
  uploadedFile,
  type App,
  NoContent,
  fileResponse,
  UPLOAD_MEDIA_TYPES,
  XLSX,
} from '../../platform/http.js';
import { translate, type MessageKey, type SupportedLocale } from '../../platform/i18n/index.js';
import { workbook } from '../../platform/xlsx.js';
import type { RequireAccess } from '../identity/index.js';
import { COLUMN_WORDS, templateRows } from './import.js';
import { PRIORITIES } from './model.js';
import { AREA_WORDS, HORIZON_WORDS, INSTRUMENT_WORDS } from './vocabulary.js';
import { MissionKind } from './missions.js';
import type { MissionsService } from './missions.service.js';

const OrgParams = z.strictObject({ orgId: z.uuid() });
const MissionParams = OrgParams.extend({ missionId: z.uuid() });
const text = (max: number) => z.string().trim().max(max);
const MissionOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: MissionKind,
  team: z.array(z.string()),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  areas: z.array(z.string()),
  report: z.object({ filename: z.string(), sha256: z.string() }).nullable(),
  recommendations: z.number(),
  done: z.number(),
});
const PlanOut = z.object({
  id: z.string(),
  title: z.string(),
  startsYear: z.number(),
  endsYear: z.number(),
  objectives: z.array(
    z.object({ id: z.string(), code: z.string(), title: z.string(), items: z.number(), done: z.number() }),
  ),
});
const ObjectiveIn = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/),
  title: text(300).min(2),
});
const RowErrorOut = z.object({
  row: z.number(),
  column: z.string(),
  code: z.string(),
  allowed: z.string().optional(),
});
const tags = ['roadmap'];

/** Routes for missions (reports, recommendation imports with a template) and the strategic plan. */
export function missionRoutes(
  app: App,
  deps: { missions: MissionsService; requireAccess: RequireAccess },
): void {
  const { missions, requireAccess } = deps;
  const access = (request: Parameters<RequireAccess>[0], orgId: string, level: 'read' | 'write') =>
    requireAccess(request, { orgId, area: 'roadmap', level });

  app.get(
    '/api/v1/orgs/:orgId/roadmap/missions',
    {
      schema: {
        tags,
        summary: 'Missions and their recommendation counts',
        params: OrgParams,
        response: { 200: z.array(MissionOut) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return missions.missions(scope.orgId);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/missions',
    {
      schema: {
        tags,
        summary: 'Add a mission (team, dates, areas assessed)',
        params: OrgParams,
        body: z.strictObject({
          name: text(200).min(2),
          kind: MissionKind,
          team: z.array(text(200).min(1)).max(50).default([]),
          startsOn: z.iso.date().nullable().default(null),
          endsOn: z.iso.date().nullable().default(null),
          areas: z.array(text(100).min(1)).max(30).default([]),
        }),
        response: { 201: MissionOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      return reply
        .status(201)
        .send(unwrap(await missions.createMission({ orgId: scope.orgId, actor, input: request.body })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/roadmap/missions/:missionId',
    { schema: { tags, summary: 'One mission', params: MissionParams, response: { 200: MissionOut } } },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return unwrap(await missions.mission(scope.orgId, request.params.missionId));
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/roadmap/missions/:missionId/report',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Attach the mission's report (raw bytes; file name in the query)",
        params: MissionParams,
        querystring: z.strictObject({ filename: UploadFilename }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      unwrap(
        await missions.attachReport({
          orgId: scope.orgId,
          missionId: request.params.missionId,
          actor,
          filename: request.query.filename,
          ...uploadedFile(request),
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/roadmap/missions/:missionId/report',
    {
      schema: {
        tags,
        summary: "Download the mission's report",
        params: MissionParams,
        ...fileResponse(...UPLOAD_MEDIA_TYPES),
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      const report = unwrap(
        await missions.openReport({ orgId: scope.orgId, missionId: request.params.missionId }),
      );
      return sendDownload(reply, { ...report, mediaType: 'application/octet-stream' });
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/missions/:missionId/import/check',
    {
      schema: {
        tags,
        summary: 'Check a CSV or XLSX file of recommendations, row by row, without writing anything',
        params: MissionParams,
        response: { 200: z.object({ valid: z.number(), errors: z.array(RowErrorOut) }) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'write');
      return unwrap(
        await missions.checkImport({
          orgId: scope.orgId,
          missionId: request.params.missionId,
          content: uploadedFile(request).content,
        }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/missions/:missionId/import',
    {
      schema: {
        tags,
        summary:
          'Import recommendations from a CSV or XLSX file; with invalid rows, nothing is written unless validOnly=true',
        params: MissionParams,
        querystring: z.strictObject({ validOnly: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ imported: z.number(), skippedRows: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      return unwrap(
        await missions.importRecommendations({
          orgId: scope.orgId,
          missionId: request.params.missionId,
          actor,
          content: uploadedFile(request).content,
          validOnly: request.query.validOnly === 'true',
        }),
      );
    },
  );

  app.get(
    '/api/v1/roadmap/import-template.:format',
    {
      schema: {
        tags,
        summary:
          'The recommendations template: a header row and an example (CSV or XLSX with the allowed values)',
        params: z.strictObject({ format: z.enum(['csv', 'xlsx']) }),
        querystring: z.strictObject({ lang: z.enum(['en', 'es', 'fr']).optional() }),
        ...fileResponse('text/csv', XLSX),
      },
    },
    async (request, reply) => {
      // Headers, example and allowed values in the reader's language; the import reads any of the three back.
      const locale = requestLocale(request);
      const w = (key: MessageKey) => translate(locale, key);
      const { header, example } = templateRows(locale);
      if (request.params.format === 'csv') {
        // Spanish and French Excel split CSV on semicolons; the import reads either.
        const separator = locale === 'en' ? ',' : ';';
        const line = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(separator);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="recommendations-template.csv"')
          .send(`\uFEFF${line(header)}\r\n${line(example)}\r\n`);
      }
      const words = (list: Readonly<Record<string, Readonly<Record<SupportedLocale, string>>>>) =>
        Object.values(list)
          .map((v) => v[locale])
          .join('; ');
      const allowed = [
        [COLUMN_WORDS.area[locale], words(AREA_WORDS)],
        [COLUMN_WORDS.instrument[locale], words(INSTRUMENT_WORDS)],
        [COLUMN_WORDS.priority[locale], PRIORITIES.join(', ')],
        [COLUMN_WORDS.priority_flag[locale], w('template.yesNo')],
        [COLUMN_WORDS.horizon[locale], words(HORIZON_WORDS)],
        [COLUMN_WORDS.due_on[locale], w('template.date')],
        [COLUMN_WORDS.objective[locale], w('template.objective')],
      ];
      const body = await workbook(
        [
          {
            name: w('template.sheet.recommendations'),
            columns: header.map((h, i) => ({
              header: h,
              width: i < 2 ? 50 : 18,
            })),
            rows: [example],
          },
          {
            name: w('template.sheet.allowed'),
            columns: [
              { header: w('template.col.column'), width: 16 },
              { header: w('template.col.values'), width: 60 },
            ],
            rows: allowed,
          },
        ],
        { title: w('template.title') },
      );
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="recommendations-template.xlsx"')
        .send(body);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/roadmap/plans',
    {
      schema: {
        tags,
        summary: 'The strategic plans and the items linked to each objective',
        params: OrgParams,
        response: { 200: z.array(PlanOut) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return missions.plans(scope.orgId);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/plans',
    {
      schema: {
        tags,
        summary: 'Add a strategic plan (period and objectives)',
        params: OrgParams,
        body: z.strictObject({
          title: text(200).min(2),
          startsYear: z.number().int().min(1990).max(2100),
          endsYear: z.number().int().min(1990).max(2100),
          objectives: z.array(ObjectiveIn).max(100).default([]),
        }),
        response: { 201: PlanOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      return reply
        .status(201)
        .send(unwrap(await missions.createPlan({ orgId: scope.orgId, actor, input: request.body })));
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/plans/:planId/objectives',
    {
      schema: {
        tags,
        summary: 'Add an objective to a plan',
        params: OrgParams.extend({ planId: z.uuid() }),
        body: ObjectiveIn,
        response: { 200: PlanOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      return unwrap(
        await missions.addObjective({
          orgId: scope.orgId,
          planId: request.params.planId,
          actor,
          ...request.body,
        }),
      );
    },
  );
}
