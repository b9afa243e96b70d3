import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/** Debian's Chromium, as root-safe and offline as this workplace needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The phone the layout is checked on (a common Android size; iPhones are 390 × 844 too). */
export const PHONE = { width: 390, height: 844 } as const;

/** The base URL of the server under test. */
export function baseUrl(): string {
  return inject('baseUrl');
}

/** A fresh page (own cookies) that fails the test on any uncaught page error or CSP violation. */
export async function newPage(
  browser: Browser,
  opts: { deviceLanguage?: 'en' | null; phone?: boolean } = {},
): Promise<Page> {
  const locale = 'en-GB';
  const context = await browser.newContext({
    locale,
    ...(opts.phone
      ? { viewport: PHONE, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 900 } }),
  });
  // These tests read English unless they switch: choose it on this "device", over the profile's language.
  if (opts.deviceLanguage !== null) {
    await context.addInitScript(() => {
      if (!localStorage.getItem('atalaya.lang')) localStorage.setItem('atalaya.lang', 'en');
    });
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text()))
      throw new Error(message.text());
  });
  return page;
}

/** Runs axe with the WCAG 2.2 AA rule set and fails on any violation, naming each. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')})`,
  );
  expect(summary, `axe on ${page.url()}`).toEqual([]);
}

/** Signs in through the form. */
export async function signIn(page: Page, email: string, password = 'atalaya-demo'): Promise<void> {
  await page.goto(`${baseUrl()}/signin`);
  await page.getByLabel(/E-mail|Correo|Adresse/).fill(email);
  await page.getByLabel(/^(Password|Contraseña|Mot de passe)$/).fill(password);
  await page.getByRole('button', { name: /Sign in|Iniciar sesión|Se connecter/ }).click();
}

/**
 * Opens the newest outbox message to `to` as the operator (the demo has no SMTP, so mail waits there) and
 * returns its text and first link.
 */
export async function readOutbox(
  browser: Browser,
  to: string,
): Promise<{ text: string; href: string | null }> {
  const page = await newPage(browser);
  await signIn(page, 'admin@demo.atalaya.test');
  await page.waitForURL(/operator/);
  await page.goto(`${baseUrl()}/operator/outbox`);
  const message = page.getByRole('article').filter({ hasText: to }).first();
  await message.waitFor();
  await expectAccessible(page);
  const text = (await message.textContent()) ?? '';
  const href =
    (await message.getByRole('link').count()) > 0
      ? await message.getByRole('link').first().getAttribute('href')
      : null;
  await page.context().close();
  return { text, href };
}
