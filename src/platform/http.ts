import type { Readable } from 'node:stream';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyContextConfig,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { TrustProxy } from './config.js';
import { STATUS_BY_TYPE, ProblemError, type Problem } from './errors.js';
import { isMessageKey, matchLocale, negotiateLocale, translate, type SupportedLocale } from './i18n/index.js';

/** One registered route, as the route table lists it. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly hidden: boolean;
  /** The route's own options (`config`), e.g. its declared gate. */
  readonly config: FastifyContextConfig;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the app, hidden ones included (the authorisation matrix walks it). */
    routeTable(): readonly RouteEntry[];
  }
  interface FastifyContextConfig {
    /** The caller is resolved (session cookie, bearer or HTTP Basic token) for this route outside /api/. */
    caller?: boolean;
  }
}

/** How a module's own prefix renders a problem: its status is set already; the body is the module's own. */
export type ProblemRenderer = (reply: FastifyReply, problem: Problem, message: string) => FastifyReply;

/**
 * Mounts a module's own prefix (`/taxii2/`, `/public/`, `/.well-known/`) as an encapsulated plugin: its routes
 * get the caller resolved like the API's (bearer token, HTTP Basic with an API token as password, or the session
 * cookie), its own media types parsed as JSON, and its own error renderer, so a standard's errors can take the
 * standard's shape while `/api/v1/` keeps `{"error": {"id", "message"}}`.
 */
export async function mountModule(
  app: App,
  opts: {
    prefix: string;
    /** Media types whose bodies are JSON (e.g. `application/taxii+json;version=2.1`). */
    jsonMediaTypes?: readonly string[];
    renderProblem?: ProblemRenderer;
  },
  routes: (scope: App) => void | Promise<void>,
): Promise<void> {
  await app.register(
    async (scope: App) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, caller: true };
      });
      for (const type of opts.jsonMediaTypes ?? [])
        scope.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => {
          parseJsonBody(typeof body === 'string' ? body : body.toString('utf8'), done);
        });
      const render = opts.renderProblem;
      if (render)
        scope.setErrorHandler((error: FastifyError, request, reply) => {
          const problem = problemOf(error);
          if (!problem) return handleUnexpected(error, request, reply);
          request.log.info({ problem: problem.id }, 'request refused');
          return render(reply, problem, prepareProblem(reply, problem));
        });
      await routes(scope);
    },
    { prefix: opts.prefix },
  );
}

/** The app type every module registers its routes on. */
export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  Logger,
  ZodTypeProvider
>;

