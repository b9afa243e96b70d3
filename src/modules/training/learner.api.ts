import { z } from 'zod';
import type { Problem } from '../../platform/errors.js';
import { isMessageKey, translate, type MessageKey, type SupportedLocale } from '../../platform/i18n/index.js';
import { requestLocale, type App } from '../../platform/http.js';
import { renderMarkdown, TestKind, type Item } from './course.js';
import type { LearnerView, TrainingService } from './training.service.js';
import { escape, page } from './verify-page.js';

const tags = ['training (learners)'];
const Token = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/);
const Lang = z.strictObject({ lang: z.enum(['en', 'es', 'fr']).optional() });
const TIME = (d: Date) => d.toISOString().slice(11, 16);

type W = (key: MessageKey, params?: Record<string, string | number>) => string;

function problemPage(locale: SupportedLocale, problem: Problem, path: string): string {
  const w: W = (key, params) => translate(locale, key, params);
  const key = `error.${problem.id}`;
  const message = isMessageKey(key) ? w(key, problem.params) : problem.id;
  return page(
    locale,
    w('learn.problemTitle'),
    `<h1>${escape(w('learn.problemTitle'))}</h1><p class="problem" role="alert">${escape(message)}</p><p>${escape(w('learn.askTrainer'))}</p>`,
    path,
  );
}

function learnerPage(locale: SupportedLocale, view: LearnerView, token: string): string {
  const w: W = (key, params) => translate(locale, key, params);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const tests = view.tests
    .map((t) => {
      const state =
        t.state === 'submitted'
          ? w('learn.state.submitted', { percent: t.percent ?? 0 })
          : t.state === 'in_progress'
            ? w('learn.state.in_progress', { time: t.deadline ? TIME(t.deadline) : '' })
            : t.opensOn
              ? w('learn.state.opensOn', { date: date.format(new Date(`${t.opensOn}T00:00:00Z`)) })
              : w(`learn.state.${t.state}`);
      const action =
        t.state === 'open' || t.state === 'in_progress'
          ? `<form method="post" action="/learn/${token}/tests/${t.kind}?lang=${locale}"><button type="submit">${escape(w(t.state === 'open' ? 'learn.start' : 'learn.resume'))}</button></form>`
          : '';
      return `<li><h2>${escape(w(`learn.test.${t.kind}`))}</h2><p>${escape(state)}</p>${action}</li>`;
    })
    .join('');
  const title = w('learn.title');
  return page(
    locale,
    title,
    `<h1>${escape(title)}</h1>
<p>${escape(w('learn.hello', { name: view.personName, session: view.sessionTitle, date: date.format(new Date(`${view.startsOn}T00:00:00Z`)) }))}</p>
<p><strong>${escape(view.courseTitle[locale])}</strong></p>
<p>${escape(w(view.attended ? 'learn.attended' : 'learn.notAttended'))}</p>
<ul class="tests">${tests}</ul>
<p><a href="/learn/${token}/lessons?lang=${locale}">${escape(w('learn.readLessons'))}</a></p>
<p class="muted">${escape(w('learn.keepLink'))}</p>`,
    `/learn/${token}`,
  );
}

function testPage(
  locale: SupportedLocale,
  q: { token: string; kind: TestKind; items: readonly Item[]; deadline: Date },
): string {
  const w: W = (key, params) => translate(locale, key, params);
  const title = w(`learn.test.${q.kind}`);
  const questions = q.items
    .map((item, n) => {
      const options = item.options
        .map(
          (o, i) =>
            `<label class="choice"><input type="radio" name="${escape(item.id)}" value="${i}" required> <span>${escape(o[locale])}</span></label>`,
        )
        .join('');
      return `<fieldset><legend>${escape(w('learn.question', { n: n + 1, total: q.items.length }))}: ${escape(item.stem[locale])}</legend>${options}</fieldset>`;
    })
    .join('');
  return page(
    locale,
    title,
    `<h1>${escape(title)}</h1>
<p>${escape(w('learn.deadline', { time: TIME(q.deadline) }))}</p>
<form method="post" action="/learn/${q.token}/tests/${q.kind}/answers?lang=${locale}">${questions}<button type="submit">${escape(w('learn.submit'))}</button></form>`,
    `/learn/${q.token}`,
  );
}

const html = 'text/html; charset=utf-8';

/**
 * The learners' side, outside /api and without sign-in: QR check-in and the tests, as plain server-rendered
 * forms that work on any phone without script. A learner is known only by the personal link they receive.
 */
