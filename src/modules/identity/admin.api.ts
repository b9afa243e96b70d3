import { z } from 'zod';
import { ProblemError, unwrap } from '../../platform/errors.js';
import { requestLocale, type App, NoContent } from '../../platform/http.js';
import type { Mailer } from '../../platform/mail.js';
import { actorOf, gatedBy, requireUser, type RequireAccess } from './http-auth.js';
import type { MembersService } from './members.service.js';
import { Email, GrantableModule, NetworkRole, OrgType, Role, type OrgId } from './model.js';
import type { OrgsService } from './orgs.service.js';
import type { TokensService } from './tokens.service.js';
import type { GrantsService } from './grants.service.js';

const OrgParams = z.strictObject({ orgId: z.uuid() });
const Country = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, upper case');
const Name = z.string().trim().min(2).max(200);

const OrganisationOut = z.object({
  id: z.string(),
  name: z.string(),
  type: OrgType,
  country: z.string(),
  mfaRequired: z.boolean(),
  createdAt: z.date(),
});
const MemberOut = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  active: z.boolean(),
  hasMfa: z.boolean(),
  since: z.date(),
});
const GrantOut = z.object({
  id: z.string(),
  grantorOrgId: z.string(),
  grantorName: z.string(),
  granteeOrgId: z.string(),
  granteeName: z.string(),
  modules: z.array(GrantableModule),
  level: z.enum(['read', 'write']),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
});
const NetworkOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  members: z.array(z.object({ orgId: z.string(), orgName: z.string(), role: NetworkRole })),
});

