import type { Clock } from '../../platform/clock.js';
import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { requestLocale, type App, fileResponse, PDF, XLSX } from '../../platform/http.js';
import type { RequireAccess } from '../identity/index.js';
import {
  Grade,
  Horizon,
  Instrument,
  ItemKind,
  Priority,
  Source,
  SOURCES,
  Status,
  STATUSES,
} from './model.js';
import { replyCache, sendKept } from '../../platform/reply-cache.js';
import { roadmapPdf, roadmapXlsx } from './report.js';
import { AreaKey } from './vocabulary.js';
import type { RoadmapService } from './service.js';
import type { ItemFilter } from './store.js';

const OrgParams = z.strictObject({ orgId: z.uuid() });
const ItemParams = OrgParams.extend({ itemId: z.uuid() });
const text = (max: number) => z.string().trim().max(max);
/** A comma-separated list of values from a closed set, as filters take them (`?status=planned,in_progress`). */
const csvOf = <const V extends readonly [string, ...string[]]>(values: V) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(20));

const ItemFields = z.strictObject({
  title: text(300).min(2),
  description: text(10_000).default(''),
  paragraphRef: text(100).default(''),
  area: AreaKey.default('').describe('A key of the closed list of areas, or empty for none'),
  addressee: text(200).default(''),
  instrument: Instrument.nullable().default(null),
  priority: Priority.default('P2'),
  priorityFlag: z.boolean().default(false),
  horizon: Horizon.default('medium'),
  ownerUnitId: z.uuid().nullable().default(null),
  ownerUserId: z.uuid().nullable().default(null),
  dueOn: z.iso.date().nullable().default(null),
  donorFundable: z.boolean().default(false),
  objectiveId: z.uuid().nullable().default(null),
});
const CreateBody = ItemFields.extend({
  kind: ItemKind,
  source: Source,
  status: Status.optional(),
  missionId: z.uuid().nullable().default(null),
});
const Versioned = z.strictObject({ version: z.number().int().min(1) });
const PatchBody = ItemFields.partial().extend(Versioned.shape);

const ListQuery = z.strictObject({
  status: csvOf(STATUSES).optional(),
  source: csvOf(SOURCES).optional(),
  kind: ItemKind.optional(),
  area: AreaKey.optional(),
  owner: z.uuid().optional(),
  unit: z.uuid().optional(),
  mission: z.uuid().optional(),
  objective: z.uuid().optional(),
  q: text(200).optional(),
  dueBefore: z.iso.date().optional(),
  sort: z.enum(['due', 'priority', 'updated']).default('due'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const Summary = z.object({
  id: z.string(),
  kind: ItemKind,
  source: Source,
  title: z.string(),
  area: z.string(),
  priority: Priority,
  priorityFlag: z.boolean(),
  horizon: Horizon,
  status: Status,
  nextStatuses: z.array(Status),
  dueOn: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  ownerUnitId: z.string().nullable(),
  donorFundable: z.boolean(),
  missionId: z.string().nullable(),
  objectiveId: z.string().nullable(),
  latestGrade: Grade.nullable(),
  origin: z.record(z.string(), z.string()),
  version: z.number(),
  updatedAt: z.string(),
});
const ItemOut = Summary.extend({
  description: z.string(),
  paragraphRef: z.string(),
  addressee: z.string(),
  instrument: Instrument.nullable(),
  statusReason: z.string(),
  createdAt: z.string(),
  milestones: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      dueOn: z.string().nullable(),
      doneOn: z.string().nullable(),
    }),
  ),
  updates: z.array(z.object({ id: z.string(), body: z.string(), at: z.string(), by: z.string().nullable() })),
  grades: z.array(
    z.object({
      id: z.string(),
      grade: Grade,
      gradedOn: z.string(),
      assessor: z.string(),
      rationale: z.string(),
    }),
  ),
});
const tags = ['roadmap'];
const ListReply = z.object({ items: z.array(Summary), total: z.number() });

