import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { STATUS_BY_TYPE, type Problem } from '../../platform/errors.js';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import {
  chosenLocale,
  fileResponse,
  PDF,
  requestLocale,
  type App,
  pageResponse,
} from '../../platform/http.js';
import { TestKind } from './course.js';
import {
  checkinCodePage,
  checkinPage,
  learnerPage,
  lessonsPage,
  problemPage,
  resultPage,
  testPage,
} from './learner-pages.js';
import type { TrainingService } from './training.service.js';

const tags = ['training (learners)'];
const Token = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/);
const Lang = z.strictObject({ lang: z.enum(['en', 'es', 'fr']).optional() });

// Personal links must not end up in caches or in other sites' logs.
const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.status(status).headers(NO_STORE).type('text/html; charset=utf-8').send(body);
}

/** A refused step as a page, with the status its problem type has everywhere in the API. */
function sendProblemPage(
  reply: FastifyReply,
  locale: SupportedLocale,
  problem: Problem,
  path: string,
): FastifyReply {
  return sendPage(reply, problemPage(locale, problem, path), STATUS_BY_TYPE[problem.type]);
}

/**
 * The learners' side, outside /api and without sign-in: QR check-in and the tests, as plain server-rendered
 * forms that work on any phone without script. A learner is known only by the personal link they receive.
 */
export function learnerRoutes(app: App, deps: { training: TrainingService }): void {
  const { training } = deps;

  app.get(
    '/learn/checkin/:sessionId',
    {
      schema: {
        tags,
        summary:
          'Check-in page a QR code opens: checks the rotating code, then asks for the e-mail on the roster',
        params: z.strictObject({ sessionId: z.uuid() }),
        ...pageResponse(),
        querystring: Lang.extend({ code: z.string().max(40).default('') }),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const path = `/learn/checkin/${request.params.sessionId}`;
      const opened = await training.openCheckin(request.params.sessionId, request.query.code);
      if (!opened.ok) return sendProblemPage(reply, locale, opened.error, path);
      return sendPage(
        reply,
        checkinPage(locale, {
          path,
          code: request.query.code,
          session: opened.value.title,
          ticket: opened.value.ticket,
        }),
      );
    },
  );

  app.post(
    '/learn/checkin/:sessionId',
    {
      schema: {
        tags,
        summary:
          'Check in, first step: the one-time ticket and the e-mail on the roster; e-mails the person a 6-digit code and answers the form for it',
        params: z.strictObject({ sessionId: z.uuid() }),
        ...pageResponse(),
        querystring: Lang,
        body: z.object({ ticket: z.string().max(200), email: z.string().trim().max(320) }),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const path = `/learn/checkin/${request.params.sessionId}`;
      const sent = await training.checkin({ sessionId: request.params.sessionId, ...request.body, locale });
      if (!sent.ok) return sendProblemPage(reply, locale, sent.error, path);
      return sendPage(reply, checkinCodePage(locale, { path, ...sent.value }));
    },
  );

  app.post(
    '/learn/checkin/:sessionId/confirm',
    {
      schema: {
        tags,
        summary:
          'Check in, second step: the code the person received; records attendance and redirects to the personal page',
        params: z.strictObject({ sessionId: z.uuid() }),
        ...pageResponse(),
        querystring: Lang,
        body: z.object({
          challenge: z.string().max(200),
          code: z.string().trim().max(12),
          // The masked address the code went to, shown again with a wrong code.
          to: z.string().max(330).default(''),
        }),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const path = `/learn/checkin/${request.params.sessionId}`;
      const { challenge, code, to } = request.body;
      const done = await training.confirmCheckin({
        sessionId: request.params.sessionId,
        challenge,
        code,
        chosenLocale: chosenLocale(request),
      });
      if (done.ok) return reply.redirect(`/learn/${done.value.token}?lang=${locale}`, 303);
      if (done.error.id !== 'checkin_code_wrong') return sendProblemPage(reply, locale, done.error, path);
      const page = checkinCodePage(locale, {
        path,
        challenge,
        email: to,
        problem: done.error,
      });
      return sendPage(reply, page, STATUS_BY_TYPE[done.error.type]);
    },
  );

  app.get(
    '/learn/:token',
    {
      schema: {
        tags,
        summary: "A learner's personal page: attendance and tests",
        params: z.strictObject({ token: Token }),
        ...pageResponse(),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const view = await training.learner(request.params.token);
      if (!view.ok) return sendProblemPage(reply, locale, view.error, '/learn');
      return sendPage(reply, learnerPage(locale, view.value, request.params.token));
    },
  );

  app.get(
    '/learn/:token/certificates/:certificateId/pdf',
    {
      schema: {
        tags,
        summary:
          "One of the learner's own certificates as a printable PDF (only through the holder's personal link)",
        params: z.strictObject({ token: Token, certificateId: z.uuid() }),
        querystring: Lang,
        ...fileResponse(PDF),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const pdf = await training.learnerCertificatePdf({
        token: request.params.token,
        certificateId: request.params.certificateId,
        locale,
      });
      if (!pdf.ok) return sendProblemPage(reply, locale, pdf.error, '/learn');
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${translate(locale, 'cert.filename')}-${request.params.certificateId.slice(0, 8)}.pdf"`,
        )
        .send(pdf.value);
    },
  );

  app.get(
    '/learn/:token/lessons',
    {
      schema: {
        tags,
        summary: "The lessons of a learner's course, to read again on a phone",
        params: z.strictObject({ token: Token }),
        ...pageResponse(),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const { token } = request.params;
      const lessons = await training.lessons(token);
      if (!lessons.ok) return sendProblemPage(reply, locale, lessons.error, '/learn');
      return sendPage(reply, lessonsPage(locale, { token, course: lessons.value }));
    },
  );

  app.post(
    '/learn/:token/tests/:kind',
    {
      schema: {
        tags,
        summary: 'Start (or resume) a test; answers the questions of its parallel form',
        params: z.strictObject({ token: Token, kind: TestKind }),
        ...pageResponse(),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const { token, kind } = request.params;
      const started = await training.startTest(token, kind);
      if (!started.ok) return sendProblemPage(reply, locale, started.error, `/learn/${token}`);
      return sendPage(reply, testPage(locale, { token, kind, ...started.value }));
    },
  );

  app.post(
    '/learn/:token/tests/:kind/answers',
    {
      schema: {
        tags,
        summary: 'Send the answers of a test, once, before its deadline',
        params: z.strictObject({ token: Token, kind: TestKind }),
        ...pageResponse(),
        querystring: Lang,
        body: z.record(z.string().max(64), z.coerce.number().int().min(0).max(9)),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const { token, kind } = request.params;
      const result = await training.submitTest(token, kind, request.body);
      if (!result.ok) return sendProblemPage(reply, locale, result.error, `/learn/${token}`);
      return sendPage(reply, resultPage(locale, { token, kind, ...result.value }));
    },
  );
}
