import type { Problem } from '../../platform/errors.js';
import { isMessageKey, translate, type MessageKey, type SupportedLocale } from '../../platform/i18n/index.js';
import { renderMarkdown } from '../../platform/markdown.js';
import type { Course, Item, TestKind } from './course.js';
import type { LearnerView } from './training.service.js';
import { escape, page } from '../../platform/pages.js';
import { timeIn } from '../../platform/regional.js';
import { Achievement } from './achievements.js';

/** The learners' pages: check-in, their personal page, a test, its result, the lessons, and problems. */

type W = (key: MessageKey, params?: Record<string, string | number>) => string;

export function problemPage(locale: SupportedLocale, problem: Problem, path: string): string {
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

export function learnerPage(locale: SupportedLocale, view: LearnerView, token: string): string {
  const w: W = (key, params) => translate(locale, key, params);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const tests = view.tests
    .map((t) => {
      const state =
        t.state === 'submitted'
          ? w('learn.state.submitted', { percent: t.percent ?? 0 })
          : t.state === 'in_progress'
            ? w('learn.state.in_progress', {
                time: t.deadline ? timeIn(t.deadline, locale, view.timeZone) : '',
              })
            : t.opensOn
              ? w('learn.state.opensOn', { date: date.format(new Date(`${t.opensOn}T00:00:00Z`)) })
              : w(`learn.state.${t.state}`);
      const action =
        t.state === 'open' || t.state === 'in_progress'
          ? `<form method="post" action="/learn/${token}/tests/${t.kind}?lang=${locale}"><button type="submit">${escape(w(t.state === 'open' ? 'learn.start' : 'learn.resume'))}</button></form>`
          : '';
      // Opened by the trainer before this person's pre-test: say what starting it costs.
      const preOpen = view.tests.some((x) => x.kind === 'pre' && x.state === 'open');
      const warning =
        t.kind === 'post' && t.state === 'open' && preOpen
          ? `<p class="warning">${escape(w('learn.postClosesPre'))}</p>`
          : '';
      return `<li><h2>${escape(w(`learn.test.${t.kind}`))}</h2><p>${escape(state)}</p>${warning}${action}</li>`;
    })
    .join('');
  const title = w('learn.title');
  const stamp = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: view.timeZone });
  const certificates = view.certificates
    .map((c) => {
      const state =
        c.status !== 'valid'
          ? w(`verify.status.${c.status}`)
          : c.validUntil
            ? w('learn.certificateValidUntil', { date: stamp.format(c.validUntil) })
            : '';
      const achievement = Achievement.safeParse(c.achievement);
      const name = achievement.success ? w(`verify.achievement.${achievement.data}`) : c.achievement;
      return `<li><h3>${escape(name)}</h3>${state ? `<p>${escape(state)}</p>` : ''}
<p><a href="/learn/${token}/certificates/${c.id}/pdf?lang=${locale}">${escape(w('learn.certificateDownload'))}</a> · <a href="${escape(c.verifyUrl)}">${escape(w('learn.certificateVerify'))}</a></p></li>`;
    })
    .join('');
  return page(
    locale,
    title,
    `<h1>${escape(title)}</h1>
<p>${escape(w('learn.hello', { name: view.personName, session: view.sessionTitle, date: date.format(new Date(`${view.startsOn}T00:00:00Z`)) }))}</p>
<p><strong>${escape(view.courseTitle[locale])}</strong></p>
<p>${escape(w(view.attended ? 'learn.attended' : 'learn.notAttended'))}</p>
<ul class="tests">${tests}</ul>
${certificates ? `<h2>${escape(w('learn.certificates'))}</h2><ul class="tests">${certificates}</ul>` : ''}
<p><a href="/learn/${token}/lessons?lang=${locale}">${escape(w('learn.readLessons'))}</a></p>
<p class="muted">${escape(w('learn.keepLink'))}</p>`,
    `/learn/${token}`,
  );
}

