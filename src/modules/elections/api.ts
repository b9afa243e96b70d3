import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { NoContent, type App } from '../../platform/http.js';
import type { RequireAccess } from '../identity/index.js';
import { ElectionKind, Phase } from './model.js';
import type { ElectionsService } from './service.js';

const OrgParams = z.strictObject({ orgId: z.uuid() });
const ElectionParams = OrgParams.extend({ electionId: z.uuid() });
const Body = z.strictObject({
  name: z.string().trim().min(2).max(200),
  kind: ElectionKind,
  pollingDay: z.iso.date(),
  phases: z
    .array(z.strictObject({ phase: Phase, startsOn: z.iso.date(), endsOn: z.iso.date() }))
    .max(6)
    .default([]),
});
const ElectionOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: ElectionKind,
  pollingDay: z.string(),
  phases: z.array(z.object({ phase: Phase, startsOn: z.string(), endsOn: z.string() })),
});
const tags = ['elections'];

/** Routes for an EMB's election calendar. */
export function electionRoutes(
  app: App,
  deps: { elections: ElectionsService; requireAccess: RequireAccess },
): void {
  const { elections, requireAccess } = deps;

  app.get(
    '/api/v1/orgs/:orgId/elections',
    {
      schema: {
        tags,
        summary: 'The election calendar',
        params: OrgParams,
        response: { 200: z.array(ElectionOut) },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'elections',
        level: 'read',
      });
      return elections.list(scope.orgId);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/elections/next',
    {
      schema: {
        tags,
        summary: 'The next polling day and days to go',
        params: OrgParams,
        response: {
          200: z.object({
            next: z
              .object({
                electionId: z.string(),
                name: z.string(),
                pollingDay: z.string(),
                daysToGo: z.number(),
              })
              .nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'elections',
        level: 'read',
      });
      return { next: (await elections.nextPollingDay(scope.orgId)) ?? null };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/elections',
    {
      schema: {
        tags,
        summary: 'Add an election',
        params: OrgParams,
        body: Body,
        response: { 201: ElectionOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'elections',
        level: 'write',
      });
      return reply
        .status(201)
        .send(unwrap(await elections.create({ orgId: scope.orgId, actor, input: request.body })));
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/elections/:electionId',
    {
      schema: {
        tags,
        summary: 'Edit an election and its phases',
        params: ElectionParams,
        body: Body,
        response: { 200: ElectionOut },
      },
    },
    async (request) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'elections',
        level: 'write',
      });
      return unwrap(
        await elections.update({
          orgId: scope.orgId,
          electionId: request.params.electionId,
          actor,
          input: request.body,
        }),
      );
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/elections/:electionId',
    { schema: { tags, summary: 'Remove an election', params: ElectionParams, response: { 204: NoContent } } },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'elections',
        level: 'write',
      });
      unwrap(await elections.remove({ orgId: scope.orgId, electionId: request.params.electionId, actor }));
      return reply.status(204).send(null);
    },
  );
}
