import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launch, newPage, PHONE, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

/** Every page the menu links to, read from the menu itself, so new pages join this test without a list. */
async function menuPages(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: /^(Menu|Menú)$/ }).click();
  const nav = page.getByRole('navigation');
  await nav.first().waitFor();
  const hrefs = await nav
    .locator('a[href]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  await page.getByRole('button', { name: /^(Close menu|Cerrar menú)$/ }).click();
  return [...new Set(hrefs.filter((h) => h.startsWith('/')))];
}

/**
 * A page fits the phone: nothing wider than the screen, the heading on the first screen, every control in the
 * page (up to 25) takes a tap without another element over it, and axe passes.
 */
async function expectFitsPhone(page: Page, path: string): Promise<void> {
  const heading = page.getByRole('heading', { level: 1 }).first();
  await heading.waitFor();
  await page.waitForLoadState('networkidle');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
  const box = await heading.boundingBox();
  expect(box && box.y + box.height, `${path}: heading below the first screen`).toBeLessThanOrEqual(
    PHONE.height,
  );
  const controls = page.locator('main').getByRole('button').or(page.locator('main').getByRole('link'));
  for (const control of (await controls.all()).slice(0, 25)) {
    if (!(await control.isVisible()) || !(await control.isEnabled())) continue;
    // A trial tap checks that the control itself would receive it (nothing overlaps it) without acting.
    await control.click({ trial: true, timeout: 3000 });
  }
  // Buttons and navigation links are at least 44 px tall (links inside sentences are not targets of their own).
  const targets = page.locator('main button:visible, nav a:visible, header button:visible');
  const small = await targets.evaluateAll((els) =>
    els
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 30) ?? ''}"`),
  );
  expect(small, `${path}: touch targets under 44 px`).toEqual([]);
  await expectAccessible(page);
}

/** Signs in on a phone and checks every page of the menu, and the first detail page each list links to. */
async function walk(email: string, details: RegExp): Promise<string[]> {
  const page = await newPage(browser, { phone: true });
  await signIn(page, email);
  await page.waitForURL(/\/(o\/[0-9a-f-]{36}|operator)/);
  const visited: string[] = [];
  for (const path of await menuPages(page)) {
    await page.goto(`${baseUrl()}${path}`);
    await expectFitsPhone(page, path);
    visited.push(path);
    const detail = page.locator('main a[href]');
    const hrefs = await detail.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const first = hrefs.find((h) => details.test(h) && !visited.includes(h));
    if (first) {
      await page.goto(`${baseUrl()}${first}`);
      await expectFitsPhone(page, first);
      visited.push(first);
    }
  }
  return visited;
}

describe('every signed-in page on a 390 px phone', () => {
  it('fits an administrator’s pages and the first item of each list', async () => {
    const visited = await walk(
      'admin@xa.demo.atalaya.test',
      /\/(training\/sessions|roadmap\/items|assessments|roadmap\/missions|n|webwatch)\/[0-9a-f-]{36}/,
    );
    expect(visited.length).toBeGreaterThan(10);
    // Some twenty pages, each checked for width, taps and axe: longer than one flow.
  }, 150_000);

  it('fits the regional network’s pages and the first of each of its lists, in Spanish', async () => {
    const page = await newPage(browser, { phone: true, deviceLanguage: null });
    await signIn(page, 'security@xa.demo.atalaya.test');
    await page.waitForURL(/\/o\/[0-9a-f-]{36}/);
    const orgId = /\/o\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    const networks = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/orgs/${id}/networks`)).json()) as { id: string }[],
      orgId,
    );
    const n = `/n/${networks[0]?.id ?? ''}`;
    for (const [path, details] of [
      [n, /\/incidents\/incident--/],
      [`${n}/advisories`, /\/advisories\/report--/],
      [`${n}/playbooks`, /\/playbooks\/course-of-action--/],
      [`${n}/playbooks/new`, /^$/],
    ] as const) {
      await page.goto(`${baseUrl()}${path}`);
      await expectFitsPhone(page, path);
      const hrefs = await page
        .locator('main a[href]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      const first = hrefs.find((h) => details.test(h));
      if (!first) continue;
      await page.goto(`${baseUrl()}${first}`);
      await expectFitsPhone(page, first);
    }
  });

  it('fits the operator’s pages', async () => {
    const visited = await walk('admin@demo.atalaya.test', /^$/);
    expect(visited.some((p) => p.startsWith('/operator/'))).toBe(true);
  });

  it('folds the menu behind one button that a keyboard opens and closes', async () => {
    const page = await newPage(browser, { phone: true });
    await signIn(page, 'trainer@xa.demo.atalaya.test');
    await page.waitForURL(/\/o\/[0-9a-f-]{36}/);
    const nav = page.getByRole('navigation', { name: 'Modules' });
    await expect.poll(() => nav.isVisible()).toBe(false);
    const button = page.getByRole('button', { name: 'Menu' });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => nav.isVisible()).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Training and certificates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Training and certificates' }).waitFor();
    await expect.poll(() => nav.isVisible()).toBe(false);
  });
});
