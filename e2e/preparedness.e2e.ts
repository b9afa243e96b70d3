import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, expectAccessible, launch, newPage, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const t = (en: string, es: string, fr: string) => ({ en, es, fr });
const control = (id: string, essential: boolean, text: string) => ({
  id,
  csf: 'PR',
  phase: 'PRE',
  essential,
  weight: essential ? 3 : 1,
  effort: 'S',
  leadTimeDays: 14,
  fallback: [],
  fundable: false,
  text: t(text, `${text} (es)`, `${text} (fr)`),
});

/** A four-control pack, imported by the operator through the API as a deployment would. */
const SHORT_PACK = {
  format: 'atalaya.assessment-pack/1',
  id: 'short-check',
  version: '1.0.0',
  published: '2026-11-01',
  title: t('Short check', 'Control breve', 'Contrôle court'),
  description: t('Four controls.', 'Cuatro controles.', 'Quatre contrôles.'),
  provenance: t('Test content.', 'Contenido de prueba.', 'Contenu de test.'),
  scale: [0, 1, 2, 3, 4].map((score) => ({
    score,
    label: t(
      ['Not in place', 'Ad hoc', 'Defined', 'Implemented', 'Managed'][score] ?? '',
      `N${score}`,
      `N${score}`,
    ),
    meaning: t(`Level ${score}.`, `Nivel ${score}.`, `Niveau ${score}.`),
  })),
  tiers: { A: { essential: 2, other: 1 }, B: { essential: 3, other: 2 }, C: { essential: 3, other: 3 } },
  domains: [
    {
      id: 'ALPHA',
      weight: 1,
      title: t('Alpha domain', 'Ámbito alfa', 'Domaine alpha'),
      controls: [control('AL-01', true, 'Backups are tested'), control('AL-02', false, 'Kiosks are locked')],
    },
    {
      id: 'BETA',
      weight: 1,
      title: t('Beta domain', 'Ámbito beta', 'Domaine bêta'),
      controls: [
        control('BE-01', true, 'Admins use MFA'),
        control('BE-02', false, 'Phishing drills run twice a year'),
      ],
    },
  ],
};

async function importShortPack(): Promise<void> {
  const login = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.atalaya.test', password: 'atalaya-demo' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl()}/api/v1/assessment-packs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify(SHORT_PACK),
  });
  expect(res.status).toBe(201);
}

/** Answers one control by clicking a choice and waits until the card says it is saved. */
async function answer(page: Page, controlId: string, choice: string): Promise<void> {
  const card = page.getByRole('region', { name: new RegExp(`^${controlId}`) });
  await card.getByText(choice, { exact: true }).click();
  await card.getByText('✓ Saved').waitFor();
}

