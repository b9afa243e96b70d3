import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { FastifyRequest } from 'fastify';
import { sendProblem, type App } from './http.js';
import { safeEqual } from './ids.js';

/**
 * Whether a request may read the metrics: from loopback straight to this process (no proxy in between, whose
 * clients would all look local), or with `Authorization: Bearer <METRICS_TOKEN>`.
 */
function mayReadMetrics(request: FastifyRequest, token: string | undefined): boolean {
  const socket = request.raw.socket.remoteAddress ?? '';
  const local = socket === '::1' || socket.startsWith('127.') || socket === '::ffff:127.0.0.1';
  const forwarded =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (local && !forwarded) return true;
  const sent = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  return token !== undefined && sent !== undefined && safeEqual(sent, token);
}

/** Prometheus metrics: process defaults and a request-duration histogram by route and status. */
export function registerMetrics(app: App, opts: { token: string | undefined }): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'atalaya_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!mayReadMetrics(request, opts.token))
      return sendProblem(reply, { type: 'not_found', id: 'route_not_found' });
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}
