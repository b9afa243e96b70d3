import { z } from 'zod';
import { ProblemError, unwrap } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import type { Mailer } from '../../platform/mail.js';
import { actorOf, requireUser } from './http-auth.js';
import { NetworkRole, OrgType, type OrgId } from './model.js';
import type { OrgsService } from './orgs.service.js';
import { Country, Name, NetworkOut, OrganisationOut } from './admin.schemas.js';

/** Routes for the deployment's operators: organisations, regional networks, the mail outbox. */
export function operatorRoutes(app: App, deps: { orgs: OrgsService; mailer: Mailer }): void {
  const { orgs, mailer } = deps;
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
      const members = request.body.members.map((m) => ({ orgId: m.orgId as OrgId, role: m.role }));
      const created = unwrap(
        await orgs.createNetwork({
          by: principal,
          actor: actorOf(request, principal),
          name: request.body.name,
          description: request.body.description,
          members,
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
                attachments: z.array(
                  z.object({ filename: z.string(), contentType: z.string(), size: z.number() }),
                ),
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
