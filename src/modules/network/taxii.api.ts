import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { requestLocale, type App } from '../../platform/http.js';
import { translate } from '../../platform/i18n/index.js';
import { networkGatedBy, requireNetworkAccess, requireUser, roleAllows } from '../identity/index.js';
import type { Caller, NetworkDeps } from './deps.js';
import type { Tlp } from './model.js';
import { NetworkParams } from './network.schemas.js';
import { MAX_CONTENT_LENGTH, STIX_MEDIA_TYPE, TaxiiQuery } from './taxii.model.js';
import type { createTaxiiService } from './taxii.service.js';
import {
  Collection,
  EnvelopeOut,
  ManifestOut,
  mountTaxii,
  sendPage,
  StatusOut,
  statusOut,
  VersionsOut,
} from './taxii.http.js';

/**
 * TAXII 2.1 at `/taxii2/` (OASIS Standard, 2021-06-10, §4–5): discovery, an API root per network the caller's
 * organisation belongs to, a collection per TLP level, and every endpoint of the standard. It is mounted as its
 * own prefix: TAXII's media type on every response, TAXII error bodies, HTTP Basic (e-mail and API token) or a
 * bearer token. The network gate runs before anything is parsed, then the Accept header is checked (406), then
 * the query (400).
 */

const CollectionParams = NetworkParams.extend({ collectionId: z.uuid() });
const ObjectParams = CollectionParams.extend({ objectId: z.string().min(3).max(300) });
const StatusParams = NetworkParams.extend({ statusId: z.uuid() });

const read = networkGatedBy({ need: 'member', level: 'read' });
const write = networkGatedBy({ need: 'member', level: 'write' });