async function download(page: Page, link: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

describe('a security lead', () => {
  let page: Page;
  beforeAll(async () => {
    await importShortPack();
    page = await newPage(browser);
    await signIn(page, 'security@xc.demo.atalaya.test');
    await page.getByRole('heading', { level: 1, name: 'Corvia Independent Electoral Commission' }).waitFor();
  });

  it('completes a short assessment and finalises it', async () => {
    await page
      .getByRole('navigation', { name: 'Modules' })
      .getByRole('link', { name: 'Preparedness assessment' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Preparedness assessments' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Title').fill('Short check before polling day');
    await page.getByLabel('Framework').selectOption({ label: 'Short check 1.0.0' });
    await page.getByLabel('Target tier').selectOption('C');
    await page.getByLabel('Polling day it prepares for').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Short check before polling day' }).waitFor();
    await expectAccessible(page);

    await answer(page, 'AL-01', '4 · Managed');
    const first = page.getByRole('region', { name: /^AL-01/ });
    await first.getByLabel('Attach a file').setInputFiles({
      name: 'voter-roll-extract.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id;name\n1;Someone'),
    });
    await first.getByRole('link', { name: 'voter-roll-extract.csv' }).waitFor();
    await first.getByRole('button', { name: 'Remove: voter-roll-extract.csv' }).click();
    const removal = page.getByRole('alertdialog', { name: 'Remove “voter-roll-extract.csv”?' });
    const confirmRemoval = removal.getByRole('button', { name: 'Remove' });
    expect(await confirmRemoval.isDisabled()).toBe(true);
    await removal.getByLabel(/Why is it removed/).fill('Holds voter data');
    await expectAccessible(page);
    await confirmRemoval.click();
    await first.getByText('“voter-roll-extract.csv” was removed.').waitFor();
    expect(await first.getByRole('link', { name: 'voter-roll-extract.csv' }).count()).toBe(0);

    // N/A without its justification is kept as a visible unsaved choice, across a change of domain.
    const na = page.getByRole('region', { name: /^AL-02/ });
    await na.getByText('Not applicable', { exact: true }).click();
    await na.getByText(/Not saved yet: “Not applicable” needs a justification/).waitFor();
    await page.getByRole('button', { name: /^Beta domain/ }).click();
    await page.getByText('1 answer is not saved yet because it needs a justification: AL-02.').waitFor();
    await page.getByRole('button', { name: /^Alpha domain.*unsaved/ }).click();
    expect(await na.getByRole('radio', { name: 'Not applicable' }).isChecked()).toBe(true);
    await na.getByLabel('Justification').fill('The council has no kiosks.');
    await na.getByLabel('Justification').press('Tab');
    await na.getByText('✓ Saved').waitFor();
    expect(await page.getByText(/is not saved yet/).count()).toBe(0);
    await page.getByRole('button', { name: 'Next unanswered (BE-01)' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('control-BE-01');
    await answer(page, 'BE-01', '2 · Defined');
    await answer(page, 'BE-02', '0 · Not in place');
    await expect.poll(() => page.getByText('4 of 4 answered').count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Finalise' }).click();
    await page.getByText('This assessment is final and read-only.').waitFor();
  });

  it('reads the scores, exports the reports and sends the gaps to the roadmap', async () => {
    await page.getByRole('link', { name: 'Results' }).click();
    await page.getByRole('heading', { level: 1, name: /^Results/ }).waitFor();
    const domains = page.getByRole('table', { name: 'Scores by domain' });
    // Alpha: AL-01 at 4, AL-02 not applicable → 100. Beta: (3·2 + 1·0) / (4·4) → 37.5. Overall: 68.8.
    await expect
      .poll(() => domains.getByRole('row', { name: /Alpha domain/ }).textContent())
      .toContain('100');
    expect(await domains.getByRole('row', { name: /Beta domain/ }).textContent()).toContain('37.5');
    expect(await page.getByRole('listitem').filter({ hasText: 'Overall score' }).textContent()).toContain(
      '68.8',
    );
    await expectAccessible(page);

    const xlsx = await download(page, 'Workbook (XLSX)');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    const pdf = await download(page, 'PDF report');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('checkbox', { name: 'Choose BE-01' }).check({ force: true });
    await page.getByRole('checkbox', { name: 'Choose BE-02' }).check({ force: true });
    await page.getByRole('button', { name: 'Add 2 to the roadmap' }).click();
    await page.getByText('2 added to the roadmap; 0 were already there.').waitFor();
    // Each sent gap now says it is on the roadmap, and cannot be chosen again.
    await expect.poll(() => page.getByText('On the roadmap: Planned').count()).toBe(2);
    expect(await page.getByRole('checkbox', { name: 'Choose BE-01' }).isDisabled()).toBe(true);
    await expectAccessible(page);
  });

  it('moves an action to done on the roadmap board', async () => {
    await page.getByRole('link', { name: 'Open the roadmap' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recommendations roadmap' }).waitFor();
    await expectAccessible(page);
    const planned = page.getByRole('region', { name: /^Planned/ });
    await planned.getByRole('link', { name: /^BE-02/ }).waitFor();
    await planned.getByRole('button', { name: /^Move “BE-02.*” to Done$/ }).click();
    await page
      .getByRole('region', { name: /^Done/ })
      .getByRole('link', { name: /^BE-02/ })
      .waitFor();
    expect(await planned.getByRole('link', { name: /^BE-02/ }).count()).toBe(0);

    await page
      .getByRole('region', { name: /^Done/ })
      .getByRole('link', { name: /^BE-02/ })
      .click();
    await page.getByText('From the assessment, control BE-02').waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: /Back to the roadmap/ }).click();
    const report = await download(page, 'PDF report');
    expect(report.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('in Spanish and French', () => {
  it('shows an Arvenian analyst the assessments and results in Spanish', async () => {
    const page = await newPage(browser, { deviceLanguage: null });
    await signIn(page, 'analyst@xa.demo.atalaya.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Evaluación de preparación' }).click();
    await page.getByRole('heading', { level: 1, name: 'Evaluaciones de preparación' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: /^Resultados: Antes de las próximas/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Brechas priorizadas' }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('shows a Belmoran admin the roadmap in French', async () => {
    const page = await newPage(browser, { deviceLanguage: null });
    await signIn(page, 'admin@xb.demo.atalaya.test');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: 'Feuille de route des recommandations' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Feuille de route des recommandations' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('tab', { name: 'Liste' }).click();
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('a security lead with a mission report', () => {
  it('imports recommendations from a file, sees the bad row, and imports only the valid ones', async () => {
    const page = await newPage(browser);
    await signIn(page, 'security@xc.demo.atalaya.test');
    await page.getByRole('heading', { level: 1, name: 'Corvia Independent Electoral Commission' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Modules' })
      .getByRole('link', { name: 'Recommendations roadmap' })
      .click();
    await page.getByRole('link', { name: 'Missions and imports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Missions' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('EU election observation mission');
    await page.getByLabel('Kind of mission').selectOption({ label: 'EU election observation' });
    await page.getByRole('button', { name: 'Add the mission' }).click();
    const mission = page.getByRole('region', { name: 'EU election observation mission' });
    await mission.waitFor();
    await expectAccessible(page);
    const csv = [
      'title,area,priority,due_on',
      'Publish results by polling station,Results management,P1,01/06/2027',
      'Review the complaints procedure,Complaints and appeals,P7,2027-06-01',
      'Train staff on disinformation response,media,P2,',
    ].join('\n');
    await mission
      .getByLabel('File to check')
      .setInputFiles({ name: 'eom.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await mission.getByText('2 rows are valid; rows with errors: 1.', { exact: false }).waitFor();
    expect(await mission.getByRole('row', { name: /^3 Priority/ }).textContent()).toContain(
      'Use one of: P1; P2; P3.',
    );
    await expectAccessible(page);
    await mission.getByRole('button', { name: 'Import only the 2 valid rows' }).click();
    await mission.getByText('2 recommendations imported.').waitFor();
    await mission.getByText('2 recommendations, 0 done').waitFor();
    await page.context().close();
  });
});

describe('two colleagues answering at once', () => {
  it('keeps the first save of a control and tells the second person, who can load it', async () => {
    const lead = await newPage(browser);
    const analyst = await newPage(browser);
    await signIn(lead, 'security@xc.demo.atalaya.test');
    // (analyst@xc has an authenticator app since the platform tests; the administrator answers here.)
    await signIn(analyst, 'admin@xc.demo.atalaya.test');
    for (const page of [lead, analyst]) {
      await page
        .getByRole('heading', { level: 1, name: 'Corvia Independent Electoral Commission' })
        .waitFor();
      await page
        .getByRole('navigation', { name: 'Modules' })
        .getByRole('link', { name: 'Preparedness assessment' })
        .click();
      await page.getByRole('link', { name: 'Answer: Before the coming general election' }).click();
      await page.getByRole('heading', { level: 1, name: 'Before the coming general election' }).waitFor();
    }
    // Both opened GOV-03 at the same version; the lead saves first.
    await answer(lead, 'GOV-03', '2 · Defined');
    const card = analyst.getByRole('region', { name: /^GOV-03/ });
    await card.getByText('4 · Managed and improving', { exact: true }).click();
    await card.getByRole('alert').filter({ hasText: 'Someone else saved this control meanwhile.' }).waitFor();
    await expectAccessible(analyst);
    await card.getByRole('button', { name: 'Show their answer' }).click();
    await expect
      .poll(() =>
        analyst
          .getByRole('region', { name: /^GOV-03/ })
          .getByRole('radio', { name: '2 · Defined' })
          .isChecked(),
      )
      .toBe(true);
    // A different control saves without any conflict.
    await answer(analyst, 'GOV-06', '3 · Implemented');
    await lead.context().close();
    await analyst.context().close();
  });
});

describe('a member of the public', () => {
  async function certificates(): Promise<{ id: string; status: string; verificationUrl: string }[]> {
    const { execFile } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['bin/atalaya.js', 'certificates', 'list', '--json'],
        { env: { ...process.env, ATALAYA_DATA_DIR: inject('dataDir'), DATABASE_URL: '', LOG_LEVEL: 'warn' } },
        (error, stdout) => (error ? reject(new Error(error.message)) : resolve(stdout)),
      );
    });
    return JSON.parse(out) as { id: string; status: string; verificationUrl: string }[];
  }

  it('verifies a certificate on a page that needs no script, and sees a revoked one read revoked', async () => {
    const list = await certificates();
    // The demo programme: certificates for 8 trainers and the officials who completed, one revoked.
    expect(list.length).toBeGreaterThan(100);
    const valid = list.find((c) => c.status === 'valid');
    const revoked = list.find((c) => c.status === 'revoked');
    if (!valid || !revoked) throw new Error('demo certificates missing');
    // With scripting off, as on a locked-down phone: the page says everything.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-ES' });
    const bare = await context.newPage();
    await bare.goto(`${baseUrl()}/verify/${valid.id}`);
    await bare.getByRole('heading', { level: 1, name: 'Verificación de certificado' }).waitFor();
    await bare.getByText('Estado: Válido').waitFor();
    await bare.getByText(/La firma es válida: Consejo Nacional Electoral de Arvenia/).waitFor();
    expect(await bare.locator('script').count()).toBe(0);
    await bare.getByRole('link', { name: 'Français' }).click();
    await bare.getByText('Statut : Valide').waitFor();
    await bare.goto(`${baseUrl()}/verify/${revoked.id}?lang=en`);
    await bare.getByText('Status: Revoked').waitFor();
    await context.close();
    // axe itself needs scripting, so it checks the same pages in an ordinary browser.
    const page = await newPage(browser);
    for (const path of [
      `/verify/${valid.id}?lang=es`,
      `/verify/${revoked.id}?lang=fr`,
      `/verify/${crypto.randomUUID()}`,
    ]) {
      await page.goto(`${baseUrl()}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectAccessible(page);
    }
    await page.context().close();
    const json = (await (await fetch(`${baseUrl()}/verify/${valid.id}.json`)).json()) as unknown;
    expect(json).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'] });
  });
});