/** Routes for organisation admins (members, invitations, policy, grants), tokens, and the operator. */
export function adminRoutes(
  app: App,
  deps: {
    members: MembersService;
    orgs: OrgsService;
    tokens: TokensService;
    grants: GrantsService;
    mailer: Mailer;
    requireAccess: RequireAccess;
  },
): void {
  const { members, orgs, tokens, grants, mailer, requireAccess } = deps;
  const tags = ['organisations'];

  app.get(
    '/api/v1/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'An organisation and its units',
        params: OrgParams,
        response: {
          200: OrganisationOut.extend({ units: z.array(z.object({ id: z.string(), name: z.string() })) }),
        },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'read',
      });
      const org = await orgs.get(scope.orgId);
      if (!org) throw new ProblemError({ type: 'not_found', id: 'organisation_not_found' });
      return { ...org, units: await orgs.units(scope.orgId) };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/units',
    {
      schema: {
        tags,
        summary: 'Add a unit (e.g. a provincial delegation)',
        params: OrgParams,
        body: z.strictObject({ name: Name }),
        response: { 201: z.object({ id: z.string(), name: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      return reply
        .status(201)
        .send(unwrap(await orgs.addUnit({ orgId: scope.orgId, actor, name: request.body.name })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/members',
    {
      schema: {
        tags,
        summary: 'Members of the organisation',
        params: OrgParams,
        response: { 200: z.array(MemberOut) },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'read',
      });
      return members.list(scope);
    },
  );

  app.patch(
    '/api/v1/orgs/:orgId/members/:userId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Change a member's role or deactivate them",
        params: OrgParams.extend({ userId: z.uuid() }),
        body: z
          .strictObject({ role: Role.optional(), active: z.boolean().optional() })
          .refine((b) => b.role !== undefined || b.active !== undefined, 'give a role, active, or both'),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      unwrap(await members.updateMember({ scope, actor, userId: request.params.userId, ...request.body }));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Pending invitations',
        params: OrgParams,
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              email: z.string(),
              role: Role,
              expiresAt: z.date(),
              createdAt: z.date(),
            }),
          ),
        },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'read',
      });
      return members.pendingInvitations(scope);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Invite a colleague by e-mail',
        description: 'Without SMTP configured, the message is kept in the operator outbox.',
        params: OrgParams,
        body: z.strictObject({ email: Email, role: Role }),
        response: { 201: z.object({ invitationId: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor, principal } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      const created = unwrap(
        await members.invite({
          scope,
          actor,
          inviterName: principal.name,
          email: request.body.email,
          role: request.body.role,
          locale: requestLocale(request),
        }),
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/policy',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Require two-step sign-in for every member',
        params: OrgParams,
        body: z.strictObject({ mfaRequired: z.boolean() }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      unwrap(await members.setMfaRequired({ scope, actor, required: request.body.mfaRequired }));
      return reply.status(204).send(null);
    },
  );

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

  const TokenOut = z.object({
    id: z.string(),
    orgId: z.string().nullable(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  });
  app.get(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens (secrets are never shown again)',
        response: { 200: z.array(TokenOut) },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      return tokens.list(principal.userId);
    },
  );

  app.post(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Create an API token for one organisation, or (orgId null, operators only) for the deployment; the secret is shown once',
        body: z.strictObject({ orgId: z.uuid().nullable(), name: z.string().trim().min(1).max(100) }),
        response: { 201: z.object({ id: z.string(), token: z.string() }) },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      if (principal.via.kind === 'token') throw new ProblemError({ type: 'forbidden', id: 'role_forbidden' });
      const created = unwrap(
        await tokens.create({
          userId: principal.userId,
          orgId: request.body.orgId as OrgId | null,
          name: request.body.name,
          actor: actorOf(request, principal),
        }),
      );
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/v1/me/tokens/:tokenId',
    {
      schema: {
        response: { 204: NoContent },
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: z.strictObject({ tokenId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      unwrap(
        await tokens.revoke({
          userId: principal.userId,
          tokenId: request.params.tokenId,
          actor: actorOf(request, principal),
        }),
      );
      return reply.status(204).send(null);
    },
  );

  const operatorTags = ['operator'];
  app.get(
    '/api/v1/admin/orgs',
    {
      schema: {
        tags: operatorTags,
        summary: 'Every organisation (operator)',
        response: { 200: z.array(OrganisationOut) },
      },
    },
    async (request) => {
      return unwrap(await orgs.list(requireUser(request)));
    },
  );

  app.post(
    '/api/v1/admin/orgs',
    {
      schema: {
        tags: operatorTags,
        summary: 'Create an organisation (operator)',
        body: z.strictObject({
          name: Name,
          type: OrgType,
          country: Country,
          units: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
        }),
        response: { 201: OrganisationOut },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      const org = unwrap(
        await orgs.createOrg({ by: principal, actor: actorOf(request, principal), ...request.body }),
      );
      return reply.status(201).send(org);
    },
  );

  app.get(
    '/api/v1/admin/networks',
    {
      schema: {
        tags: operatorTags,
        summary: 'Every regional network (operator)',
        response: { 200: z.array(NetworkOut) },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      if (!principal.isOperator) throw new ProblemError({ type: 'forbidden', id: 'operator_only' });
      return orgs.networks({});
    },
  );

  app.post(
    '/api/v1/admin/networks',
    {
      schema: {
        tags: operatorTags,
        summary: 'Create a regional network with members and coordinators (operator)',
        body: z.strictObject({
          name: Name,
          description: z.string().max(2000).default(''),
          members: z.array(z.strictObject({ orgId: z.uuid(), role: NetworkRole })).max(200),
        }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      const members_ = request.body.members.map((m) => ({ orgId: m.orgId as OrgId, role: m.role }));
      const created = unwrap(
        await orgs.createNetwork({
          by: principal,
          actor: actorOf(request, principal),
          name: request.body.name,
          description: request.body.description,
          members: members_,
        }),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/admin/outbox',
    {
      schema: {
        tags: operatorTags,
        summary: 'Mail kept by the server (operator)',
        response: {
          200: z.object({
            smtpConfigured: z.boolean(),
            messages: z.array(
              z.object({
                id: z.string(),
                to: z.string(),
                subject: z.string(),
                text: z.string(),
                transport: z.enum(['smtp', 'outbox']),
                createdAt: z.date(),
                sentAt: z.date().nullable(),
                error: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      if (!principal.isOperator) throw new ProblemError({ type: 'forbidden', id: 'operator_only' });
      return { smtpConfigured: mailer.smtpConfigured, messages: await mailer.listOutbox({ limit: 100 }) };
    },
  );
}
