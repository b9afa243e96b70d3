import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../server.js';
import { freshServices, testConfig } from '../test/db.js';
import { makeUser } from '../test/factories.js';
import { mountModule, type App } from './http.js';
import { ProblemError } from './errors.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let app: App;
let base: string;
let token: string;
let email: string;

beforeAll(async () => {
  services = await freshServices();
  app = await buildServer(services, testConfig(), pino({ level: 'silent' }));
  // A module's own prefix, as TAXII will have: its media type, its error shape, callers resolved outside /api/.
  await mountModule(
    app,
    {
      prefix: '/standard',
      jsonMediaTypes: ['application/taxii+json'],
      renderProblem: (reply, problem, message) =>
        reply
          .type('application/taxii+json')
          .send({ title: problem.id, description: message, http_status: String(reply.statusCode) }),
    },
    (scope) => {
      scope.get('/whoami', (request, reply) =>
        reply.send({
          caller: request.auth?.kind === 'token' ? request.auth.principal.email : null,
        }),
      );
      scope.post('/echo', (request, reply) => reply.send({ got: request.body }));
      scope.get('/fails', () => {
        throw new ProblemError({ type: 'not_found', id: 'route_not_found' });
      });
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const user = await makeUser(services);
  email = user.email;
  const made = await services.identity.tokens.create({
    userId: user.userId,
    orgId: user.orgId ?? null,
    name: 'taxii',
    actor: { userId: user.userId, label: email, requestId: 'test', viaGrantId: undefined },
  });
  if (!made.ok) throw new Error(made.error.id);
  token = made.value.token;
});
afterAll(async () => {
  await app.close();
  await services.close();
});

describe('a module mounted under its own prefix', () => {
  it('resolves the caller from a bearer token and from HTTP Basic with the token as password', async () => {
    const bearer = await fetch(`${base}/standard/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(await bearer.json()).toEqual({ caller: email });
    const basic = Buffer.from(`${email}:${token}`).toString('base64');
    const viaBasic = await fetch(`${base}/standard/whoami`, { headers: { authorization: `Basic ${basic}` } });
    expect(await viaBasic.json()).toEqual({ caller: email });
  });

  it('refuses anonymous callers and renders every problem in its own shape, while the API keeps its own', async () => {
    const anonymous = await fetch(`${base}/standard/whoami`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/taxii\+json/);
    expect(await anonymous.json()).toMatchObject({ title: 'unauthenticated', http_status: '401' });
    const missing = await fetch(`${base}/standard/fails`, { headers: { authorization: `Bearer ${token}` } });
    expect(await missing.json()).toMatchObject({ title: 'route_not_found', http_status: '404' });
    const api = await fetch(`${base}/api/v1/me`);
    expect(await api.json()).toMatchObject({ error: { id: 'unauthenticated' } });
  });

  it('parses its own media type as JSON and refuses malformed JSON in its shape', async () => {
    const send = (body: string) =>
      fetch(`${base}/standard/echo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/taxii+json' },
        body,
      });
    expect(await (await send('{"objects":[]}')).json()).toEqual({ got: { objects: [] } });
    const bad = await send('{"objects":');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ title: 'malformed_json', http_status: '400' });
  });
});
