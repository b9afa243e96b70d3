import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { networkGatedBy, requireNetworkAccess } from '../identity/index.js';
import type { AlertSettingsService } from './alerts.service.js';
import { Severity } from './model.js';
import { NetworkParams } from './network.schemas.js';

const Settings = z.strictObject({ minSeverity: Severity, indicators: z.boolean(), email: z.boolean() });
const tags = ['network'];
const ElectionDay = z.object({
  since: z.date().nullable().describe('Since when the network is in election-day mode; null when it is not'),
});
const coordinatorWrite = { need: 'coordinator', level: 'write' } as const;

/** Routes for what a member organisation wants to be alerted about in a network. */
export function alertSettingsRoutes(app: App, deps: { alertSettings: AlertSettingsService }): void {
  const { alertSettings } = deps;

  app.get(
    '/api/v1/networks/:networkId/alert-settings',
    {
      schema: {
        tags,
        summary: 'What alerts your organisation in this network (incident severity, indicators, e-mail)',
        params: NetworkParams,
        response: { 200: Settings },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        need: 'member',
        level: 'read',
      });
      return alertSettings.get(caller);
    },
  );

  app.put(
    '/api/v1/networks/:networkId/alert-settings',
    {
      schema: {
        tags,
        summary: 'Choose what alerts your organisation in this network',
        params: NetworkParams,
        body: Settings,
        response: { 200: Settings },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        need: 'member',
        level: 'write',
      });
      return unwrap(await alertSettings.save({ caller, settings: request.body }));
    },
  );

  app.get(
    '/api/v1/networks/:networkId/election-day',
    {
      schema: {
        tags,
        summary: 'Whether the network is in election-day mode, and since when',
        params: NetworkParams,
        response: { 200: ElectionDay },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        need: 'member',
        level: 'read',
      });
      return alertSettings.electionDay(caller);
    },
  );

  app.put(
    '/api/v1/networks/:networkId/election-day',
    {
      ...networkGatedBy(coordinatorWrite),
      schema: {
        tags,
        summary:
          'Switch election-day mode on or off (coordinators): while on, every new incident alerts every member allowed to read it, whatever its threshold',
        params: NetworkParams,
        body: z.strictObject({ on: z.boolean() }),
        response: { 200: ElectionDay },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        ...coordinatorWrite,
      });
      return unwrap(await alertSettings.switchElectionDay({ caller, on: request.body.on }));
    },
  );
}
