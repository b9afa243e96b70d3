import { z } from 'zod';
import type { Db } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { folded } from '../../platform/text.js';
import type { RequireAccess } from '../identity/index.js';
import { browse, toCsv } from './service.js';

const Query = z.strictObject({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(200).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  format: z.enum(['json', 'csv']).default('json'),
  lang: z.enum(['en', 'es', 'fr']).optional(),
});

const EventOut = z.object({
  id: z.string(),
  at: z.date(),
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  /** The acting member's name (null for someone outside the organisation: an adviser, the system). */
  actorName: z.string().nullable(),
  /** The name of the person acted upon, when the target is a member. */
  targetName: z.string().nullable(),
  viaGrantId: z.string().nullable(),
  requestId: z.string().nullable(),
  summary: z.unknown(),
  hash: z.string(),
});

/** Routes to browse and export an organisation's audit trail. */
export function auditRoutes(
  app: App,
  deps: {
    db: Db;
    requireAccess: RequireAccess;
    /** The organisation's people (identity's directory), so the trail names them and finds them by name. */
    people: (orgId: string) => Promise<readonly { id: string; name: string }[]>;
  },
): void {
  app.get(
    '/api/v1/orgs/:orgId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "Browse the organisation's audit trail (newest first); format=csv exports",
        params: z.strictObject({ orgId: z.uuid() }),
        querystring: Query,
        response: {
          200: {
            description: 'The events (JSON), or the CSV export with format=csv',
            content: {
              'application/json': { schema: z.array(EventOut) },
              'text/csv': { schema: z.string() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { scope } = await deps.requireAccess(request, {
        orgId: request.params.orgId,
        area: 'audit',
        level: 'read',
      });
      const q = request.query;
      const to = q.to ? new Date(`${q.to}T00:00:00Z`) : undefined;
      const people = await deps.people(scope.orgId);
      const names = new Map(people.map((p) => [p.id, p.name]));
      const wanted = q.actor ? folded(q.actor) : '';
      const events = await browse(deps.db, {
        orgId: scope.orgId,
        actor: q.actor,
        actorIds: wanted ? people.filter((p) => folded(p.name).includes(wanted)).map((p) => p.id) : [],
        action: q.action,
        target: q.target,
        from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
        to: to ? new Date(to.getTime() + 86_400_000) : undefined,
        beforeId: q.before,
        limit: q.format === 'csv' ? 10_000 : q.limit,
      });
      if (q.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit.csv"')
          .send(toCsv(events));
      }
      return events.map((e) => ({
        ...e,
        actor: e.actorLabel,
        actorName: (e.actorUserId && names.get(e.actorUserId)) ?? null,
        targetName: e.targetType === 'user' ? (names.get(e.targetId) ?? null) : null,
      }));
    },
  );
}