export function learnerRoutes(app: App, deps: { training: TrainingService }): void {
  const { training } = deps;
  const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

  app.get(
    '/learn/checkin/:sessionId',
    {
      schema: {
        tags,
        summary:
          'Check-in page a QR code opens: checks the rotating code, then asks for the e-mail on the roster',
        params: z.strictObject({ sessionId: z.uuid() }),
        querystring: Lang.extend({ code: z.string().max(40).default('') }),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const path = `/learn/checkin/${request.params.sessionId}`;
      const opened = await training.openCheckin(request.params.sessionId, request.query.code);
      if (!opened.ok)
        return reply
          .status(400)
          .headers(noStore)
          .type(html)
          .send(problemPage(locale, opened.error, path));
      const w: W = (key, params) => translate(locale, key, params);
      const title = w('learn.checkinTitle');
      const body = `<h1>${escape(title)}</h1>
<p>${escape(w('learn.checkinIntro', { session: opened.value.title }))}</p>
<form method="post" action="${path}?lang=${locale}">
<input type="hidden" name="ticket" value="${escape(opened.value.ticket)}">
<p><label for="email">${escape(w('learn.email'))}</label><br><input id="email" name="email" type="email" autocomplete="email" required maxlength="320"></p>
<p><button type="submit">${escape(w('learn.checkinButton'))}</button></p>
</form>`;
      return reply
        .headers(noStore)
        .type(html)
        .send(page(locale, title, body, path));
    },
  );

  app.post(
    '/learn/checkin/:sessionId',
    {
      schema: {
        tags,
        summary:
          'Check in with the one-time ticket and the e-mail on the roster; redirects to the personal page',
        params: z.strictObject({ sessionId: z.uuid() }),
        querystring: Lang,
        body: z.object({ ticket: z.string().max(200), email: z.string().trim().max(320) }),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const path = `/learn/checkin/${request.params.sessionId}`;
      const done = await training.checkin({ sessionId: request.params.sessionId, ...request.body, locale });
      if (!done.ok)
        return reply
          .status(400)
          .headers(noStore)
          .type(html)
          .send(problemPage(locale, done.error, path));
      return reply.redirect(`/learn/${done.value.token}?lang=${locale}`, 303);
    },
  );

  app.get(
    '/learn/:token',
    {
      schema: {
        tags,
        summary: "A learner's personal page: attendance and tests",
        params: z.strictObject({ token: Token }),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const view = await training.learner(request.params.token);
      if (!view.ok)
        return reply
          .status(404)
          .headers(noStore)
          .type(html)
          .send(problemPage(locale, view.error, '/learn'));
      return reply
        .headers(noStore)
        .type(html)
        .send(learnerPage(locale, view.value, request.params.token));
    },
  );

  app.get(
    '/learn/:token/lessons',
    {
      schema: {
        tags,
        summary: "The lessons of a learner's course, to read again on a phone",
        params: z.strictObject({ token: Token }),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const { token } = request.params;
      const lessons = await training.lessons(token);
      if (!lessons.ok)
        return reply
          .status(404)
          .headers(noStore)
          .type(html)
          .send(problemPage(locale, lessons.error, '/learn'));
      const w: W = (key, params) => translate(locale, key, params);
      const c = lessons.value;
      const toc = c.topics
        .map((t) => `<li><a href="#${escape(t.id)}">${escape(t.title[locale])}</a></li>`)
        .join('');
      // Lesson HTML comes from markdown-it with raw HTML off: safe to place as it is.
      const body = `<h1>${escape(c.title[locale])}</h1>
<h2>${escape(w('learn.objectives'))}</h2><ul>${c.objectives.map((o) => `<li>${escape(o[locale])}</li>`).join('')}</ul>
<nav aria-label="${escape(w('learn.lessons'))}"><ol>${toc}</ol></nav>
${c.topics.map((t) => `<section id="${escape(t.id)}"><h2>${escape(t.title[locale])}</h2>${renderMarkdown(t.lesson[locale], { headingOffset: 1 })}</section>`).join('')}
<p><a href="/learn/${token}?lang=${locale}">${escape(w('learn.back'))}</a></p>`;
      return reply
        .headers(noStore)
        .type(html)
        .send(page(locale, c.title[locale], body, `/learn/${token}/lessons`));
    },
  );

  app.post(
    '/learn/:token/tests/:kind',
    {
      schema: {
        tags,
        summary: 'Start (or resume) a test; answers the questions of its parallel form',
        params: z.strictObject({ token: Token, kind: TestKind }),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const { token, kind } = request.params;
      const started = await training.startTest(token, kind);
      if (!started.ok)
        return reply
          .status(400)
          .headers(noStore)
          .type(html)
          .send(problemPage(locale, started.error, `/learn/${token}`));
      return reply
        .headers(noStore)
        .type(html)
        .send(testPage(locale, { token, kind, ...started.value }));
    },
  );

  app.post(
    '/learn/:token/tests/:kind/answers',
    {
      schema: {
        tags,
        summary: 'Send the answers of a test, once, before its deadline',
        params: z.strictObject({ token: Token, kind: TestKind }),
        querystring: Lang,
        body: z.record(z.string().max(64), z.coerce.number().int().min(0).max(9)),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request);
      const { token, kind } = request.params;
      const w: W = (key, params) => translate(locale, key, params);
      const result = await training.submitTest(token, kind, request.body);
      if (!result.ok)
        return reply
          .status(400)
          .headers(noStore)
          .type(html)
          .send(problemPage(locale, result.error, `/learn/${token}`));
      const { percent, passed, passMark } = result.value;
      const title = w('learn.resultTitle');
      const verdict =
        kind === 'pre'
          ? ''
          : `<p>${escape(w(passed ? 'learn.passed' : 'learn.notPassed', { mark: passMark }))}</p>`;
      return reply
        .headers(noStore)
        .type(html)
        .send(
          page(
            locale,
            title,
            `<h1>${escape(title)}</h1><p role="status">${escape(w('learn.result', { percent }))}</p>${verdict}<p><a href="/learn/${token}?lang=${locale}">${escape(w('learn.back'))}</a></p>`,
            `/learn/${token}`,
          ),
        );
    },
  );
}