/** Routes for the roadmap: items, their workflow, grades, notes, milestones, and the dashboard. */
export function roadmapRoutes(
  app: App,
  deps: { roadmap: RoadmapService; requireAccess: RequireAccess; clock: Clock },
): void {
  const { roadmap, requireAccess } = deps;
  const pages = replyCache(200);
  const access = (request: { params: { orgId: string } }, level: 'read' | 'write') =>
    requireAccess(request as Parameters<RequireAccess>[0], {
      orgId: request.params.orgId,
      area: 'roadmap',
      level,
    });

  app.get(
    '/api/v1/orgs/:orgId/roadmap/items',
    {
      schema: {
        tags,
        summary: 'List, filter and page roadmap items',
        description:
          'The reply carries an ETag: a request naming it in If-None-Match is answered 304, with no body, while the list is unchanged.',
        params: OrgParams,
        querystring: ListQuery,
        response: { 200: ListReply },
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, 'read');
      const q = request.query;
      const filter: ItemFilter = {
        status: q.status,
        source: q.source,
        kind: q.kind,
        area: q.area,
        ownerUserId: q.owner,
        ownerUnitId: q.unit,
        missionId: q.mission,
        objectiveId: q.objective,
        q: q.q,
        dueBefore: q.dueBefore,
        sort: q.sort,
        limit: q.limit,
        offset: q.offset,
      };
      // The list is the same for everyone who may read it: kept per organisation and filter (decision 81).
      const version = await roadmap.listVersion(scope.orgId);
      const kept = await pages.get(`${scope.orgId} ${JSON.stringify(filter)}`, version, async () =>
        JSON.stringify(ListReply.parse(await roadmap.list(scope.orgId, filter))),
      );
      return sendKept(request, reply, kept);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/items',
    {
      schema: {
        tags,
        summary: 'Add a recommendation or action',
        params: OrgParams,
        body: CreateBody,
        response: { 201: ItemOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      return reply
        .status(201)
        .send(unwrap(await roadmap.create({ orgId: scope.orgId, actor, input: request.body })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/roadmap/items/:itemId',
    {
      schema: {
        tags,
        summary: 'One item with milestones, notes and grade history',
        params: ItemParams,
        response: { 200: ItemOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return unwrap(await roadmap.get(scope.orgId, request.params.itemId));
    },
  );

  app.patch(
    '/api/v1/orgs/:orgId/roadmap/items/:itemId',
    {
      schema: {
        tags,
        summary: 'Edit an item (the version read must still be current)',
        params: ItemParams,
        body: PatchBody,
        response: { 200: ItemOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      const { version, ...patch } = request.body;
      return unwrap(
        await roadmap.update({ orgId: scope.orgId, itemId: request.params.itemId, actor, version, patch }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/items/:itemId/status',
    {
      schema: {
        tags,
        summary: 'Move an item along its workflow',
        params: ItemParams,
        body: Versioned.extend({ status: Status, reason: text(2000).default('') }),
        response: { 200: ItemOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      const { version, status, reason } = request.body;
      return unwrap(
        await roadmap.move({
          orgId: scope.orgId,
          itemId: request.params.itemId,
          actor,
          version,
          status,
          reason,
        }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/items/:itemId/grades',
    {
      schema: {
        tags,
        summary: "Record an implementation grade (ODIHR's four grades); earlier grades are kept",
        params: ItemParams,
        body: Versioned.extend({
          grade: Grade,
          gradedOn: z.iso.date(),
          assessor: text(200).min(1),
          rationale: text(4000).default(''),
        }),
        response: { 200: ItemOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await roadmap.grade({ orgId: scope.orgId, itemId: request.params.itemId, actor, ...request.body }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/items/:itemId/updates',
    {
      schema: {
        tags,
        summary: 'Add a progress note',
        params: ItemParams,
        body: Versioned.extend({ body: text(4000).min(1) }),
        response: { 200: ItemOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await roadmap.note({ orgId: scope.orgId, itemId: request.params.itemId, actor, ...request.body }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/roadmap/items/:itemId/milestones',
    {
      schema: {
        tags,
        summary: 'Add a milestone',
        params: ItemParams,
        body: Versioned.extend({ title: text(300).min(1), dueOn: z.iso.date().nullable().default(null) }),
        response: { 200: ItemOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await roadmap.addMilestone({
          orgId: scope.orgId,
          itemId: request.params.itemId,
          actor,
          ...request.body,
        }),
      );
    },
  );

  app.patch(
    '/api/v1/orgs/:orgId/roadmap/items/:itemId/milestones/:milestoneId',
    {
      schema: {
        tags,
        summary: 'Mark a milestone done or not done',
        params: ItemParams.extend({ milestoneId: z.uuid() }),
        body: Versioned.extend({ done: z.boolean() }),
        response: { 200: ItemOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      const { itemId, milestoneId } = request.params;
      return unwrap(
        await roadmap.setMilestone({ orgId: scope.orgId, itemId, milestoneId, actor, ...request.body }),
      );
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/roadmap/dashboard',
    {
      schema: {
        tags,
        summary: 'Implementation by status, area and source; overdue; due within 30 days',
        params: OrgParams,
        response: {
          200: z.object({
            byStatus: z.array(z.object({ status: Status, count: z.number() })),
            byArea: z.array(z.object({ area: z.string(), status: Status, count: z.number() })),
            bySource: z.array(z.object({ source: Source, status: Status, count: z.number() })),
            overdue: z.number(),
            dueSoon: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return roadmap.dashboard(scope.orgId);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/roadmap/directory',
    {
      schema: {
        tags,
        summary: 'People and units items can be given to',
        params: OrgParams,
        response: {
          200: z.object({
            people: z.array(z.object({ id: z.string(), name: z.string() })),
            units: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return roadmap.directory(scope.orgId);
    },
  );

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(
      `/api/v1/orgs/:orgId/roadmap/report.${format}`,
      {
        schema: {
          tags,
          summary: format === 'pdf' ? 'PDF roadmap report' : 'Every item as an XLSX workbook',
          params: OrgParams,
          querystring: z.strictObject({ lang: z.enum(['en', 'es', 'fr']).optional() }),
          ...fileResponse(format === 'pdf' ? PDF : XLSX),
        },
      },
      async (request, reply) => {
        const { scope } = await access(request, 'read');
        const [list, dashboard, directory] = await Promise.all([
          roadmap.list(scope.orgId, { sort: 'due', limit: 20_000, offset: 0 }),
          roadmap.dashboard(scope.orgId),
          roadmap.directory(scope.orgId),
        ]);
        const input = { items: list.items, dashboard, directory };
        const locale = requestLocale(request);
        const body =
          format === 'pdf'
            ? await roadmapPdf(input, locale, deps.clock.now())
            : await roadmapXlsx(input, locale);
        return reply
          .type(
            format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('content-disposition', `attachment; filename="roadmap.${format}"`)
          .send(body);
      },
    );
  }
}
