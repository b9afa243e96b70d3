import { z } from 'zod';
import { fail, unwrap } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { ok } from '../../platform/result.js';
import { requireNetworkAccess } from '../identity/index.js';
import { alertSettingsRoutes } from './alerts.api.js';
import { createAlertSettingsService } from './alerts.service.js';
import { createAnnouncer } from './announce.js';
import type { NetworkDeps } from './deps.js';
import { createNewsroom } from './news.js';
import { commentRoutes } from './comments.api.js';
import { libraryRoutes } from './library.api.js';
import { createLibraryService } from './library.service.js';
import { createCommentsService } from './comments.service.js';
import { warningRoutes } from './warnings.api.js';
import { createWarningsService } from './warnings.service.js';
import { incidentRoutes } from './incidents.api.js';
import { createIncidentsService } from './incidents.service.js';
import { indicatorRoutes } from './indicators.api.js';
import { createIndicatorsService } from './indicators.service.js';
import { NetworkParams } from './network.schemas.js';
import { feedRoutes } from './feeds.api.js';
import { mispRoutes } from './misp.api.js';
import { createMispService } from './misp.service.js';
import { createFeedsService } from './feeds.service.js';
import { taxiiRoutes } from './taxii.api.js';
import { createTaxiiClient } from './taxii.client.js';
import { createTaxiiService } from './taxii.service.js';

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
export function createNetworkModule(deps: NetworkDeps) {
  const announcer = createAnnouncer(deps);
  const warnings = createWarningsService(deps);
  const incidents = createIncidentsService({ ...deps, announcer });
  const comments = createCommentsService({ ...deps, announcer });
  const library = createLibraryService({ ...deps, announcer });
  const newsroom = createNewsroom({ ...deps, announcer, warnings });
  const indicators = createIndicatorsService({ ...deps, announcer, newsroom, warnings });
  const alertSettings = createAlertSettingsService(deps);
  const taxii = createTaxiiService({ ...deps, newsroom });
  const misp = createMispService({ ...deps, newsroom });
  const feeds = createFeedsService({
    ...deps,
    newsroom,
    client: createTaxiiClient({ userAgent: 'Atalaya (TAXII 2.1 client)', attempts: 4, backoffMs: 500 }),
  });
  return {
    incidents,
    comments,
    library,
    indicators,
    alertSettings,
    warnings,
    taxii,
    feeds,
    misp,
    /** Registers the network's routes, and the TAXII server under its own prefix. */
    async register(app: App): Promise<void> {
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
      alertSettingsRoutes(app, { alertSettings });
      incidentRoutes(app, { incidents });
      commentRoutes(app, { comments });
      libraryRoutes(app, { library });
      indicatorRoutes(app, { indicators });
      warningRoutes(app, { warnings });
      feedRoutes(app, { feeds });
      mispRoutes(app, { misp });
      await taxiiRoutes(app, { taxii, network: deps.network, networksOf: deps.networksOf });
    },
  };
}

/** The network module's type. */
export type NetworkModule = ReturnType<typeof createNetworkModule>;
