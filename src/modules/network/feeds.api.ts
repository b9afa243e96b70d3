import { z } from 'zod';
import { NoContent, type App } from '../../platform/http.js';
import { unwrap } from '../../platform/errors.js';
import { requireNetworkAccess } from '../identity/index.js';
import { FeedFields, type FeedsService } from './feeds.service.js';
import { Tlp } from './model.js';
import { member, NetworkParams } from './network.schemas.js';

const FeedOut = z.object({
  id: z.string(),
  title: z.string(),
  collectionUrl: z.string(),
  username: z.string(),
  tlp: Tlp,
  pull: z.boolean(),
  addedAfter: z.string().nullable(),
  lastPulledAt: z.date().nullable(),
  lastError: z.string().nullable(),
  failures: z.number(),
  nextPullAt: z.date(),
  createdAt: z.date(),
});
const Progress = z.object({
  pages: z.number(),
  received: z.number(),
  stored: z.number(),
  skipped: z.number(),
  refused: z.number(),
});
const FeedParams = NetworkParams.extend({ feedId: z.uuid() });
const tags = ['network'];

/** Routes for the remote TAXII collections a member organisation pulls into a network and pushes to. */
export function feedRoutes(app: App, deps: { feeds: FeedsService }): void {
  const { feeds } = deps;

  app.get(
    '/api/v1/networks/:networkId/feeds',
    {
      schema: {
        tags,
        summary: 'The remote TAXII collections your organisation brings into this network',
        params: NetworkParams,
        response: { 200: z.object({ feeds: z.array(FeedOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return { feeds: await feeds.list(caller) };
    },
  );

  app.post(
    '/api/v1/networks/:networkId/feeds',
    {
      schema: {
        tags,
        summary: 'Bring a remote TAXII collection into this network (its password or token is kept sealed)',
        params: NetworkParams,
        body: FeedFields,
        response: { 201: FeedOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return reply.status(201).send(unwrap(await feeds.create({ caller, fields: request.body })));
    },
  );

  app.delete(
    '/api/v1/networks/:networkId/feeds/:feedId',
    {
      schema: {
        tags,
        summary: 'Stop using a feed (what it brought in stays)',
        params: FeedParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      unwrap(await feeds.remove({ caller, feedId: request.params.feedId }));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/networks/:networkId/feeds/:feedId/pull',
    {
      schema: {
        tags,
        summary: 'Pull what the remote collection added since the last pull, now',
        params: FeedParams,
        response: { 200: Progress },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return unwrap(await feeds.pullNow({ caller, feedId: request.params.feedId }));
    },
  );

  app.post(
    '/api/v1/networks/:networkId/feeds/:feedId/push',
    {
      schema: {
        tags,
        summary: 'Send objects your organisation shared (or TLP:CLEAR ones) to the remote collection',
        params: FeedParams,
        body: z.strictObject({ objectIds: z.array(z.string().min(3).max(300)).min(1).max(500) }),
        response: { 200: z.object({ successCount: z.number(), failureCount: z.number() }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return unwrap(
        await feeds.push({ caller, feedId: request.params.feedId, objectIds: request.body.objectIds }),
      );
    },
  );
}
