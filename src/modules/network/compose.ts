import { z } from 'zod';
import { fail, unwrap } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { ok } from '../../platform/result.js';
import { requireNetworkAccess } from '../identity/index.js';
import type { NetworkDeps } from './deps.js';
import { incidentRoutes } from './incidents.api.js';
import { createIncidentsService } from './incidents.service.js';
import { indicatorRoutes } from './indicators.api.js';
import { createIndicatorsService } from './indicators.service.js';
import { NetworkParams } from './network.schemas.js';

const NetworkOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  members: z
    .array(
      z.object({
        orgId: z.string(),
        orgName: z.string(),
        country: z.string(),
        role: z.enum(['coordinator', 'member']),
      }),
    )
    .readonly(),
  /** The member organisation the caller acts for here, and its role. */
  actingFor: z.object({ orgId: z.string(), networkRole: z.enum(['coordinator', 'member']) }),
});

/** Builds the network module: its services, and the routes that register them. */
export function createNetworkModule(
  deps: NetworkDeps & { network: (networkId: string) => Promise<NetworkInfo | undefined> },
) {
  const incidents = createIncidentsService(deps);
  const indicators = createIndicatorsService(deps);
  return {
    incidents,
    indicators,
    /** Registers the network's routes. */
    register(app: App): void {
      app.get(
        '/api/v1/networks/:networkId',
        {
          schema: {
            tags: ['network'],
            summary: 'A regional network: its member organisations and whom the caller acts for',
            params: NetworkParams,
            response: { 200: NetworkOut },
          },
        },
        async (request) => {
          const { scope } = requireNetworkAccess(request, {
            networkId: request.params.networkId,
            need: 'member',
            level: 'read',
          });
          const network = await deps.network(scope.networkId);
          return unwrap(
            network
              ? ok({ ...network, actingFor: { orgId: scope.orgId, networkRole: scope.networkRole } })
              : fail('not_found', 'network_not_found'),
          );
        },
      );
      incidentRoutes(app, { incidents });
      indicatorRoutes(app, { indicators });
    },
  };
}

/** A network as identity describes it. */
export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly members: readonly {
    orgId: string;
    orgName: string;
    country: string;
    role: 'coordinator' | 'member';
  }[];
}

/** The network module's type. */
export type NetworkModule = ReturnType<typeof createNetworkModule>;
