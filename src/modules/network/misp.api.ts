import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { UPLOAD_LIMIT_BYTES, type App } from '../../platform/http.js';
import { requireNetworkAccess } from '../identity/index.js';
import type { MispService } from './misp.service.js';
import { Tlp } from './model.js';
import { member, NetworkParams } from './network.schemas.js';

const ImportedOut = z.object({
  eventUuid: z.string(),
  incidentId: z.string(),
  title: z.string(),
  tlp: Tlp,
  tlpDefaulted: z.boolean(),
  incident: z.enum(['new', 'updated', 'unchanged']),
  indicators: z.number(),
  indicatorsNew: z.number(),
  left: z.object({ notForDetection: z.number(), type: z.number(), invalid: z.number() }),
});

/** The route that imports MISP JSON events into a network. */
export function mispRoutes(app: App, deps: { misp: MispService }): void {
  app.post(
    '/api/v1/networks/:networkId/imports/misp',
    {
      bodyLimit: UPLOAD_LIMIT_BYTES,
      schema: {
        tags: ['network'],
        summary:
          'Import MISP JSON events as incidents and indicators (TLP from their tags, else `tlp`); importing again adds only what changed',
        params: NetworkParams,
        querystring: z.strictObject({ tlp: Tlp.default('amber') }),
        body: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
        response: { 200: z.object({ events: z.array(ImportedOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return unwrap(
        await deps.misp.importFile({ caller, file: request.body, defaultTlp: request.query.tlp }),
      );
    },
  );
}
