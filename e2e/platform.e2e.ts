import { get } from 'node:http';
import { generate } from 'otplib';
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

/** The first link in the newest outbox message to `to`. */
async function linkFromOutbox(to: string): Promise<string> {
  const { href } = await readOutbox(browser, to);
  if (!href) throw new Error(`no link in the mail to ${to}`);
  return href;
}

describe('a client that is not a browser (curl, an uptime monitor)', () => {
  it('gets the app page at the root and at a page path without accepting any compressed encoding', async () => {
    for (const path of ['/', '/training']) {
      // node:http sends only the headers given: no Accept-Encoding at all, as curl does by default.
      const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        get(`${baseUrl()}${path}`, (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (chunk: string) => (body += chunk));
          r.on('end', () =>
            resolve({ status: r.statusCode ?? 0, type: r.headers['content-type'] ?? '', body }),
          );
        }).on('error', reject);
      });
      expect(res.status, path).toBe(200);
      expect(res.type).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
    }
  });
});

describe('replies that are not what this page expects', () => {
  it('asks for a reload when the server was updated under an open page, and names a captive portal', async () => {
    const page = await newPage(browser);
    await page.goto(`${baseUrl()}/`);
    await page.getByRole('heading', { name: 'Sign in to Atalaya' }).waitFor();
    await signIn(page, 'viewer@xc.demo.atalaya.test');
    await page.getByRole('navigation', { name: 'Modules' }).waitFor();

    // The server now answers with another API version than the one this page was built against.
    await page.route('**/api/v1/me', async (route) => {
      const reply = await route.fetch();
      await route.fulfill({
        response: reply,
        headers: { ...reply.headers(), 'atalaya-api-digest': 'f'.repeat(16) },
      });
    });
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'Atalaya has been updated' }).waitFor();
    await page.getByRole('heading', { name: 'This page could not be opened' }).waitFor();
    await expectAccessible(page);

    // A public network's sign-in page answers in the server's place: it is not read as a reply.
    await page.unroute('**/api/v1/me');
    await page.route('**/api/v1/me', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<html><body>Welcome to Hotel Wi-Fi</body></html>',
      }),
    );
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'did not come from Atalaya' }).waitFor();

    // Once the network lets it through, reloading opens the page again.
    await page.unroute('**/api/v1/me');
    await page.getByRole('button', { name: 'Reload the page' }).first().click();
    await page.getByRole('navigation', { name: 'Modules' }).waitFor();
    await page.context().close();
  });
});