export function testPage(
  locale: SupportedLocale,
  q: { token: string; kind: TestKind; items: readonly Item[]; deadline: Date; timeZone: string },
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
<p>${escape(w('learn.deadline', { time: timeIn(q.deadline, locale, q.timeZone) }))}</p>
<form method="post" action="/learn/${q.token}/tests/${q.kind}/answers?lang=${locale}">${questions}<button type="submit">${escape(w('learn.submit'))}</button></form>`,
    `/learn/${q.token}`,
  );
}

/** The check-in form a fresh QR code opens: a one-time ticket and the e-mail on the roster. */
export function checkinPage(
  locale: SupportedLocale,
  q: { path: string; code: string; session: string; ticket: string },
): string {
  const w: W = (key, params) => translate(locale, key, params);
  const title = w('learn.checkinTitle');
  const body = `<h1>${escape(title)}</h1>
<p>${escape(w('learn.checkinIntro', { session: q.session }))}</p>
<form method="post" action="${q.path}?lang=${locale}">
<input type="hidden" name="ticket" value="${escape(q.ticket)}">
<p><label for="email">${escape(w('learn.email'))}</label><br><input id="email" name="email" type="email" autocomplete="email" required maxlength="320"></p>
<p><button type="submit">${escape(w('learn.checkinButton'))}</button></p>
</form>`;
  return page(locale, title, body, `${q.path}?code=${encodeURIComponent(q.code)}`);
}

/**
 * The second check-in step: the 6-digit code sent to the person's roster e-mail. `problem` is a wrong code
 * shown above the form, which stays for the next try.
 */
export function checkinCodePage(
  locale: SupportedLocale,
  q: { path: string; challenge: string; email: string; problem?: Problem | undefined },
): string {
  const w: W = (key, params) => translate(locale, key, params);
  const title = w('learn.codeTitle');
  const key = q.problem && `error.${q.problem.id}`;
  const alert =
    key && isMessageKey(key)
      ? `<p class="problem" role="alert">${escape(w(key, q.problem?.params))}</p>`
      : '';
  const body = `<h1>${escape(title)}</h1>
${alert}<p>${escape(w('learn.codeIntro', { email: q.email }))}</p>
<form method="post" action="${q.path}/confirm?lang=${locale}">
<input type="hidden" name="challenge" value="${escape(q.challenge)}">
<input type="hidden" name="to" value="${escape(q.email)}">
<p><label for="code">${escape(w('learn.code'))}</label><br><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required maxlength="7"></p>
<p><button type="submit">${escape(w('learn.codeButton'))}</button></p>
</form>
<p class="muted">${escape(w('learn.noEmail'))}</p>`;
  return page(locale, title, body, q.path);
}

/** The course's objectives and lessons, to read again. */
export function lessonsPage(
  locale: SupportedLocale,
  q: { token: string; course: Pick<Course, 'title' | 'objectives' | 'topics'> },
): string {
  const w: W = (key, params) => translate(locale, key, params);
  const c = q.course;
  const toc = c.topics
    .map((t) => `<li><a href="#${escape(t.id)}">${escape(t.title[locale])}</a></li>`)
    .join('');
  // Lesson HTML comes from markdown-it with raw HTML off: safe to place as it is.
  const body = `<h1>${escape(c.title[locale])}</h1>
<h2>${escape(w('learn.objectives'))}</h2><ul>${c.objectives.map((o) => `<li>${escape(o[locale])}</li>`).join('')}</ul>
<nav aria-label="${escape(w('learn.lessons'))}"><ol>${toc}</ol></nav>
${c.topics.map((t) => `<section id="${escape(t.id)}"><h2>${escape(t.title[locale])}</h2>${renderMarkdown(t.lesson[locale], { headingOffset: 1 })}</section>`).join('')}
<p><a href="/learn/${q.token}?lang=${locale}">${escape(w('learn.back'))}</a></p>`;
  return page(locale, c.title[locale], body, `/learn/${q.token}/lessons`);
}

/** The score of a test just sent, and — after the course — whether it meets the pass mark. */
export function resultPage(
  locale: SupportedLocale,
  q: { token: string; kind: TestKind; percent: number; passed: boolean; passMark: number },
): string {
  const w: W = (key, params) => translate(locale, key, params);
  const title = w('learn.resultTitle');
  const verdict =
    q.kind === 'pre'
      ? ''
      : `<p>${escape(w(q.passed ? 'learn.passed' : 'learn.notPassed', { mark: q.passMark }))}</p>`;
  return page(
    locale,
    title,
    `<h1>${escape(title)}</h1><p role="status">${escape(w('learn.result', { percent: q.percent }))}</p>${verdict}<p><a href="/learn/${q.token}?lang=${locale}">${escape(w('learn.back'))}</a></p>`,
    `/learn/${q.token}`,
  );
}
