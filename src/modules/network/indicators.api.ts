import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { requireNetworkAccess } from '../identity/index.js';
import { AudienceFields } from './audience.js';
import { IndicatorDetails, ObservableValue, PatternValue } from './indicator.js';
import type { IndicatorsService } from './indicators.service.js';
import { ListQuery, MarkingOut, member, NetworkParams, stixIdOf } from './network.schemas.js';
import { ObservableKind } from './observables.js';
import { SightingShape, seenInOrder } from './sighting.js';

const IndicatorParams = NetworkParams.extend({ indicatorId: stixIdOf('indicator') });
const IndicatorBody = z.union([
  z.strictObject({ observable: ObservableValue, ...IndicatorDetails.shape, ...AudienceFields.shape }),
  z.strictObject({ pattern: PatternValue, ...IndicatorDetails.shape, ...AudienceFields.shape }),
]);
const SightingBody = z
  .strictObject({ ...SightingShape.shape, ...AudienceFields.shape })
  .refine(...seenInOrder);
const Observed = z.object({ kind: ObservableKind, value: z.string() });
const IndicatorOut = z.object({
  id: z.string(),
  marking: MarkingOut,
  source: z.string(),
  name: z.string(),
  description: z.string(),
  pattern: z.string(),
  observables: z.array(Observed).readonly(),
  confidence: z.number().nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  killChainPhases: z.array(z.object({ killChainName: z.string(), phaseName: z.string() })).readonly(),
  revoked: z.boolean(),
  created: z.string(),
  modified: z.string(),
});
const SightingOut = z.object({
  id: z.string(),
  marking: MarkingOut,
  indicatorId: z.string(),
  sightedBy: z.string().nullable(),
  count: z.number(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  where: z.string(),
  created: z.string(),
});
const tags = ['network'];

/** Routes for the indicators members share in a network and their sightings. */
export function indicatorRoutes(app: App, deps: { indicators: IndicatorsService }): void {
  const { indicators } = deps;

  app.get(
    '/api/v1/networks/:networkId/indicators',
    {
      schema: {
        tags,
        summary: 'Indicators the organisation may see under their TLP marking, latest first',
        params: NetworkParams,
        querystring: ListQuery,
        response: { 200: z.object({ indicators: z.array(IndicatorOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return { indicators: await indicators.list({ caller, ...request.query }) };
    },
  );

  app.post(
    '/api/v1/networks/:networkId/indicators',
    {
      schema: {
        tags,
        summary: 'Share an indicator: a typed observable or a STIX 2.1 pattern',
        params: NetworkParams,
        body: IndicatorBody,
        response: { 201: IndicatorOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return reply.status(201).send(unwrap(await indicators.share({ caller, fields: request.body })));
    },
  );

  app.post(
    '/api/v1/networks/:networkId/indicators/check',
    {
      schema: {
        tags,
        summary: 'Check an indicator before sharing it: what it names and the warning lists it is on',
        params: NetworkParams,
        body: IndicatorBody,
        response: {
          200: z.object({
            pattern: z.string(),
            observables: z.array(Observed),
            warnings: z.array(
              z.object({ observable: Observed, list: z.string(), entry: Observed, note: z.string() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return unwrap(await indicators.check({ caller, fields: request.body }));
    },
  );

  app.get(
    '/api/v1/networks/:networkId/indicators/:indicatorId',
    {
      schema: {
        tags,
        summary: 'One indicator, with its sightings and the matching indicators the organisation may see',
        params: IndicatorParams,
        response: {
          200: z.object({
            indicator: IndicatorOut,
            sightings: z.array(SightingOut),
            /** Indicators other members hold with the same value or an overlapping address block. */
            correlated: z.array(IndicatorOut),
          }),
        },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return unwrap(await indicators.get({ caller, indicatorId: request.params.indicatorId }));
    },
  );

  app.post(
    '/api/v1/networks/:networkId/indicators/:indicatorId/sightings',
    {
      schema: {
        tags,
        summary: '"We saw this too": a sighting of an indicator',
        params: IndicatorParams,
        body: SightingBody,
        response: { 201: SightingOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return reply
        .status(201)
        .send(
          unwrap(
            await indicators.sight({ caller, indicatorId: request.params.indicatorId, fields: request.body }),
          ),
        );
    },
  );
}
