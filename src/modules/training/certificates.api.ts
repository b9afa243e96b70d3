import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { gatedBy } from '../identity/index.js';
import { requestLocale, type App, fileResponse, PDF } from '../../platform/http.js';
import { certificatePdf } from './certificate-pdf.js';
import { OrgParams, text, Lang, Status, tags, type TrainingRouteDeps } from './training.schemas.js';

/** Certificates: the list, bulk revoke and suspend, printable PDFs, master trainers, the signing keys. */
export function certificateRoutes(app: App, deps: TrainingRouteDeps): void {
  const { training, credentials, requireAccess, access } = deps;
  app.post(
    '/api/v1/orgs/:orgId/training/people/:personId/master-certificate',
    {
      schema: {
        tags,
        summary: 'Certify a certified trainer who has delivered sessions as a master trainer',
        params: OrgParams.extend({ personId: z.uuid() }),
        body: z.strictObject({}).optional(),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      return reply
        .status(201)
        .send(
          unwrap(
            await training.certifyMaster({ orgId: scope.orgId, actor, personId: request.params.personId }),
          ),
        );
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/certificates',
    {
      schema: {
        tags,
        summary: 'Certificates the organisation issued, a page at a time',
        params: OrgParams,
        querystring: z.strictObject({
          status: Status.optional(),
          holder: text(200).optional().describe("Part of the holder's name; case and accents do not matter"),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            total: z.number().int().describe('How many certificates match, on every page'),
            certificates: z.array(
              z.object({
                id: z.string(),
                achievement: z.string(),
                holder: z.string(),
                sessionId: z.string().nullable(),
                status: Status,
                issuedAt: z.string(),
                validUntil: z.string().nullable(),
                revokedReason: z.string().nullable(),
                verifyUrl: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      const page = await training.certificates(scope.orgId, request.query);
      return {
        total: page.total,
        certificates: page.certificates.map((r) => ({
          ...r,
          issuedAt: r.issuedAt.toISOString(),
          validUntil: r.validUntil?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/certificates/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke certificates for good, with a recorded reason (status lists change at once)',
        params: OrgParams,
        body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(1000), reason: text(2000).min(3) }),
        response: { 200: z.object({ revoked: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await credentials.revoke({
          orgId: scope.orgId,
          actor,
          ids: request.body.ids,
          reason: request.body.reason,
        }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/certificates/suspend',
    {
      schema: {
        tags,
        summary: 'Suspend certificates, or lift a suspension',
        params: OrgParams,
        description:
          "Suspending takes a reason (3 to 2,000 characters), which the public verification page shows, as it shows a revocation's; lifting a suspension clears it.",
        body: z.discriminatedUnion('suspended', [
          z.strictObject({
            ids: z.array(z.uuid()).min(1).max(1000),
            suspended: z.literal(true),
            reason: text(2000).min(3),
          }),
          z.strictObject({ ids: z.array(z.uuid()).min(1).max(1000), suspended: z.literal(false) }),
        ]),
        response: { 200: z.object({ changed: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(await credentials.suspend({ orgId: scope.orgId, actor, ...request.body }));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/certificates/:certificateId/pdf',
    {
      schema: {
        tags,
        summary: 'A printable PDF certificate with a QR code to its verification page',
        params: OrgParams.extend({ certificateId: z.uuid() }),
        querystring: Lang,
        ...fileResponse(PDF),
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, 'read');
      const sheet = unwrap(await training.certificateSheet(scope.orgId, request.params.certificateId));
      const pdf = await certificatePdf({ ...sheet, locale: requestLocale(request) });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${sheet.id.slice(0, 8)}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/certificates/pdf',
    {
      schema: {
        tags,
        summary: "A session's certificates in one PDF, a page each, to print at once (revoked ones left out)",
        params: OrgParams.extend({ sessionId: z.uuid() }),
        querystring: Lang,
        ...fileResponse(PDF),
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, 'read');
      const pdf = unwrap(
        await training.sessionCertificatesPdf({
          orgId: scope.orgId,
          sessionId: request.params.sessionId,
          locale: requestLocale(request),
        }),
      );
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="certificates-${request.params.sessionId.slice(0, 8)}.pdf"`,
        )
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/issuer',
    {
      schema: {
        tags,
        summary: "The organisation's issuer profile address and its signing keys",
        params: OrgParams,
        response: {
          200: z.object({
            issuer: z.string(),
            keys: z.array(
              z.object({ id: z.string(), active: z.boolean(), retiredAt: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      const keys = await credentials.signingKeys(scope.orgId);
      return {
        issuer: credentials.issuerUrl(scope.orgId),
        keys: keys.map((k) => ({ ...k, retiredAt: k.retiredAt?.toISOString() ?? null })),
      };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/issuer/rotate',
    {
      ...gatedBy({ area: 'identity', level: 'write' }),
      schema: {
        tags,
        summary:
          'Sign with a new key from now on (organisation administrators only); earlier certificates stay verifiable',
        params: OrgParams,
        body: z.strictObject({}).optional(),
        response: { 201: z.object({ keyId: z.string() }) },
      },
    },
    async (request, reply) => {
      // Changing the organisation's signing identity is an administrator's act, not a trainer's.
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      return reply.status(201).send(unwrap(await credentials.rotateKey({ orgId: scope.orgId, actor })));
    },
  );
}
