import type { BusEvent, EventBus } from '../../platform/events.js';
import { fileResponse, type App } from '../../platform/http.js';
import type { FastifyRequest } from 'fastify';
import { requireUser } from './http-auth.js';
import type { Principal } from './model.js';

const HEARTBEAT_MS = 25_000;
/** The bus event that tells every process that identity data changed (callers must be resolved again). */
export const IDENTITY_CHANGED = 'identity.changed';

/** True when `event` is addressed to `principal` (to them, or to an organisation they belong to). */
export function addressedTo(event: BusEvent, principal: Principal): boolean {
  if (event.userId !== null) return event.userId === principal.userId;
  return event.orgId !== null && principal.memberships.some((m) => m.orgId === event.orgId);
}

/**
 * Server-sent events for the signed-in user: notifications now, alerts later. Events arrive from any app
 * process through the PostgreSQL-backed bus; a comment line every 25 s keeps proxies from closing the stream.
 */
export function eventRoutes(
  app: App,
  deps: { bus: EventBus; recheck: (request: FastifyRequest) => Promise<Principal | undefined> },
): void {
  const { bus } = deps;
  const open = new Set<{ end: () => void }>();
  // Streams never go idle; end them when the server shuts down so it can close.
  app.addHook('preClose', (done) => {
    for (const stream of open) stream.end();
    done();
  });
  app.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['auth'],
        summary: 'Live notifications (text/event-stream)',
        ...fileResponse('text/event-stream'),
      },
    },
    (request, reply) => {
      let principal = requireUser(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...Object.fromEntries(Object.entries(reply.getHeaders()).map(([k, v]) => [k, String(v)])),
      });
      res.write(': connected\n\n');
      // Identity changed somewhere (a sign-out, a deactivation, a role): ask again who the caller is, and end
      // the stream if they are no longer signed in. Changes that arrive during a check are folded into one
      // more check after it, so a burst of changes costs each stream at most two lookups.
      let checking = false;
      let again = false;
      const recheck = async (): Promise<void> => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            const current = await deps.recheck(request);
            if (!current) {
              res.end();
              return;
            }
            principal = current;
          } while (again);
        } catch {
          res.end();
        } finally {
          checking = false;
        }
      };
      const unsubscribe = bus.subscribe((event) => {
        if (event.type === IDENTITY_CHANGED) {
          void recheck();
          return;
        }
        if (addressedTo(event, principal))
          res.write(
            `event: ${event.type}\ndata: ${JSON.stringify({ orgId: event.orgId, ...event.data })}\n\n`,
          );
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      open.add(res);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
    },
  );
}
