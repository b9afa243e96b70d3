import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './platform/config.js';
import type { EventBus } from './platform/events.js';
import { isReady } from './platform/db.js';
import { API_DIGEST_HEADER, apiDocumentDigest, renderApiReference } from './platform/api-docs.js';
import { createHttpApp, sendProblem, type App } from './platform/http.js';
import { registerMetrics } from './platform/metrics.js';
import { PUBLIC_CSS_PATH, sendPublicCss } from './platform/pages.js';
import { auditRoutes } from './modules/audit/index.js';
import { electionRoutes } from './modules/elections/index.js';
import { assessmentRoutes } from './modules/assessments/index.js';
import { missionRoutes, roadmapRoutes } from './modules/roadmap/index.js';
import { learnerRoutes, publicCertificateRoutes, trainingRoutes } from './modules/training/index.js';
import { sessionCookieName } from './modules/identity/index.js';
import { webwatchRoutes } from './modules/webwatch/index.js';
import type { Services } from './runtime.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the built web app is: dist/web next to compiled code, or after `npm run build` when run from src. */
function webRoot(): string | undefined {
  return [join(here, 'web'), join(here, '..', 'dist', 'web')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  );
}

/** Composes the HTTP app from the platform and the modules. */
export async function buildServer(
  services: Services,
  config: Config,
  logger: Logger,
  bus?: EventBus,
): Promise<App> {
  const app = createHttpApp({ logger, secure: config.secure, trustProxy: config.trustProxy });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Atalaya API',
        version: '1',
        description: 'JSON API of Atalaya. Errors are {"error": {"id", "message"}} with a 4xx status.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(config.secure) },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Registered schemas (the recursive cascade tree) become components their $refs point to.
    transformObject: jsonSchemaTransformObject,
  });
  registerMetrics(app, { token: config.metricsToken });

  // The API document is written once all routes are in. Its digest marks every API reply (refusals included: this
  // hook runs before the access gate), so a web client built against another version of the API says so and asks
  // for a reload instead of misreading the reply.
  let apiDocument = '';
  let apiDigest = '';
  app.addHook('onReady', (done) => {
    const doc = app.swagger();
    apiDocument = JSON.stringify(doc);
    apiDigest = apiDocumentDigest(doc);
    done();
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/api/')) void reply.header(API_DIGEST_HEADER, apiDigest);
    done();
  });

  app.get('/healthz', { schema: { hide: true } }, (_request, reply) => reply.send({ status: 'ok' }));
  app.get(PUBLIC_CSS_PATH, { schema: { hide: true } }, (_request, reply) => sendPublicCss(reply));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = await isReady(services.db);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'database unreachable' });
  });

  services.identity.register(app, { secure: config.secure, bus });
  const { requireAccess } = services.identity;
  auditRoutes(app, {
    db: services.db,
    requireAccess,
    people: async (orgId) => (await services.identity.directory(orgId)).people,
  });
  electionRoutes(app, { elections: services.elections, requireAccess });
  assessmentRoutes(app, { assessments: services.assessments, requireAccess, clock: services.clock });
  roadmapRoutes(app, { roadmap: services.roadmap, requireAccess, clock: services.clock });
  missionRoutes(app, { missions: services.roadmap.missions, requireAccess });
  trainingRoutes(app, {
    training: services.training,
    credentials: services.credentials,
    requireAccess,
    clock: services.clock,
  });
  learnerRoutes(app, { training: services.training });
  await services.network.register(app);
  webwatchRoutes(app, { webwatch: services.webwatch, requireAccess });
  publicCertificateRoutes(app, {
    credentials: services.credentials,
    organisation: (orgId) => services.identity.organisation(orgId),
  });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(apiDocument),
  );
  app.get('/api/v1/docs', { config: { public: true }, schema: { hide: true } }, (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderApiReference(app.swagger())),
  );

  await app.register(fastifyStatic, {
    root: join(here, '..', 'public'),
    prefix: '/public/assets/',
    decorateReply: false,
    maxAge: '1d',
  });
  const web = webRoot();
  if (web) {
    await app.register(fastifyStatic, {
      root: web,
      prefix: '/',
      wildcard: true,
      preCompressed: true,
      index: false,
      maxAge: '1y',
      immutable: true,
      serve: true,
    });
  }

  /** The web app's page (its routes live in the browser), whatever encodings the client accepts. */
  const sendWebApp = (reply: FastifyReply) =>
    web
      ? reply.header('cache-control', 'no-cache').sendFile('index.html', web)
      : reply
          .type('text/plain; charset=utf-8')
          .status(503)
          .send('The web app is not built. Run `npm run build`, or use `npm start`.');
  // The root is a directory to the static files; without this route a client that accepts no compressed
  // encoding (curl, uptime monitors) would be refused it.
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendWebApp(reply));

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !path.startsWith('/api/') &&
      // A file name ends in an extension that starts with a letter; "1.0.0" (a version) is part of a page path.
      !/\.[a-z][a-z0-9]*$/i.test(path.split('/').pop() ?? '');
    if (isPage) return sendWebApp(reply);
    return sendProblem(reply, { type: 'not_found', id: 'route_not_found' });
  });

  return app;
}
