import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ProblemError } from '../../platform/errors.js';
import { mountModule, type App } from '../../platform/http.js';
import { acceptsTaxii, isTaxiiContentType, TAXII_MEDIA_TYPE } from './taxii.model.js';
import type { TaxiiPage } from './taxii.service.js';
import type { TaxiiStatus } from './taxii.store.js';

/**
 * TAXII's HTTP side, apart from its routes: the prefix mounted with TAXII's media types and error bodies (§3.6),
 * content negotiation (406 before the query is read, 415 for a POST that is not TAXII), and the shapes of
 * TAXII's resources and pages.
 */

export const Collection = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  can_read: z.boolean(),
  can_write: z.boolean(),
  media_types: z.array(z.string()).readonly(),
});
export const StatusDetailOut = z.object({
  id: z.string(),
  version: z.string(),
  message: z.string().optional(),
});
export const StatusOut = z.object({
  id: z.string(),
  status: z.enum(['pending', 'complete']),
  request_timestamp: z.string(),
  total_count: z.number(),
  success_count: z.number(),
  successes: z.array(StatusDetailOut).readonly(),
  failure_count: z.number(),
  failures: z.array(StatusDetailOut).readonly(),
  pending_count: z.number(),
});
export const EnvelopeOut = z.object({
  more: z.boolean().optional(),
  next: z.string().optional(),
  objects: z.array(z.record(z.string(), z.unknown())).optional(),
});
export const ManifestOut = z.object({
  more: z.boolean().optional(),
  next: z.string().optional(),
  objects: z
    .array(z.object({ id: z.string(), date_added: z.string(), version: z.string(), media_type: z.string() }))
    .optional(),
});
export const VersionsOut = z.object({
  more: z.boolean().optional(),
  next: z.string().optional(),
  versions: z.array(z.string()).optional(),
});

/**
 * Mounts TAXII at `/taxii2/` as its own prefix: TAXII errors, TAXII's media type on every answer, and after the
 * network gate the Accept and Content-Type checks; `routes` registers the endpoints inside.
 */
export async function mountTaxii(app: App, routes: (scope: App) => void): Promise<void> {
  await mountModule(
    app,
    {
      prefix: '/taxii2',
      jsonMediaTypes: ['application/taxii+json'],
      renderProblem: (reply, problem, message) => {
        if (reply.statusCode === 401)
          void reply.header('www-authenticate', 'Basic realm="Atalaya TAXII", charset="UTF-8", Bearer');
        return reply.type(TAXII_MEDIA_TYPE).send({
          title: message,
          error_code: problem.id,
          http_status: String(reply.statusCode),
          ...(problem.detail && { description: problem.detail }),
        });
      },
    },
    (scope) => {
      // After the gate (preParsing): the caller may use the API root; now what it asks for must be TAXII.
      scope.addHook('preValidation', (request, _reply, done) => {
        if (!acceptsTaxii(request.headers.accept))
          done(new ProblemError({ type: 'not_acceptable', id: 'taxii_not_acceptable' }));
        else if (request.method === 'POST' && !isTaxiiContentType(request.headers['content-type']))
          done(new ProblemError({ type: 'unsupported_media', id: 'unsupported_media_type' }));
        else done();
      });
      scope.addHook('onSend', async (_request, reply, payload) => {
        void reply.header('content-type', TAXII_MEDIA_TYPE);
        return payload;
      });
      routes(scope);
    },
  );
}

/** Sends a page with TAXII's date headers (§3.2), set when the page holds anything. */
export function sendPage(
  reply: FastifyReply,
  page: TaxiiPage,
  items: unknown[],
  key: 'objects' | 'versions',
) {
  const first = page.rows[0];
  const last = page.rows.at(-1);
  if (first && last)
    void reply
      .header('x-taxii-date-added-first', first.addedAt)
      .header('x-taxii-date-added-last', last.addedAt);
  return {
    ...(page.more && { more: true }),
    ...(page.next && { next: page.next }),
    ...(items.length > 0 && { [key]: items }),
  };
}

/** A stored status as TAXII's status resource (§4.3.1): everything is processed before the reply. */
export function statusOut(status: TaxiiStatus) {
  return {
    id: status.id,
    status: 'complete' as const,
    request_timestamp: status.requestTimestamp,
    total_count: status.successes.length + status.failures.length,
    success_count: status.successes.length,
    successes: status.successes,
    failure_count: status.failures.length,
    failures: status.failures,
    pending_count: 0,
  };
}