/** Registers the TAXII server. */
export async function taxiiRoutes(
  app: App,
  deps: {
    taxii: ReturnType<typeof createTaxiiService>;
    network: NetworkDeps['network'];
    networksOf: NetworkDeps['networksOf'];
  },
): Promise<void> {
  const { taxii } = deps;
  await mountTaxii(app, routes);

  function caller(request: FastifyRequest, networkId: string, level: 'read' | 'write'): Caller {
    const { scope, actor } = requireNetworkAccess(request, { networkId, need: 'member', level });
    return { scope, actor };
  }

  function titles(request: FastifyRequest) {
    const locale = requestLocale(request);
    return (tlp: Tlp) => ({
      title: translate(locale, `taxii.collection.${tlp}.title`),
      description: translate(locale, `taxii.collection.${tlp}.description`),
    });
  }

  function routes(scope: App): void {
    scope.get(
      '/',
      {
        schema: {
          tags: ['taxii'],
          summary: 'TAXII discovery: the API roots (one per network) the caller may use',
          response: {
            200: z.object({
              title: z.string(),
              description: z.string(),
              default: z.string().optional(),
              api_roots: z.array(z.string()),
            }),
          },
        },
      },
      async (request) => {
        const principal = requireUser(request);
        const orgIds = principal.memberships
          .filter((m) => principal.via.kind !== 'token' || m.orgId === principal.via.orgId)
          .filter((m) => roleAllows(m.role, 'network', 'read'))
          .map((m) => m.orgId);
        const networkIds = new Set<string>();
        for (const orgId of orgIds) for (const n of await deps.networksOf(orgId)) networkIds.add(n.id);
        const roots = [...networkIds].sort().map((id) => `/taxii2/${id}/`);
        const locale = requestLocale(request);
        return {
          title: translate(locale, 'taxii.discovery.title'),
          description: translate(locale, 'taxii.discovery.description'),
          ...(roots.length === 1 && { default: roots[0] }),
          api_roots: roots,
        };
      },
    );

    scope.get(
      '/:networkId/',
      {
        ...read,
        schema: {
          tags: ['taxii'],
          summary: 'A TAXII API root: one regional network',
          params: NetworkParams,
          response: {
            200: z.object({
              title: z.string(),
              description: z.string(),
              versions: z.array(z.string()),
              max_content_length: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const { scope: network } = caller(request, request.params.networkId, 'read');
        const info = await deps.network(network.networkId);
        return taxii.apiRoot({ title: info?.name ?? '', description: info?.description ?? '' });
      },
    );

    scope.get(
      '/:networkId/status/:statusId/',
      {
        ...read,
        schema: {
          tags: ['taxii'],
          summary: 'The status of a POST of objects, for the organisation that sent it',
          params: StatusParams,
          response: { 200: StatusOut },
        },
      },
      async (request) => {
        const who = caller(request, request.params.networkId, 'read');
        return statusOut(unwrap(await taxii.status({ caller: who, statusId: request.params.statusId })));
      },
    );

    scope.get(
      '/:networkId/collections/',
      {
        ...read,
        schema: {
          tags: ['taxii'],
          summary: 'The collections of a network: one per TLP level',
          params: NetworkParams,
          response: { 200: z.object({ collections: z.array(Collection) }) },
        },
      },
      (request) => {
        const who = caller(request, request.params.networkId, 'read');
        return { collections: taxii.collections({ caller: who, titles: titles(request) }) };
      },
    );

    scope.get(
      '/:networkId/collections/:collectionId/',
      {
        ...read,
        schema: {
          tags: ['taxii'],
          summary: 'One collection',
          params: CollectionParams,
          response: { 200: Collection },
        },
      },
      (request) => {
        const who = caller(request, request.params.networkId, 'read');
        return unwrap(
          taxii.collection({
            caller: who,
            collectionId: request.params.collectionId,
            titles: titles(request),
          }),
        );
      },
    );

    scope.get(
      '/:networkId/collections/:collectionId/manifest/',
      {
        ...read,
        schema: {
          tags: ['taxii'],
          summary: 'What a collection holds, without the objects: id, date added, version',
          params: CollectionParams,
          querystring: TaxiiQuery,
          response: { 200: ManifestOut },
        },
      },
      async (request, reply) => {
        const who = caller(request, request.params.networkId, 'read');
        const page = unwrap(
          await taxii.page({
            caller: who,
            collectionId: request.params.collectionId,
            endpoint: 'manifest',
            query: request.query,
          }),
        );
        const records = page.rows.map((r) => ({
          id: r.stixId,
          date_added: r.addedAt,
          version: r.version,
          media_type: STIX_MEDIA_TYPE,
        }));
        return sendPage(reply, page, records, 'objects');
      },
    );

    scope.get(
      '/:networkId/collections/:collectionId/objects/',
      {
        ...read,
        schema: {
          tags: ['taxii'],
          summary: 'The objects of a collection, oldest addition first, a page at a time',
          params: CollectionParams,
          querystring: TaxiiQuery,
          response: { 200: EnvelopeOut },
        },
      },
      async (request, reply) => {
        const who = caller(request, request.params.networkId, 'read');
        const page = unwrap(
          await taxii.page({
            caller: who,
            collectionId: request.params.collectionId,
            endpoint: 'objects',
            query: request.query,
          }),
        );
        return sendPage(
          reply,
          page,
          page.rows.flatMap((r) => r.body ?? []),
          'objects',
        );
      },
    );

    scope.post(
      '/:networkId/collections/:collectionId/objects/',
      {
        ...write,
        bodyLimit: MAX_CONTENT_LENGTH,
        schema: {
          tags: ['taxii'],
          summary:
            'Adds an envelope of STIX 2.1 objects to a collection (all checked, then all stored, or none)',
          params: CollectionParams,
          body: z.unknown(),
          response: { 202: StatusOut },
        },
      },
      async (request, reply) => {
        const who = caller(request, request.params.networkId, 'write');
        const status = unwrap(
          await taxii.add({ caller: who, collectionId: request.params.collectionId, envelope: request.body }),
        );
        return reply.status(202).send(statusOut(status));
      },
    );

    scope.get(
      '/:networkId/collections/:collectionId/objects/:objectId/',
      {
        ...read,
        schema: {
          tags: ['taxii'],
          summary: 'One object of a collection (its latest version unless match[version] says otherwise)',
          params: ObjectParams,
          querystring: TaxiiQuery,
          response: { 200: EnvelopeOut },
        },
      },
      async (request, reply) => {
        const who = caller(request, request.params.networkId, 'read');
        const page = unwrap(
          await taxii.page({
            caller: who,
            collectionId: request.params.collectionId,
            endpoint: 'object',
            stixId: request.params.objectId,
            query: request.query,
          }),
        );
        return sendPage(
          reply,
          page,
          page.rows.flatMap((r) => r.body ?? []),
          'objects',
        );
      },
    );

    scope.delete(
      '/:networkId/collections/:collectionId/objects/:objectId/',
      {
        ...write,
        schema: {
          tags: ['taxii'],
          summary: 'Deletes an object from a collection (every version unless match[version] names some)',
          params: ObjectParams,
          querystring: TaxiiQuery,
          response: { 200: z.object({}) },
        },
      },
      async (request) => {
        const who = caller(request, request.params.networkId, 'write');
        unwrap(
          await taxii.remove({
            caller: who,
            collectionId: request.params.collectionId,
            stixId: request.params.objectId,
            query: request.query,
          }),
        );
        return {};
      },
    );

    scope.get(
      '/:networkId/collections/:collectionId/objects/:objectId/versions/',
      {
        ...read,
        schema: {
          tags: ['taxii'],
          summary: 'The versions of one object in a collection, oldest addition first',
          params: ObjectParams,
          querystring: TaxiiQuery,
          response: { 200: VersionsOut },
        },
      },
      async (request, reply) => {
        const who = caller(request, request.params.networkId, 'read');
        const page = unwrap(
          await taxii.page({
            caller: who,
            collectionId: request.params.collectionId,
            endpoint: 'versions',
            stixId: request.params.objectId,
            query: request.query,
          }),
        );
        return sendPage(
          reply,
          page,
          page.rows.map((r) => r.version),
          'versions',
        );
      },
    );
  }
}
