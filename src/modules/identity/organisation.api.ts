import { z } from 'zod';
import { ProblemError, unwrap } from '../../platform/errors.js';
import { requestLocale, type App, NoContent } from '../../platform/http.js';
import { SUPPORTED_LOCALES } from '../../platform/i18n/index.js';
import { timeZonesOf } from '../../platform/regional.js';
import type { RequireAccess } from './http-auth.js';
import type { MembersService } from './members.service.js';
import { membershipAllows } from './access.js';
import { ACCESS_AREAS, AccessArea, Email, ROLES, Role, type OrgId } from './model.js';
import type { OrgsService } from './orgs.service.js';
import { MemberOut, Name, OrganisationOut, OrgParams } from './admin.schemas.js';

/** Routes for an organisation's administrators: its profile and units, members, invitations and MFA policy. */
export function organisationRoutes(
  app: App,
  deps: { members: MembersService; orgs: OrgsService; requireAccess: RequireAccess },
): void {
  const { members, orgs, requireAccess } = deps;
  /** The organisation the gate let the caller into (gone only if deleted meanwhile). */
  const found = async (orgId: OrgId) => {
    const org = await orgs.get(orgId);
    if (!org) throw new ProblemError({ type: 'not_found', id: 'organisation_not_found' });
    return org;
  };
  const tags = ['organisations'];

  app.get(
    '/api/v1/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'An organisation and its units',
        params: OrgParams,
        response: {
          200: OrganisationOut.extend({
            /** The time zones of its country, the one it started with first (the setting's first choices). */
            countryTimeZones: z.array(z.string()),
            units: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'read',
      });
      const org = await found(scope.orgId);
      return { ...org, countryTimeZones: timeZonesOf(org.country), units: await orgs.units(scope.orgId) };
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
    '/api/v1/orgs/:orgId/roles',
    {
      schema: {
        tags,
        summary: 'What each role may open and change in this organisation',
        description:
          "Read from the one permission table the server enforces, for this organisation's type, so the members page can explain a role before anyone is given it.",
        params: OrgParams,
        response: {
          200: z.array(z.object({ role: Role, reads: z.array(AccessArea), writes: z.array(AccessArea) })),
        },
      },
    },
    async (request) => {
      const { scope } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'read',
      });
      const org = await found(scope.orgId);
      return ROLES.map((role) => ({
        role,
        reads: ACCESS_AREAS.filter((area) => membershipAllows({ orgType: org.type, role }, area, 'read')),
        writes: ACCESS_AREAS.filter((area) => membershipAllows({ orgType: org.type, role }, area, 'write')),
      }));
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

  app.delete(
    '/api/v1/orgs/:orgId/invitations/:invitationId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Withdraw a pending invitation',
        description:
          'Its link stops working and says the invitation was withdrawn; the address can be invited again. Answers 404 when the invitation is not open any more (accepted, withdrawn or expired).',
        params: OrgParams.extend({ invitationId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      unwrap(await members.withdraw({ scope, actor, invitationId: request.params.invitationId }));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/regional',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Set the organisation's language and time zone",
        description:
          'The language is the one its people are written to when they chose none (participants, contacts); the time zone (IANA, or UTC) is the one its times are shown in. Both start from the country.',
        params: OrgParams,
        body: z.strictObject({ locale: z.enum(SUPPORTED_LOCALES), timeZone: z.string().min(1).max(64) }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      unwrap(await members.setRegional({ scope, actor, ...request.body }));
      return reply.status(204).send(null);
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
}
