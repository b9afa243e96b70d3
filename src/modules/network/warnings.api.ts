import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { NoContent, type App } from '../../platform/http.js';
import { networkGatedBy, requireNetworkAccess } from '../identity/index.js';
import { NetworkParams } from './network.schemas.js';
import { ObservableKind } from './observables.js';
import { BUILT_IN_WARNING_LISTS, WarningList } from './warnings.js';
import type { WarningsService } from './warnings.service.js';

const Text = z.object({ en: z.string(), es: z.string(), fr: z.string() });
const EntryOut = z.object({
  id: z.string(),
  list: WarningList,
  kind: ObservableKind,
  value: z.string(),
  note: z.string(),
  createdAt: z.date(),
});
const tags = ['network'];
const coordinatorWrite = { need: 'coordinator', level: 'write' } as const;

/** Routes for the warning lists: the built-in ones to read, the network's own for coordinators to keep. */
export function warningRoutes(app: App, deps: { warnings: WarningsService }): void {
  const { warnings } = deps;

  app.get(
    '/api/v1/networks/:networkId/warning-lists',
    {
      schema: {
        tags,
        summary: 'Known-benign values indicators are checked against: built-in lists and the network’s own',
        params: NetworkParams,
        response: {
          200: z.object({
            builtIn: z.array(
              z.object({
                id: z.string(),
                name: Text,
                note: Text,
                entries: z.array(z.object({ kind: ObservableKind, value: z.string(), note: z.string() })),
              }),
            ),
            own: z.array(EntryOut),
          }),
        },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        need: 'member',
        level: 'read',
      });
      return {
        builtIn: BUILT_IN_WARNING_LISTS.map((l) => ({
          id: l.id,
          name: l.name,
          note: l.note,
          entries: l.entries.map((e) => ({ ...e.observable, note: e.note })),
        })),
        own: await warnings.own(caller),
      };
    },
  );

  app.post(
    '/api/v1/networks/:networkId/warning-lists/entries',
    {
      ...networkGatedBy(coordinatorWrite),
      schema: {
        tags,
        summary: 'Add a known-benign value to the network’s own list (coordinators)',
        params: NetworkParams,
        body: z.strictObject({
          list: WarningList,
          kind: ObservableKind,
          value: z.string().trim().min(1).max(2048),
          note: z.string().trim().max(500).default(''),
        }),
        response: { 201: EntryOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        ...coordinatorWrite,
      });
      return reply.status(201).send(unwrap(await warnings.add({ caller, entry: request.body })));
    },
  );

  app.delete(
    '/api/v1/networks/:networkId/warning-lists/entries/:entryId',
    {
      ...networkGatedBy(coordinatorWrite),
      schema: {
        tags,
        summary: 'Remove a value from the network’s own list (coordinators)',
        params: NetworkParams.extend({ entryId: z.uuid() }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        ...coordinatorWrite,
      });
      unwrap(await warnings.remove({ caller, entryId: request.params.entryId }));
      return reply.status(204).send(null);
    },
  );
}
