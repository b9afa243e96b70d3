import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launch, newPage, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

describe('website monitoring', () => {
  it('adds a council site, scans it, explains what to fix and puts a finding on the roadmap (in Spanish)', async () => {
    // Arvenia's security lead works in Spanish, the language of their profile.
    const page = await newPage(browser, { deviceLanguage: null });
    await signIn(page, 'security@xa.demo.atalaya.test');
    await page.waitForURL(/\/o\/[0-9a-f-]{36}/);
    await page.getByRole('navigation').getByRole('link', { name: 'Vigilancia de sitios web' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vigilancia de sitios web' }).waitFor();
    // The demo's history is there, and says it was recorded rather than fetched.
    const table = page.getByRole('table', { name: 'Sitios web y su último análisis' });
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(3);
    expect(await table.getByText('Grabado').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.getByLabel('Dirección (URL)').fill(inject('siteUrl'));
    await page.getByLabel('Nombre').fill('Sitio de prueba del consejo');
    await page.getByLabel('Criticidad').selectOption('critical');
    await page.getByRole('button', { name: 'Agregar sitio' }).click();
    await table.getByRole('link', { name: 'Sitio de prueba del consejo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sitio de prueba del consejo' }).waitFor();
    await page.getByText('Este sitio todavía no se ha analizado').waitFor();

    await page.getByRole('button', { name: 'Analizar ahora' }).click();
    await page.getByRole('heading', { level: 2, name: 'Qué corregir' }).waitFor({ timeout: 60_000 });
    // The fixture sends no policy and loads a third-party script without integrity: both are explained.
    const csp = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: /Sin política de seguridad de contenidos/ }),
    });
    await expect.poll(() => csp.count()).toBe(1);
    expect(await csp.textContent()).toContain('Cómo corregirlo:');
    await page.getByRole('heading', { name: /Se cargan scripts de terceros sin huella/ }).waitFor();
    await page
      .getByRole('table')
      .filter({ hasText: 'content-security-policy' })
      .getByText('csp-not-implemented')
      .waitFor();
    await expectAccessible(page);

    await csp.getByRole('button', { name: /Enviar .* a la hoja de ruta/ }).click();
    await csp.getByText('En la hoja de ruta.').waitFor();
    await csp.getByRole('link', { name: 'Abrir la acción' }).click();
    await page
      .getByRole('heading', {
        level: 1,
        name: /Sin política de seguridad de contenidos — Sitio de prueba del consejo/,
      })
      .waitFor();
    await page.context().close();
  });

  it('shows a council its history in French: the grade week by week, each scan marked as recorded', async () => {
    const page = await newPage(browser, { deviceLanguage: null });
    await signIn(page, 'security@xb.demo.atalaya.test');
    await page.waitForURL(/\/o\/[0-9a-f-]{36}/);
    await page.getByRole('navigation').getByRole('link', { name: 'Surveillance des sites web' }).click();
    await page.getByRole('link', { name: 'Vote de la diaspora' }).click();
    const history = page.getByRole('region', { name: 'Historique' });
    await history.waitFor();
    // Six weekly scans; the site gained HSTS in the third week, so its oldest grade is lower than its latest.
    expect(await history.getByRole('row').count()).toBe(7);
    const grades = await history.locator('.grade').allTextContents();
    expect(grades[0]).not.toBe(grades.at(-1));
    // Against the week before, the headers did not move but the certificate crossed the 21-day line; against
    // the first week, HSTS and the rest came in.
    const compare = page.getByRole('region', { name: 'Comparer deux analyses' });
    await compare.getByRole('heading', { name: 'Nouveau depuis' }).waitFor();
    await compare.getByRole('listitem').filter({ hasText: 'Le certificat expire bientôt' }).waitFor();
    expect(await compare.getByRole('table').count()).toBe(0);
    const oldest = await compare.getByLabel('Avant').locator('option').last().getAttribute('value');
    await compare.getByLabel('Avant').selectOption(oldest ?? '');
    const moved = compare.getByRole('table', { name: 'Tests dont le résultat a changé' });
    await moved
      .getByRole('row')
      .filter({ hasText: 'strict-transport-security' })
      .getByText(/Mieux/)
      .waitFor();
    await compare.getByRole('heading', { name: 'Corrigé depuis' }).waitFor();
    await expectAccessible(page);
    await history.getByRole('link').last().click();
    await page.getByRole('heading', { level: 1, name: /^Analyse du / }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'À corriger' }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});
