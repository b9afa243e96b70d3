import { z } from 'zod';
import { ProblemError, unwrap } from '../../platform/errors.js';
import { type App, NoContent } from '../../platform/http.js';
import { actorOf, requireUser } from './http-auth.js';
import type { OrgId } from './model.js';
import type { TokensService } from './tokens.service.js';

const TokenOut = z.object({
  id: z.string(),
  orgId: z.string().nullable(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

/** Routes for the caller's own API tokens (a signed-in browser session only). */
export function tokenRoutes(app: App, deps: { tokens: TokensService }): void {
  const { tokens } = deps;

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
}