/** Largest JSON body accepted (file uploads have their own limits). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** The largest file upload (evidence, report files, spreadsheets) a route accepts. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
/** Media types uploaded as raw bytes: the route receives a Buffer and the file name in its query. */
export const UPLOAD_MEDIA_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/png',
  'image/jpeg',
] as const;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Path prefixes whose next segment is a bearer secret (reset, invitation, unlock and learner links). */
const SECRET_PATH = /\/(reset|invite|unlock|learn)\/(?!checkin\/)[^/?#]+/g;
/** Query parameters that carry secrets (check-in codes and tickets, tokens). */
const SECRET_QUERY = /([?&](?:code|ticket|token)=)[^&#]*/gi;

/** A URL fit for the log: the secrets that links carry in their path or query are masked. */
export function maskSecretsInUrl(url: string): string {
  return url.replace(SECRET_PATH, '/$1/[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

/** The language for messages in this request: ?lang=, then Accept-Language, then English. */
export function requestLocale(request: FastifyRequest): SupportedLocale {
  return chosenLocale(request) ?? negotiateLocale(request.headers['accept-language']);
}

/**
 * The language a request names itself (`?lang=`, else an Accept-Language naming one we speak), or undefined —
 * for remembering a person's language only when they, or their phone, chose one.
 */
export function chosenLocale(request: FastifyRequest): SupportedLocale | undefined {
  const query = request.query;
  const lang = typeof query === 'object' && query !== null && 'lang' in query ? query.lang : undefined;
  if (lang === 'en' || lang === 'es' || lang === 'fr') return lang;
  return matchLocale(request.headers['accept-language']);
}

/**
 * Sets a problem's status (and Retry-After for a rate limit) on the reply and returns its message in the
 * request's language; the body is the caller's to shape.
 */
function prepareProblem(reply: FastifyReply, problem: Problem): string {
  if (problem.type === 'rate_limited' && problem.params?.['minutes']) {
    void reply.header('retry-after', String(Number(problem.params['minutes']) * 60));
  }
  void reply.status(STATUS_BY_TYPE[problem.type]);
  const locale = requestLocale(reply.request);
  const key = `error.${problem.id}`;
  const params = { detail: problem.detail ?? '', ...problem.params };
  return isMessageKey(key) ? translate(locale, key, params) : (problem.detail ?? problem.id);
}

/** Renders a problem as `{"error": {"id", "message"}}` with its status. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  const message = prepareProblem(reply, problem);
  return reply.send({ error: { id: problem.id, message } });
}

/** The name a file upload route takes in `?filename=`: no path separators, no control characters. */
export const UploadFilename = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .regex(/^[^/\\\u0000-\u001f\u007f]+$/);

/** An uploaded file's bytes and media type, from a raw-bytes upload request; refuses a request without bytes. */
export function uploadedFile(request: FastifyRequest): { content: Buffer; mediaType: string } {
  if (!Buffer.isBuffer(request.body)) throw new ProblemError({ type: 'invalid', id: 'file_expected' });
  const mediaType =
    (request.headers['content-type'] ?? '').split(';')[0]?.trim() || 'application/octet-stream';
  return { content: request.body, mediaType };
}

/** Media types of the reports. */
export const PDF = 'application/pdf';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The success response of a route that answers 204 with no body. */
export const NoContent = z.null().describe('No content');

/**
 * Route schema parts for a route that answers a file or a page rather than JSON: the media types it sends and,
 * for the API document, its body as binary (or text). Such payloads are sent as they are, never serialised.
 */
export function fileResponse(...mediaTypes: [string, ...string[]]) {
  const text = mediaTypes.every((t) => t.startsWith('text/'));
  return {
    produces: mediaTypes,
    response: {
      // Bytes, streams and pages are sent as they are (Fastify serialises only objects), so any payload type.
      200: z
        .any()
        .meta({ type: 'string', ...(text ? {} : { format: 'binary' }) })
        .describe(`The ${mediaTypes.join(' or ')} content`),
    },
  };
}

/**
 * The responses of a server-rendered page: the page, a redirect to the next one (after a form), or a page that
 * explains a problem (4xx).
 */
export function pageResponse() {
  const page = fileResponse('text/html');
  return {
    produces: page.produces,
    response: {
      ...page.response,
      303: z.null().describe('See Other: the next page'),
      '4xx': page.response[200].describe('A page that explains the problem'),
    },
  };
}

/** A signed JSON-LD document (credential, status list, issuer profile), sent exactly as it was signed. */
export const SignedDocument = z.record(z.string(), z.unknown()).describe('A signed JSON-LD document');

/** A media type uploads accept; anything else is not a type a stored file is sent as. */
export type UploadMediaType = (typeof UPLOAD_MEDIA_TYPES)[number];
/** The zod schema of an upload media type (for files that arrive inside other documents, e.g. imports). */
export const UploadMediaType = z.enum(UPLOAD_MEDIA_TYPES);

/**
 * Sends a stored file as a download under its original name (RFC 6266 `filename*`), with its media type only
 * when it is one uploads accept: nothing from our origin is ever served as HTML or script.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { filename: string; mediaType: string; stream: Readable },
): FastifyReply {
  const type = UploadMediaType.safeParse(file.mediaType);
  return reply
    .type(type.success ? type.data : 'application/octet-stream')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .send(file.stream);
}

/** Maps framework errors (parsing, limits, validation) to problems; anything else is a bug → 500. */
function problemOf(error: FastifyError): Problem | undefined {
  if (error instanceof ProblemError) return error.problem;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const detail = error.validation
      .slice(0, 5)
      .map((issue) => `${issue.instancePath || '/'} ${issue.message}`)
      .join('; ');
    return { type: 'invalid', id: 'invalid_input', detail };
  }
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return { type: 'invalid', id: 'malformed_url' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { type: 'invalid', id: 'malformed_json' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { type: 'too_large', id: 'body_too_large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { type: 'unsupported_media', id: 'unsupported_media_type' };
    default:
      break;
  }
  // Safety net for input the schemas let through but PostgreSQL refuses (SQLSTATE class 22: data exception;
  // class 23: integrity constraint violation). The transaction has already rolled back.
  const sqlState =
    typeof error.code === 'string' && /^2[23][0-9A-Z]{3}$/.test(error.code) ? error.code : undefined;
  if (sqlState === '23505') return { type: 'conflict', id: 'conflict' };
  if (sqlState)
    return { type: 'invalid', id: 'invalid_input', detail: 'a value is out of range or breaks a rule' };
  if (error.statusCode === 415) return { type: 'unsupported_media', id: 'unsupported_media_type' };
  if (error.statusCode === 413) return { type: 'too_large', id: 'body_too_large' };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { type: 'invalid', id: 'invalid_input', detail: error.message };
  }
  return undefined;
}

/** Parses a JSON body: empty or malformed JSON and NUL characters are refused as problems. */
function parseJsonBody(text: string, done: (error: Error | null, body?: unknown) => void): void {
  if (text.trim() === '') {
    done(new ProblemError({ type: 'invalid', id: 'malformed_json' }), undefined);
    return;
  }
  try {
    done(null, JSON.parse(text, refuseNul));
  } catch (error) {
    done(
      error instanceof ProblemError ? error : new ProblemError({ type: 'invalid', id: 'malformed_json' }),
      undefined,
    );
  }
}

/** A bug or broken infrastructure: logged with its stack, answered 500 without it. */
function handleUnexpected(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  request.log.error({ err: error }, 'unexpected error');
  return reply
    .status(500)
    .send({ error: { id: 'internal', message: translate(requestLocale(request), 'error.internal') } });
}

/** JSON reviver: text may not contain NUL characters (PostgreSQL cannot store them). */
function refuseNul(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new ProblemError({
      type: 'invalid',
      id: 'invalid_input',
      detail: 'text may not contain NUL characters',
    });
  }
  return value;
}

/** Sets the security headers Atalaya sends on every response. */
export function securityHeaders(reply: FastifyReply, opts: { secure: boolean }): void {
  void reply.headers({
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'permissions-policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
    ...(opts.secure && { 'strict-transport-security': 'max-age=63072000; includeSubDomains' }),
  });
}

/**
 * One log line per request, written when it completes, with its method, masked URL, status and time. Fastify's
 * own two lines (incoming, completed) cost a serialised, redacted log record each on every request.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const entry = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...entry, err: error }, 'request errored');
    else reply.log.info(entry, 'request completed');
  }
}

/** Creates the Fastify app with the platform's parsing, errors, request ids and security headers. */
export function createHttpApp(opts: { logger: Logger; secure: boolean; trustProxy: TrustProxy }): App {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // A hop count trusts the nearest N proxies (as proxy-addr counts hops, from the socket outwards).
    trustProxy:
      typeof opts.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < Number(opts.trustProxy)
        : opts.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    logController: new OneLinePerRequest(),
    routerOptions: { maxParamLength: 200 },
    // The router's own refusals (a path with malformed percent-encoding) answer in the project's error shape.
    frameworkErrors: (error, _request, reply) => {
      securityHeaders(reply, { secure: opts.secure });
      void sendProblem(
        reply,
        problemOf(error) ?? { type: 'invalid', id: 'invalid_input', detail: error.message },
      );
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  const table: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const hidden = route.schema?.hide === true;
    for (const method of [route.method].flat())
      if (method !== 'HEAD') table.push({ method, url: route.url, hidden, config: route.config ?? {} });
  });
  app.decorate('routeTable', () => table);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    [...UPLOAD_MEDIA_TYPES],
    { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );
  // A file chosen in a plain HTML form (no script): parsed with the platform's own FormData; each field, file
  // or text, becomes a string. Small by design: such forms carry a credential or a few fields.
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: 1024 * 1024 },
    (request, body, done) => {
      const type = request.headers['content-type'] ?? '';
      new Response(typeof body === 'string' ? body : new Uint8Array(body), {
        headers: { 'content-type': type },
      })
        .formData()
        .then(async (form) => {
          const fields: Record<string, string> = {};
          for (const [name, value] of form.entries())
            fields[name] = typeof value === 'string' ? value : await value.text();
          done(null, fields);
        })
        .catch(() => {
          done(
            new ProblemError({ type: 'invalid', id: 'invalid_input', detail: 'unreadable form data' }),
            undefined,
          );
        });
    },
  );
  // Plain HTML forms (the public learner pages work without script): fields become a flat object of strings.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 256 * 1024 },
    (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      done(null, Object.fromEntries(new URLSearchParams(text)));
    },
  );
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    parseJsonBody(typeof body === 'string' ? body : body.toString('utf8'), done);
  });
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    securityHeaders(reply, { secure: opts.secure });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = problemOf(error);
    if (problem) {
      request.log.info({ problem: problem.id }, 'request refused');
      return sendProblem(reply, problem);
    }
    return handleUnexpected(error, request, reply);
  });

  return app;
}