describe('an EMB administrator', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(browser);
  });

  it('signs in and lands on the dashboard with days to the next polling day', async () => {
    await page.goto(`${baseUrl()}/`);
    await page.getByRole('heading', { name: 'Sign in to Atalaya' }).waitFor();
    await expectAccessible(page);
    await signIn(page, 'admin@xa.demo.atalaya.test');
    await page.getByRole('heading', { name: 'Consejo Nacional Electoral de Arvenia' }).waitFor();
    await expect.poll(() => page.getByText(/\d+ days to go/).count()).toBe(1);
    await expectAccessible(page);
  });

  it('visits every module page, each accessible', async () => {
    const nav = page.getByRole('navigation', { name: 'Modules' });
    for (const [link, heading] of [
      ['Election calendar', 'Election calendar'],
      ['Preparedness assessment', 'Preparedness assessments'],
      ['Recommendations roadmap', 'Recommendations roadmap'],
      ['Training and certificates', 'Training and certificates'],
      ['Members', 'Members'],
      ['Access grants', 'Access grants'],
      ['Audit trail', 'Audit trail'],
      ['Profile and security', 'Profile and security'],
    ] as const) {
      await nav.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await expectAccessible(page);
    }
  });

  it('switches language to Spanish and French', async () => {
    await page.getByLabel('Language').selectOption({ label: 'Español' });
    await page.getByRole('heading', { level: 1, name: 'Perfil y seguridad' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await expectAccessible(page);
    await page.getByLabel('Idioma').selectOption({ label: 'Français' });
    await page.getByRole('heading', { level: 1, name: 'Profil et sécurité' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Tableau de bord' }).click();
    await page.getByText(/Encore \d+ jours/).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Langue').selectOption({ label: 'English' });
  });

  it('adds an election to the calendar, refuses a second of the same name, and moves its polling day', async () => {
    await page
      .getByRole('navigation', { name: 'Modules' })
      .getByRole('link', { name: 'Election calendar' })
      .click();
    const form = page.getByRole('region', { name: 'Add an election' });
    await form.getByLabel('Name of the election').fill('Constitutional referendum');
    await form.getByLabel('Kind', { exact: true }).selectOption({ label: 'Referendum' });
    await form.getByLabel('Polling day', { exact: true }).fill('2028-05-14');
    await form.getByLabel('Campaign — Starts').fill('2028-04-01');
    await form.getByLabel('Campaign — Ends').fill('2028-05-11');
    await form.getByRole('button', { name: 'Save election' }).click();
    const panel = page.getByRole('region', { name: 'Constitutional referendum' });
    await panel.waitFor();
    // Election day is the polling day itself: listed, never typed twice.
    await panel.getByRole('row', { name: /^Election day May 14, 2028 May 14, 2028$/ }).waitFor();
    // Every field clears, so nothing invites the same election twice.
    expect(await form.getByLabel('Campaign — Starts').inputValue()).toBe('');
    expect(await form.getByLabel('Kind', { exact: true }).inputValue()).toBe('general');
    await form.getByLabel('Name of the election').fill('constitutional Referendum');
    await form.getByLabel('Polling day', { exact: true }).fill('2028-06-14');
    await form.getByRole('button', { name: 'Save election' }).click();
    await form
      .getByText('The calendar already has an election called “Constitutional referendum”.', { exact: false })
      .waitFor();
    // A postponed polling day is an edit, not a delete and re-add.
    await panel.getByRole('button', { name: 'Edit: Constitutional referendum' }).click();
    await panel.getByLabel('Polling day', { exact: true }).fill('2028-05-21');
    await panel.getByRole('button', { name: 'Save the changes' }).click();
    await panel.getByText('May 21, 2028').first().waitFor();
    expect(await panel.getByLabel('Polling day', { exact: true }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('invites a new colleague, who accepts from the e-mail and signs in', async () => {
    await page.getByRole('navigation', { name: 'Modules' }).getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('E-mail').fill('new.officer@xa.example.org');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent.').waitFor();
    await page.getByText('new.officer@xa.example.org').waitFor();

    const link = await linkFromOutbox('new.officer@xa.example.org');
    const invitee = await newPage(browser);
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'Join your organisation on Atalaya' }).waitFor();
    await expectAccessible(invitee);
    await invitee.getByLabel('Name').fill('Nueva Funcionaria');
    await invitee.getByLabel('New password').fill('a very long new password');
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.getByRole('heading', { level: 1, name: 'Profile and security' }).waitFor();
    await invitee.goto(`${baseUrl()}/`);
    await invitee.getByRole('heading', { name: 'Consejo Nacional Electoral de Arvenia' }).waitFor();
    await invitee.context().close();
  });
});

describe('an administrator who slips, in Spanish', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage(browser);
    await signIn(page, 'admin@xa.demo.atalaya.test');
    await page.getByRole('heading', { name: 'Consejo Nacional Electoral de Arvenia' }).waitFor();
    await page.getByLabel('Language').selectOption({ label: 'Español' });
  });

  it('confirms before deleting an election, and a cancel changes nothing', async () => {
    await page
      .getByRole('navigation', { name: 'Módulos' })
      .getByRole('link', { name: 'Calendario electoral' })
      .click();
    await page.getByLabel('Nombre de la elección').fill('Elección municipal parcial');
    await page.getByLabel('Jornada electoral', { exact: true }).fill('2028-09-03');
    await page.getByRole('button', { name: 'Guardar la elección' }).click();
    const heading = page.getByRole('heading', { level: 2, name: 'Elección municipal parcial' });
    await heading.waitFor();
    const remove = page.getByRole('button', { name: 'Eliminar: Elección municipal parcial' });
    await remove.click();
    const dialog = page.getByRole('alertdialog', { name: '¿Eliminar «Elección municipal parcial»?' });
    await dialog.getByText(/pierden sus fechas/).waitFor();
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await heading.count()).toBe(1);
    await remove.click();
    await dialog.getByRole('button', { name: 'Eliminar' }).click();
    await page.getByText('Se eliminó «Elección municipal parcial» del calendario.').waitFor();
    expect(await heading.count()).toBe(0);
  });

  it('confirms a role change, says what changed, and a cancel leaves the role as it was', async () => {
    await page.getByRole('navigation', { name: 'Módulos' }).getByRole('link', { name: 'Miembros' }).click();
    const role = page.getByLabel('Rol de Marta Ibáñez');
    await expect.poll(() => role.inputValue()).toBe('staff');
    await role.selectOption({ label: 'Administrador/a' });
    const dialog = page.getByRole('alertdialog', { name: '¿Cambiar el rol de Marta Ibáñez?' });
    await dialog.getByText(/podrá invitar y quitar miembros/).waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await role.inputValue()).toBe('staff');
    await role.selectOption({ label: 'Analista' });
    await page.getByRole('button', { name: 'Dar a Marta Ibáñez el rol Analista' }).click();
    await page.getByText('Marta Ibáñez tiene ahora el rol Analista (antes Personal).').waitFor();
    await expect.poll(() => role.inputValue()).toBe('analyst');
    await role.selectOption({ label: 'Personal' });
    await page.getByRole('button', { name: 'Dar a Marta Ibáñez el rol Personal' }).click();
    await page.getByText('Marta Ibáñez tiene ahora el rol Personal (antes Analista).').waitFor();
  });

  it('reads the audit trail as sentences, filtered by what happened and by a person’s name', async () => {
    await page
      .getByRole('navigation', { name: 'Módulos' })
      .getByRole('link', { name: 'Registro de auditoría' })
      .click();
    await page.getByLabel('Qué').selectOption({ label: 'Miembros y roles' });
    await page.getByLabel('Quién').fill('carmen');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page
      .getByText('Carmen Salazar cambió el rol de Marta Ibáñez: Personal → Analista')
      .first()
      .waitFor();
    // The codes and raw details stay one click away, folded.
    expect(await page.locator('details[open]').count()).toBe(0);
    await expectAccessible(page);
  });

  it('refuses a second invitation to the same address and withdraws the first, whose link then says so', async () => {
    await page.getByRole('navigation', { name: 'Módulos' }).getByRole('link', { name: 'Miembros' }).click();
    const email = page.getByLabel('Correo electrónico');
    await email.fill('lucia.paredes@xa.example.org');
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await page.getByText('Invitación enviada.').waitFor();
    await email.fill('lucia.paredes@xa.example.org');
    expect(await page.getByText('Invitación enviada.').count()).toBe(0);
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await page.getByText(/Ya hay una invitación a esta dirección pendiente de aceptar/).waitFor();
    const link = await linkFromOutbox('lucia.paredes@xa.example.org');

    await page.getByRole('button', { name: 'Retirar: lucia.paredes@xa.example.org' }).click();
    const dialog = page.getByRole('alertdialog', {
      name: '¿Retirar la invitación a lucia.paredes@xa.example.org?',
    });
    await dialog.getByRole('button', { name: 'Retirar' }).click();
    await page
      .getByText('Se retiró la invitación a lucia.paredes@xa.example.org; su enlace ya no funciona.')
      .waitFor();
    // The list is read again after the withdrawal: the button goes when the fresh list arrives.
    await expect
      .poll(() => page.getByRole('button', { name: 'Retirar: lucia.paredes@xa.example.org' }).count())
      .toBe(0);

    const invitee = await newPage(browser);
    await invitee.goto(link);
    await invitee.getByText('This invitation was withdrawn by the organisation.', { exact: false }).waitFor();
    await expectAccessible(invitee);
    await invitee.context().close();
  });
});

