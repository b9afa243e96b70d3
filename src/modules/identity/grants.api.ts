import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { type App, NoContent } from '../../platform/http.js';
import { gatedBy, requireUser, type RequireAccess } from './http-auth.js';
import { GrantableModule, type OrgId } from './model.js';
import type { OrgsService } from './orgs.service.js';
import type { GrantsService } from './grants.service.js';
import { GrantOut, NetworkOut, OrgParams } from './admin.schemas.js';

/** Routes for access grants between organisations and the networks an organisation belongs to. */
export function grantRoutes(
  app: App,
  deps: { grants: GrantsService; orgs: OrgsService; requireAccess: RequireAccess },
): void {
  const { grants, orgs, requireAccess } = deps;
  const tags = ['organisations'];

  app.get(
    '/api/v1/orgs/:orgId/grants',
    {
      schema: {
        tags,
        summary: 'Access grants given and received',
        params: OrgParams,
        response: { 200: z.array(GrantOut) },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'read',
      });
      return grants.list(scope);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/grant-candidates',
    {
      ...gatedBy({ area: 'identity', level: 'write' }),
      schema: {
        tags,
        summary: 'Assistance providers that access can be granted to',
        params: OrgParams,
        response: { 200: z.array(z.object({ id: z.string(), name: z.string(), country: z.string() })) },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      const all = await orgs.listProviders();
      return all.filter((o) => o.id !== scope.orgId);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/grants',
    {
      schema: {
        tags,
        summary: 'Grant an assistance provider access to chosen modules',
        params: OrgParams,
        body: z.strictObject({
          granteeOrgId: z.uuid(),
          modules: z.array(GrantableModule).min(1).max(8),
          level: z.enum(['read', 'write']),
          expiresOn: z.iso
            .date()
            .nullable()
            .default(null)
            .describe('The last day the grant opens anything; none for no end date. Not in the past.'),
        }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      const created = unwrap(
        await grants.grant({
          scope,
          actor,
          granteeOrgId: request.body.granteeOrgId as OrgId,
          modules: request.body.modules,
          level: request.body.level,
          expiresOn: request.body.expiresOn,
        }),
      );
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/grants/:grantId',
    {
      schema: {
        tags,
        summary: 'Revoke an access grant',
        params: OrgParams.extend({ grantId: z.uuid() }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      unwrap(await grants.revoke({ scope, actor, grantId: request.params.grantId }));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/networks',
    {
      ...gatedBy({ area: 'network', level: 'read' }),
      schema: {
        tags,
        summary: 'Regional networks the organisation belongs to',
        params: OrgParams,
        response: { 200: z.array(NetworkOut) },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'network',
        level: 'read',
      });
      return orgs.networks({ orgId: scope.orgId });
    },
  );

  app.get(
    '/api/v1/me/grants',
    {
      schema: {
        tags: ['auth'],
        summary: 'Organisations you may open through access grants to your organisation',
        response: { 200: z.array(GrantOut) },
      },
    },
    async (request) => grants.grantedToMe(requireUser(request)),
  );
}
