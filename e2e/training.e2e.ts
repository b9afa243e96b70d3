import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launch, newPage, readOutbox, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

interface CourseFile {
  items: { stem: Record<string, string>; options: Record<string, string>[]; answer: number; form: string }[];
}

/** A phone with no session of its own, as a participant's would be. */
async function phone(locale = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

describe('a trainer', () => {
  it('runs a session end to end: roster, QR check-in on a phone, post-test, certificate, revocation', async () => {
    const course = JSON.parse(
      await readFile('content/courses/cyber-hygiene-1.0.0.json', 'utf8'),
    ) as CourseFile;
    const answerOf = new Map(course.items.map((i) => [i.stem['en'], i.options[i.answer]?.['en']]));
    const trainer = await newPage(browser);
    await signIn(trainer, 'trainer@xa.demo.atalaya.test');
    await trainer.waitForURL(/\/o\/[0-9a-f-]{36}/);
    await trainer.getByRole('navigation').getByRole('link', { name: 'Training and certificates' }).click();
    await trainer.getByRole('heading', { name: 'Sessions', level: 2 }).waitFor();
    await expectAccessible(trainer);

    // Plan a session for officials.
    await trainer.getByLabel('Session title').fill('Polling-station staff, browser test');
    await trainer.getByLabel('Place').fill('Room 4');
    await trainer.getByRole('button', { name: 'Plan the session' }).click();
    await trainer.getByRole('heading', { level: 1, name: 'Polling-station staff, browser test' }).waitFor();

    // Two people on the roster, pasted as a list.
    await trainer
      .getByLabel(/Or paste a list/)
      .fill('Amina Diallo, amina.diallo@e2e.example.org\nBruno Costa, bruno.costa@e2e.example.org');
    await trainer.getByRole('button', { name: 'Add 2 people' }).click();
    await trainer.getByRole('row', { name: /Amina Diallo/ }).waitFor();
    await trainer.getByRole('row', { name: /Bruno Costa/ }).waitFor();
    await expectAccessible(trainer);

    // The check-in code on screen; the participant's phone opens what the QR code carries.
    await trainer.getByRole('button', { name: 'Show the check-in code' }).click();
    await trainer.getByRole('img', { name: 'QR code to check in to this session' }).waitFor();
    const url = await trainer.locator('.checkin-code a').textContent();
    expect(url).toMatch(/\/learn\/checkin\/[0-9a-f-]{36}\?code=/);
    await expectAccessible(trainer);

    const amina = await phone();
    await amina.goto(`${baseUrl()}${new URL(url ?? '').pathname}${new URL(url ?? '').search}`);
    await amina.getByLabel('E-mail address').fill('amina.diallo@e2e.example.org');
    await expectAccessible(amina);
    await amina.getByRole('button', { name: 'Check in' }).click();
    // She proves it is her with the code sent to her roster address.
    await amina.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await expectAccessible(amina);
    const mail = await readOutbox(browser, 'amina.diallo@e2e.example.org');
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    await amina.getByLabel('6-digit code').fill(code);
    await amina.getByRole('button', { name: 'Confirm' }).click();
    await amina.getByText('Your attendance is recorded.').waitFor();
    await expectAccessible(amina);
    await amina.getByRole('link', { name: 'Read the lessons again' }).click();
    await amina.getByRole('heading', { level: 3, name: 'Why election officials are targets' }).waitFor();
    await expectAccessible(amina);
    await amina.getByRole('link', { name: 'Back to my training' }).click();

    // The post-test waits for the pre-test (a wrong tap cannot close the pre-test for good); she does that first.
    const postItem = amina.getByRole('listitem').filter({ hasText: 'Test after the course' });
    await postItem.getByText('Opens once you have done the test before the course.').waitFor();
    expect(await postItem.getByRole('button').count()).toBe(0);
    await amina
      .getByRole('listitem')
      .filter({ hasText: 'Test before the course' })
      .getByRole('button', { name: 'Start' })
      .click();
    await amina.getByText(/^Answer by \d{1,2}:\d{2}( [AP]M)? (GMT|UTC)/).waitFor();
    for (const group of await amina.getByRole('group').all()) await group.getByRole('radio').first().check();
    await amina.getByRole('button', { name: 'Send my answers' }).click();
    await amina.getByRole('link', { name: 'Back to my training' }).click();

    // The post-test, answered right, on the phone.
    await amina
      .getByRole('listitem')
      .filter({ hasText: 'Test after the course' })
      .getByRole('button', { name: 'Start' })
      .click();
    const questions = amina.getByRole('group');
    await questions.first().waitFor();
    await expectAccessible(amina);
    for (const group of await questions.all()) {
      const legend = (await group.locator('legend').textContent()) ?? '';
      const stem = legend.replace(/^Question \d+ of \d+: /, '');
      await group.getByLabel(answerOf.get(stem) ?? 'missing', { exact: true }).check();
    }
    await amina.getByRole('button', { name: 'Send my answers' }).click();
    await amina.getByText('You answered 100 % of the questions correctly.').waitFor();
    await amina.getByRole('link', { name: 'Back to my training' }).click();
    await amina.getByText('Done: 100 % correct').waitFor();

    // The trainer's roster has caught up: Amina present by QR and complete; Bruno marked present by hand.
    const aminaRow = trainer.getByRole('row', { name: /Amina Diallo/ });
    await aminaRow.getByText('Complete').waitFor({ timeout: 15_000 });
    await expect(aminaRow.getByText('by QR').count()).resolves.toBe(1);
    await trainer.getByRole('checkbox', { name: 'Bruno Costa present' }).click({ force: true });
    await trainer
      .getByRole('row', { name: /Bruno Costa/ })
      .getByText('no post-test')
      .waitFor();

    // The session ran a day earlier than planned: the trainer corrects its date.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await trainer.getByLabel('Day it took place (or will)').fill(yesterday);
    await trainer.getByRole('button', { name: 'Correct the date' }).click();
    await trainer.getByText(/^The session’s date is now /).waitFor();

    // Bruno took the post-test on paper: his answers typed as letters off the sheet, the last one tapped.
    const key = course.items.filter((i) => i.form === 'B').map((i) => 'ABCD'[(i.answer + 1) % 4]);
    const paper = trainer.getByRole('region', { name: 'Enter a test taken on paper' });
    await paper.getByLabel('Person').selectOption({ label: 'Bruno Costa' });
    await paper.getByLabel(/^Answers typed in one go/).fill(key.slice(0, -1).join('').toLowerCase());
    await paper.getByText(`${key.length - 1} of ${key.length} questions answered.`).waitFor();
    await paper
      .getByRole('listitem')
      .last()
      .getByRole('radio', { name: new RegExp(`^${key.at(-1) ?? ''}\\. `) })
      .check({ force: true });
    await paper.getByText(`${key.length} of ${key.length} questions answered.`).waitFor();
    expect(await paper.getByLabel(/^Answers typed in one go/).inputValue()).toBe(key.join(''));
    await expectAccessible(trainer);
    await paper.getByRole('button', { name: 'Record the test' }).click();
    await paper.getByText('Saved for Bruno Costa: 0 %.').waitFor();

    // Certificates go only to the person who completed.
    await trainer
      .getByRole('button', { name: 'Issue the certificate to the 1 person who completed' })
      .click();
    await trainer.getByText('1 certificate issued.').waitFor();
    await aminaRow.getByRole('link', { name: 'Valid' }).waitFor();
    await expectAccessible(trainer);

    // It reaches her: an e-mail with the PDF attached and its verification address, and her page lists it.
    const certificateMail = await readOutbox(browser, 'amina.diallo@e2e.example.org');
    expect(certificateMail.text).toContain(
      'Your certificate: Cyber hygiene for election officials — participant',
    );
    expect(certificateMail.text).toMatch(/Attached: certificate-[0-9a-f]{8}\.pdf \(\d+ KB\)/);
    await amina.reload();
    await amina.getByRole('heading', { name: 'Your certificates' }).waitFor();
    await expectAccessible(amina);
    const own = await amina.getByRole('link', { name: 'Download (PDF)' }).getAttribute('href');
    const pdf = await amina.request.get(`${baseUrl()}${own ?? ''}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // The trainer prints the session's certificates at once.
    const all = await trainer
      .getByRole('link', { name: "This session's certificates (PDF, a page each)" })
      .getAttribute('href');
    const printed = await trainer.request.get(`${baseUrl()}${all ?? ''}`);
    expect((await printed.body()).toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);

    // Revoke it with a reason, from the certificates page.
    await trainer.getByRole('link', { name: 'All certificates' }).click();
    await trainer.getByLabel('Search by holder').fill('Amina');
    // Signing keys are the administrator's business, not on a trainer's page.
    expect(await trainer.getByRole('heading', { name: 'Signing key' }).count()).toBe(0);
    await trainer
      .getByRole('checkbox', { name: 'Select the certificate of Amina Diallo' })
      .check({ force: true });
    await trainer.getByLabel('Reason for revoking or suspending').fill('Test certificate, withdrawn');
    await expectAccessible(trainer);
    const verifyHref = await trainer
      .getByRole('link', { name: 'Verify the certificate of Amina Diallo' })
      .getAttribute('href');
    await trainer.getByRole('button', { name: 'Revoke 1 certificate' }).click();
    const dialog = trainer.getByRole('alertdialog', { name: 'Revoke this certificate?' });
    await dialog
      .getByText(/The certificate of Amina Diallo stops counting now.*“Test certificate, withdrawn”/)
      .waitFor();
    await expectAccessible(trainer);
    await dialog.getByRole('button', { name: 'Revoke 1 certificate' }).click();
    await trainer.getByText('1 certificate revoked.').waitFor();

    // A member of the public reads it revoked, with no script, in French.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const bare = await context.newPage();
    await bare.goto(`${baseUrl()}${new URL(verifyHref ?? '').pathname}`);
    await bare.getByText('Statut : Révoqué').waitFor();
    await context.close();
    await amina.context().close();
    await trainer.context().close();
    // A whole session on two phones and a desk: longer than one screen's test.
  }, 120_000);

  it('reads the cascade and the learner pages in Spanish and French', async () => {
    const analyst = await newPage(browser, { deviceLanguage: null });
    await signIn(analyst, 'analyst@xa.demo.atalaya.test');
    await analyst.waitForURL(/\/o\/[0-9a-f-]{36}/);
    const org = /\/o\/([0-9a-f-]{36})/.exec(analyst.url())?.[1] ?? '';
    await analyst.goto(`${baseUrl()}/o/${org}/training/cascade`);
    await analyst.getByRole('heading', { level: 1, name: 'Cascada de formadores' }).waitFor();
    await analyst.getByText('8 formadores certificados').waitFor();
    await expectAccessible(analyst);
    await analyst.goto(`${baseUrl()}/o/${org}/training/courses/cyber-hygiene/1.0.0`);
    await analyst
      .getByRole('heading', { level: 1, name: /Higiene cibernética para funcionarios electorales/ })
      .waitFor();
    await analyst.getByText('Phishing', { exact: true }).first().click();
    await analyst.getByText('Por qué los funcionarios electorales son un blanco').waitFor();
    await expectAccessible(analyst);
    await analyst.context().close();

    // A check-in code that was not on a screen reads as a clear problem in French.
    const page = await phone('fr-FR');
    await page.goto(`${baseUrl()}/learn/checkin/${crypto.randomUUID()}?code=123.abc`);
    await page
      .getByRole('heading', { name: 'Cela n’a pas fonctionné' })
      .or(page.getByRole('heading', { name: "Cela n'a pas fonctionné" }))
      .waitFor();
    await expectAccessible(page);
    // The page where anyone checks a certificate file, in French.
    await page.goto(`${baseUrl()}/verify?lang=fr`);
    await page.getByRole('heading', { level: 1, name: 'Vérifier un fichier de certificat' }).waitFor();
    await page.getByLabel('Ou choisissez le fichier').waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('on a phone in Spanish: writes to a session in French, pages the certificates, and is told plainly what is not theirs', async () => {
    const trainer = await newPage(browser, { phone: true, deviceLanguage: null });
    await signIn(trainer, 'trainer@xa.demo.atalaya.test');
    await trainer.waitForURL(/\/o\/[0-9a-f-]{36}/);
    const org = /\/o\/([0-9a-f-]{36})/.exec(trainer.url())?.[1] ?? '';
    // The dashboard’s training card counts the sessions and the people who attended them.
    const card = trainer
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: 'Formación y certificados' });
    await card.getByText(/^\d+ sesiones · \d+ personas asistieron/).waitFor();
    await card.getByRole('link', { name: 'Formación y certificados' }).click();
    await trainer.getByRole('link', { name: /^Repaso antes de las elecciones generales/ }).click();
    const details = trainer.getByRole('region', { name: 'Fecha e idioma' });
    await details.getByLabel('Idioma de la sesión').selectOption({ label: 'Français' });
    await details.getByRole('button', { name: 'Cambiar el idioma' }).click();
    await trainer
      .getByText('Los correos a los participantes de esta sesión se escriben ahora en: Français.')
      .waitFor();
    expect(await details.getByLabel('Idioma de la sesión').inputValue()).toBe('fr');
    await expectAccessible(trainer);

    // The demo's hundred-odd certificates arrive 50 at a time.
    await trainer.goto(`${baseUrl()}/o/${org}/training/certificates`);
    await trainer.getByText(/^50 de 1\d\d certificados$/).waitFor();
    await trainer.getByRole('button', { name: 'Mostrar más' }).click();
    await trainer.getByText(/^100 de 1\d\d certificados$/).waitFor();
    await trainer.getByLabel('Buscar por titular').fill('rosa');
    // Every Rosa fits on one page: the caption reads "n de n" once the search has been answered.
    await trainer.getByText(/^(\d+) de \1 certificados?$/).waitFor();
    expect(await trainer.getByRole('rowheader').filter({ hasNotText: /Rosa/ }).count()).toBe(0);

    // The members page is an administrator's: a trainer reads why, not a form with an error in it.
    await trainer.goto(`${baseUrl()}/o/${org}/members`);
    await trainer.getByRole('heading', { level: 1, name: 'No puede abrir esta página' }).waitFor();
    await trainer
      .getByText(/^Su rol en Consejo Nacional Electoral de Arvenia \(Formador\/a\) no abre esta página/)
      .waitFor();
    expect(await trainer.getByRole('button', { name: 'Enviar invitación' }).count()).toBe(0);
    await expectAccessible(trainer);
    // An organisation that is not theirs (or does not exist) reads the same way, and the picker does not
    // pretend they are in their own.
    await trainer.goto(`${baseUrl()}/o/${crypto.randomUUID()}/training`);
    await trainer.getByText('Esta organización no existe o usted no tiene acceso a ella.').waitFor();
    expect(await trainer.getByLabel('Organización').locator('option:checked').textContent()).toBe(
      'Una organización que no puede abrir',
    );
    await expectAccessible(trainer);
    await trainer.context().close();
  }, 120_000);
});
