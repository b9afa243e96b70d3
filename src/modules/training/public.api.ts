import { z } from 'zod';
import { CertificateStatus } from './model.js';
import { ProblemError, unwrap } from '../../platform/errors.js';
import { createRateLimiter } from '../../platform/rate-limit.js';
import { translate } from '../../platform/i18n/index.js';
import { requestLocale, type App, pageResponse, SignedDocument } from '../../platform/http.js';
import type { CredentialsService } from './credentials.service.js';
import { checkResultPage, notFoundPage, uploadPage, verifyPage } from './verify-page.js';

const tags = ['certificates (public)'];
const Id = z.string().regex(/^[0-9a-f-]{36}$/);
const Lang = z.strictObject({ lang: z.enum(['en', 'es', 'fr']).optional() });

/**
 * The public side of certificates, outside /api and without sign-in: issuer documents, status lists, and the
 * verification page and JSON that a QR code points to.
 */
export function publicCertificateRoutes(
  app: App,
  deps: {
    credentials: CredentialsService;
    organisation: (orgId: string) => Promise<{ name: string; timeZone: string } | undefined>;
  },
): void {
  const { credentials } = deps;
  // Checking a signature costs a few milliseconds of CPU: 30 checks a minute per address is plenty for people
  // and keeps one address from occupying the server.
  const checks = createRateLimiter({ limit: 30, windowMs: 60_000 });

  app.get(
    '/issuers/:orgId',
    {
      schema: {
        tags,
        summary: "An issuer's profile and keys (controller document)",
        params: z.strictObject({ orgId: Id }),
        response: { 200: SignedDocument },
      },
    },
    async (request, reply) => {
      const org = await deps.organisation(request.params.orgId);
      const profile = unwrap(await credentials.issuerProfile(request.params.orgId, org?.name ?? ''));
      return reply.header('cache-control', 'public, max-age=300').send(profile);
    },
  );

  app.get(
    '/status/:listId',
    {
      schema: {
        tags,
        summary: 'A signed Bitstring Status List credential',
        params: z.strictObject({ listId: Id }),
        response: { 200: SignedDocument },
      },
    },
    async (request, reply) => {
      const list = unwrap(await credentials.statusListCredential(request.params.listId));
      // Short cache: a revocation must show within a minute at most.
      return reply.type('application/vc+ld+json').header('cache-control', 'public, max-age=60').send(list);
    },
  );

  app.get(
    '/verify/:id.json',
    {
      schema: {
        tags,
        summary: 'The signed certificate (Open Badges 3.0 credential)',
        params: z.strictObject({ id: Id }),
        response: { 200: SignedDocument },
      },
    },
    async (request, reply) => {
      const cert = unwrap(await credentials.certificate(request.params.id));
      return reply.type('application/vc+ld+json').send(SignedDocument.parse(cert.document));
    },
  );

  app.get(
    '/verify/:id',
    {
      schema: {
        tags,
        summary: 'The public verification page of a certificate',
        params: z.strictObject({ id: z.string().max(100) }),
        ...pageResponse(),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const path = `/verify/${encodeURIComponent(request.params.id)}`;
      const cert = await credentials.certificate(request.params.id);
      if (!cert.ok)
        return reply.status(404).type('text/html; charset=utf-8').send(notFoundPage(locale, path));
      const org = await deps.organisation(cert.value.orgId);
      const check =
        (await credentials.verifyIssued(cert.value.id)) ?? (await credentials.verify(cert.value.document));
      return reply.type('text/html; charset=utf-8').send(
        verifyPage({
          locale,
          path,
          issuerName: org?.name ?? '',
          achievement: cert.value.achievement,
          holderInitials: cert.value.recipientInitials,
          validFrom: cert.value.validFrom,
          validUntil: cert.value.validUntil,
          status: check.status ?? cert.value.status,
          revoked: cert.value.revokedAt
            ? { at: cert.value.revokedAt, reason: cert.value.revokedReason ?? '' }
            : null,
          suspended: cert.value.suspendedAt
            ? { at: cert.value.suspendedAt, reason: cert.value.suspendedReason }
            : null,
          proofValid: check.proofValid,
          checkedAt: check.checkedAt,
          timeZone: org?.timeZone ?? 'UTC',
        }),
      );
    },
  );

  app.get(
    '/verify',
    {
      schema: {
        tags,
        summary: 'A page to check a certificate file (paste or choose it); no script needed',
        querystring: Lang,
        ...pageResponse(),
      },
    },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(uploadPage(requestLocale(request))),
  );

  app.post(
    '/verify/check',
    {
      schema: {
        tags,
        summary:
          'Check a credential sent from the page form (multipart or URL-encoded); answers an HTML page',
        querystring: Lang,
        ...pageResponse(),
        body: z.object({
          credential: z
            .string()
            .max(512 * 1024)
            .optional(),
          file: z
            .string()
            .max(512 * 1024)
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      if (!checks.take(request.ip))
        return reply
          .status(429)
          .header('retry-after', '60')
          .type('text/html; charset=utf-8')
          .send(uploadPage(locale, translate(locale, 'error.too_many_attempts', { minutes: 1 })));
      const text = request.body.file?.trim() || request.body.credential?.trim() || '';
      let credential: unknown;
      try {
        credential = JSON.parse(text);
      } catch {
        credential = undefined;
      }
      const html = 'text/html; charset=utf-8';
      if (typeof credential !== 'object' || credential === null || Array.isArray(credential))
        return reply
          .status(400)
          .type(html)
          .send(uploadPage(locale, translate(locale, 'verify.malformed')));
      const result = await credentials.verify(credential);
      return reply.type(html).send(checkResultPage(locale, result));
    },
  );

  app.post(
    '/verify',
    {
      schema: {
        tags,
        summary:
          'Verify a credential (JSON body): signature with bundled contexts, then status if issued here',
        body: z.record(z.string(), z.unknown()),
        response: {
          200: z.object({
            proofValid: z.boolean(),
            reason: z.string().optional(),
            status: CertificateStatus.nullable(),
            credentialId: z.string().optional(),
          }),
        },
      },
    },
    async (request) => {
      if (!checks.take(request.ip))
        throw new ProblemError({ type: 'rate_limited', id: 'too_many_attempts', params: { minutes: 1 } });
      const result = await credentials.verify(request.body);
      return {
        proofValid: result.proofValid,
        status: result.status,
        ...(result.reason !== undefined && { reason: result.reason }),
        ...(result.credentialId !== undefined && { credentialId: result.credentialId }),
      };
    },
  );
}