describe('language', () => {
  it("follows the language of the person's profile on a device where none was chosen", async () => {
    const page = await newPage(browser, { deviceLanguage: null });
    await signIn(page, 'viewer@xb.demo.atalaya.test');
    await page.getByRole('heading', { name: 'Commission électorale nationale de Belmora' }).waitFor();
    await page.getByText('Prochain jour de scrutin').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('a person in two organisations', () => {
  it('accepts an invitation with an existing account and switches between the organisations', async () => {
    const admin = await newPage(browser);
    await signIn(admin, 'admin@xc.demo.atalaya.test');
    await admin.getByRole('heading', { name: 'Corvia Independent Electoral Commission' }).waitFor();
    await admin.getByRole('navigation', { name: 'Modules' }).getByRole('link', { name: 'Members' }).click();
    await admin.getByLabel('E-mail').fill('staff@xb.demo.atalaya.test');
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByText('Invitation sent.').waitFor();
    await admin.context().close();

    const link = await linkFromOutbox('staff@xb.demo.atalaya.test');
    const page = await newPage(browser);
    await page.goto(link);
    await page.getByText('You already have an account').waitFor();
    await page.getByLabel('Password').fill('atalaya-demo');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile and security' }).waitFor();

    await page
      .getByRole('banner')
      .getByLabel('Organisation')
      .selectOption({ label: 'Corvia Independent Electoral Commission' });
    await page.getByRole('heading', { level: 1, name: 'Corvia Independent Electoral Commission' }).waitFor();
    await page
      .getByRole('banner')
      .getByLabel('Organisation')
      .selectOption({ label: 'Commission électorale nationale de Belmora' });
    await page
      .getByRole('heading', { level: 1, name: 'Commission électorale nationale de Belmora' })
      .waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('a forgotten password', () => {
  it('is reset from the link in the e-mail, and the new one signs in', async () => {
    const page = await newPage(browser);
    await page.goto(`${baseUrl()}/signin`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('E-mail').fill('viewer@xa.demo.atalaya.test');
    await page.getByRole('button', { name: 'Send me a reset link' }).click();
    await page.getByText(/a link to reset the password is on its way/).waitFor();

    await page.goto(await linkFromOutbox('viewer@xa.demo.atalaya.test'));
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('New password', { exact: true }).fill('a fresh password for viewer');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText(/Your password was changed/).waitFor();
    await signIn(page, 'viewer@xa.demo.atalaya.test', 'a fresh password for viewer');
    await page.getByRole('heading', { name: 'Consejo Nacional Electoral de Arvenia' }).waitFor();
    await page.context().close();
  });
});

describe('two-step sign-in', () => {
  it('enrols an authenticator app from the QR page and then needs its code to sign in', async () => {
    const page = await newPage(browser);
    await signIn(page, 'analyst@xc.demo.atalaya.test');
    await page.getByRole('heading', { name: 'Corvia Independent Electoral Commission' }).waitFor();
    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await expectAccessible(page);
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    await page.getByLabel('6-digit code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByText('Two-step sign-in is now on.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Atalaya' }).waitFor();

    await signIn(page, 'analyst@xc.demo.atalaya.test');
    await page.getByRole('heading', { name: 'Enter your verification code' }).waitFor();
    await expectAccessible(page);
    // The code used at enrolment cannot be replayed: wait for the next 30-second step.
    const step = Math.floor(Date.now() / 30_000);
    while (Math.floor(Date.now() / 30_000) === step) await page.waitForTimeout(500);
    await page.getByLabel('6-digit code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Corvia Independent Electoral Commission' }).waitFor();
    await page.context().close();
  });
});

describe('passkeys', () => {
  it('registers a passkey and signs in with it as the second step', async () => {
    const page = await newPage(browser);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await signIn(page, 'trainer@xb.demo.atalaya.test');
    await page.getByRole('heading', { name: 'Commission électorale nationale de Belmora' }).waitFor();
    await page.goto(`${baseUrl()}/settings`);
    await page.getByLabel('Name of this passkey').fill('Office laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added.').waitFor();
    await page.getByText(/Office laptop/).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, 'trainer@xb.demo.atalaya.test');
    await page.getByRole('heading', { name: 'Enter your verification code' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await page.getByRole('heading', { name: 'Commission électorale nationale de Belmora' }).waitFor();
    await page.context().close();
  });
});

describe('keyboard use', () => {
  it('signs in and reaches the calendar without a mouse', async () => {
    const page = await newPage(browser);
    await page.goto(`${baseUrl()}/signin`);
    await page.getByRole('heading', { name: 'Sign in to Atalaya' }).waitFor();
    await page.keyboard.type('security@xb.demo.atalaya.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type('atalaya-demo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Commission électorale nationale de Belmora' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    const calendar = page
      .getByRole('navigation', { name: 'Modules' })
      .getByRole('link', { name: 'Election calendar' });
    for (let i = 0; i < 30 && !(await calendar.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Election calendar' }).waitFor();
    await page.context().close();
  });
});

describe('an adviser of an assistance provider', () => {
  it('lands on the organisations they support and opens the calendar of one that granted access', async () => {
    const page = await newPage(browser);
    await signIn(page, 'adviser@provider.demo.atalaya.test');
    await page.getByRole('heading', { level: 1, name: 'Demo Election Assistance Foundation' }).waitFor();
    // Their own provider offers no election calendar or assessment to fill in by mistake.
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 2, name: 'Organisations you support' }).waitFor();
    await main.getByText(/^read and write · It ends after /).waitFor();
    expect(await main.getByRole('link', { name: 'Preparedness assessment' }).count()).toBe(0);
    expect(await main.getByRole('heading', { name: 'Next polling day' }).count()).toBe(0);
    await expectAccessible(page);
    await main.getByRole('link', { name: 'Consejo Nacional Electoral de Arvenia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Consejo Nacional Electoral de Arvenia' }).waitFor();
    const supported = page.getByRole('navigation', { name: 'Modules' });
    await supported.getByRole('link', { name: 'Election calendar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Election calendar' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Elecciones generales/ }).waitFor();
    // Whose data this is, under what grant, until when — and the organisation picker says the same.
    await page
      .getByText(
        /^You are working in Consejo Nacional Electoral de Arvenia’s data through an access grant: .*read and write; granted on .* It ends after /,
      )
      .waitFor();
    expect(await page.getByLabel('Organisation').inputValue()).not.toBe('');
    expect(await page.getByLabel('Organisation').locator('option:checked').textContent()).toBe(
      'Consejo Nacional Electoral de Arvenia (access grant)',
    );
    await expectAccessible(page);
    // The grant names assessments and the roadmap too, so the adviser works on them as well.
    await supported.getByRole('link', { name: 'Recommendations roadmap' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recommendations roadmap' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Add a recommendation or action' }).waitFor();
    await expectAccessible(page);
    // A page the grant does not cover says so plainly, instead of showing the body's admin forms.
    await page.goto(page.url().replace(/\/roadmap$/, '/members'));
    await page.getByRole('heading', { level: 1, name: 'You cannot open this page' }).waitFor();
    await page
      .getByText(/^Your organisation’s access to Consejo Nacional Electoral de Arvenia covers: /)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Send invitation' }).count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('the deployment operator', () => {
  it('sees organisations and networks and creates an organisation', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin@demo.atalaya.test');
    await page.getByRole('heading', { level: 1, name: 'Organisations and networks' }).waitFor();
    await page.getByText('Demo Regional Electoral Cyber Network').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Name', { exact: true }).first().fill('Dravonia Electoral Tribunal');
    await page.getByLabel('Country').fill('XD');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByRole('cell', { name: 'Dravonia Electoral Tribunal' }).waitFor();
    await page.getByRole('link', { name: 'Content packs' }).click();
    await page.getByRole('rowheader', { name: /Electoral cyber-preparedness/ }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});
