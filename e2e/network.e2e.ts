import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectAccessible, launch, newPage, signIn } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

/** Signs in and opens the demo network's board from the menu, as a member would; answers the board's path. */
async function openBoard(
  page: Page,
  email: string,
  names: { module: RegExp; incidents: string },
): Promise<string> {
  await signIn(page, email);
  await page.waitForURL(/\/o\/[0-9a-f-]{36}/);
  await page.getByRole('navigation').getByRole('link', { name: names.module }).click();
  await page.getByRole('link', { name: 'Demo Regional Electoral Cyber Network' }).click();
  await page.getByRole('heading', { level: 2, name: names.incidents, exact: true }).waitFor();
  return new URL(page.url()).pathname;
}

describe('the regional network', () => {
  it('alerts a member live when another reports an incident; a sighting and a match reach the first without a reload', async () => {
    const reporter = await newPage(browser);
    const board = await openBoard(reporter, 'security@xc.demo.atalaya.test', {
      module: /^Regional network/,
      incidents: 'Incidents',
    });
    expect(board).toMatch(/^\/n\/[0-9a-f-]{36}$/);
    await expectAccessible(reporter);

    // Belmora's security lead works in French (their profile's language) with the board open.
    const watcher = await newPage(browser, { deviceLanguage: null });
    await openBoard(watcher, 'security@xb.demo.atalaya.test', {
      module: /^Réseau régional/,
      incidents: 'Incidents',
    });

    // The situation board's count of open critical incidents, as Belmora sees it before.
    const critical = watcher
      .getByRole('region', { name: 'Incidents ouverts par gravité' })
      .getByRole('listitem')
      .filter({ hasText: 'Critique' })
      .locator('strong');
    const before = Number(await critical.textContent());

    // Corvia reports an incident.
    await reporter.getByRole('link', { name: 'Report an incident' }).click();
    await reporter.getByRole('heading', { level: 1, name: 'Report an incident' }).waitFor();
    await expectAccessible(reporter);
    await reporter.getByLabel('Title').fill('Results API flooded from abroad (browser test)');
    await reporter.getByLabel('Category').selectOption('ddos');
    await reporter.getByLabel('Severity').selectOption('critical');
    await reporter.getByRole('checkbox', { name: 'Results' }).check({ force: true });
    await reporter.getByLabel('What happened').fill('The results API answered 503 for twenty minutes.');
    await reporter.getByRole('button', { name: 'Share the incident' }).click();
    await reporter
      .getByRole('heading', { level: 1, name: 'Results API flooded from abroad (browser test)' })
      .waitFor();
    await expectAccessible(reporter);

    // Belmora's open board shows it and announces the alert, in French, without a reload.
    await watcher
      .getByRole('link', { name: 'Results API flooded from abroad (browser test)' })
      .waitFor({ timeout: 5000 });
    await expect
      .poll(() => watcher.getByRole('status').filter({ hasText: 'Nouvel incident' }).textContent())
      .toContain('TLP:GREEN');
    await expect.poll(async () => Number(await critical.textContent())).toBe(before + 1);

    // Corvia shares the indicator behind it.
    await reporter.goto(`${baseUrl()}${board}`);
    await reporter.getByRole('link', { name: 'Share an indicator' }).click();
    await reporter.getByLabel('Kind of value').selectOption('domain');
    await reporter.getByLabel('Value', { exact: true }).fill('results-mirror-e2e.example');
    await reporter.getByLabel('Name').fill('Mirror of the results site (browser test)');
    await reporter.getByRole('button', { name: 'Share the indicator' }).click();
    await reporter
      .getByRole('heading', { level: 1, name: 'Mirror of the results site (browser test)' })
      .waitFor();
    await expectAccessible(reporter);

    // Belmora saw it too, then shares the same value from its own logs.
    await watcher
      .getByRole('link', { name: 'Mirror of the results site (browser test)' })
      .click({ timeout: 5000 });
    await watcher.getByRole('heading', { level: 2, name: 'Observations' }).waitFor();
    await watcher.getByLabel('Nombre de fois').fill('12');
    await watcher.getByLabel('Où').fill('Pare-feu du site de la Commission');
    await watcher.getByRole('button', { name: 'Partager l’observation' }).click();
    await watcher.getByText('Votre observation est partagée').waitFor();
    await expectAccessible(watcher);
    await watcher.goto(`${baseUrl()}${board}/indicators/new`);
    await watcher.getByLabel('Type de valeur').selectOption('domain');
    await watcher.getByLabel('Valeur', { exact: true }).fill('results-mirror-e2e.example');
    await watcher.getByRole('button', { name: 'Partager l’indicateur' }).click();
    await watcher.getByRole('heading', { level: 2, name: /Indicateurs correspondants/ }).waitFor();
    await watcher.getByRole('link', { name: 'Mirror of the results site (browser test)' }).waitFor();

    // Corvia's indicator page, still open, shows Belmora's sighting and the match, without a reload.
    await reporter
      .getByRole('cell', { name: /Commission électorale nationale de Belmora/ })
      .waitFor({ timeout: 5000 });
    await reporter.getByRole('cell', { name: '12', exact: true }).waitFor();
    await reporter
      .getByRole('region', { name: 'Matching indicators held by other members' })
      .getByRole('link', { name: 'results-mirror-e2e.example' })
      .waitFor({ timeout: 5000 });
  });

  it('shows each member only what its TLP allows, in its own language; takes in a MISP export and keeps a warning list', async () => {
    const arvenia = await newPage(browser, { deviceLanguage: null });
    await openBoard(arvenia, 'security@xa.demo.atalaya.test', {
      module: /^Red regional/,
      incidents: 'Incidentes',
    });
    await arvenia.getByRole('link', { name: 'Notificar un incidente' }).waitFor();
    // Its own RED incident, named to Corvia; not Belmora's AMBER+STRICT indicator.
    await arvenia.getByRole('link', { name: 'Extracto del padrón publicado en un foro' }).waitFor();
    expect(await arvenia.getByRole('link', { name: /Adresse interne de test/ }).count()).toBe(0);
    await expectAccessible(arvenia);

    // Its security lead brings in an event from the national CERT's MISP, from the settings page.
    await arvenia.getByRole('link', { name: 'Ajustes y conexiones' }).click();
    await arvenia.getByRole('heading', { level: 1, name: 'Ajustes y conexiones' }).waitFor();
    await expectAccessible(arvenia);
    const event = {
      Event: {
        uuid: randomUUID(),
        info: 'Malspam contra las oficinas provinciales (prueba)',
        date: '2026-11-20',
        timestamp: '1795000000',
        threat_level_id: '2',
        Tag: [{ name: 'tlp:green' }],
        Attribute: [
          { uuid: randomUUID(), type: 'domain', value: 'factura-provincial-e2e.example', to_ids: true },
        ],
      },
    };
    await arvenia.getByLabel('Archivo JSON de MISP').setInputFiles({
      name: 'misp-event.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(event)),
    });
    await arvenia.getByText('1 evento importado').waitFor();

    // As coordinator it lists the council's own domain as benign; sharing it is then held back until confirmed.
    await arvenia.getByLabel('Lista', { exact: true }).selectOption('official_domains');
    await arvenia.getByLabel('Valor', { exact: true }).fill('cne-arvenia-e2e.example');
    await arvenia.getByRole('button', { name: 'Añadir a la lista' }).click();
    await arvenia.getByRole('button', { name: 'Quitar cne-arvenia-e2e.example' }).waitFor();
    await expectAccessible(arvenia);
    await arvenia.getByRole('link', { name: 'Demo Regional Electoral Cyber Network' }).click();
    await arvenia.getByRole('link', { name: 'Compartir un indicador' }).click();
    await arvenia.getByLabel('Valor', { exact: true }).fill('login.cne-arvenia-e2e.example');
    await arvenia.getByRole('button', { name: 'Compartir el indicador' }).click();
    await arvenia.getByRole('button', { name: 'Compartirlo de todos modos' }).waitFor();
    await arvenia.getByRole('alert').filter({ hasText: 'cne-arvenia-e2e.example' }).waitFor();
    await arvenia.getByRole('link', { name: 'Demo Regional Electoral Cyber Network' }).click();
    await arvenia.getByRole('link', { name: 'Malspam contra las oficinas provinciales (prueba)' }).waitFor();

    const belmora = await newPage(browser, { deviceLanguage: null });
    await openBoard(belmora, 'analyst@xb.demo.atalaya.test', {
      module: /^Réseau régional/,
      incidents: 'Incidents',
    });
    await belmora.getByRole('link', { name: /Adresse interne de test/ }).waitFor();
    expect(
      await belmora.getByRole('link', { name: 'Extracto del padrón publicado en un foro' }).count(),
    ).toBe(0);
  });

  it('keeps the network’s knowledge: a comment with a file, a playbook’s feedback, an advisory and election-day mode reach the others live; search reads each language', async () => {
    // Arvenia keeps its phishing playbook open, in Spanish.
    const arvenia = await newPage(browser, { deviceLanguage: null });
    const board = await openBoard(arvenia, 'security@xa.demo.atalaya.test', {
      module: /^Red regional/,
      incidents: 'Incidentes',
    });
    await arvenia.getByRole('link', { name: 'Protocolos', exact: true }).click();
    await arvenia
      .getByRole('link', { name: 'Respuesta a campañas de phishing contra el personal electoral' })
      .click();
    await arvenia.getByText('Le funcionó a 1 miembro').waitFor();
    await expectAccessible(arvenia);

    // Corvia reads it (not written in English: shown in Spanish, and said so) and says it worked for them.
    const corvia = await newPage(browser);
    await openBoard(corvia, 'security@xc.demo.atalaya.test', {
      module: /^Regional network/,
      incidents: 'Incidents',
    });
    await corvia.goto(`${baseUrl()}${new URL(arvenia.url()).pathname}`);
    await corvia.getByText('This playbook is not written in your language; shown in Spanish.').waitFor();
    await corvia.getByLabel('Did it work for your organisation?').selectOption('agree');
    await corvia.getByLabel('What happened (optional)').fill('Used it in the by-election (browser test).');
    await corvia.getByRole('button', { name: 'Send' }).click();
    await corvia.getByText('Thank you. The organisation that wrote it is told.').waitFor();
    await expectAccessible(corvia);
    // Arvenia's open page counts it, and announces it, without a reload.
    await arvenia.getByText('Les funcionó a 2 miembros').waitFor({ timeout: 5000 });
    await arvenia
      .getByRole('status')
      .filter({ hasText: 'Un miembro contó cómo le funcionó su protocolo' })
      .waitFor();

    // Belmora comments on Arvenia's incident with a file; Arvenia, on the incident, sees it arrive.
    await arvenia.goto(`${baseUrl()}${board}`);
    await arvenia
      .getByRole('link', { name: 'Campaña de phishing contra el personal de registro electoral' })
      .click();
    await arvenia.getByRole('heading', { level: 2, name: 'Comentarios' }).waitFor();
    const belmora = await newPage(browser, { deviceLanguage: null });
    await openBoard(belmora, 'analyst@xb.demo.atalaya.test', {
      module: /^Réseau régional/,
      incidents: 'Incidents',
    });
    await belmora.goto(`${baseUrl()}${new URL(arvenia.url()).pathname}`);
    await belmora
      .getByLabel('Votre commentaire')
      .fill('Le même courriel chez nous ce matin (test du navigateur).');
    await belmora.getByLabel(/Joindre un fichier/).setInputFiles({
      name: 'courriel-e2e.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('champ;valeur\nFrom;test@example.org\n'),
    });
    await belmora.getByRole('button', { name: 'Ajouter le commentaire' }).click();
    await belmora.getByRole('link', { name: 'courriel-e2e.csv' }).waitFor();
    await expectAccessible(belmora);
    await arvenia
      .getByText('Le même courriel chez nous ce matin (test du navigateur).')
      .waitFor({ timeout: 5000 });
    await arvenia.getByRole('link', { name: 'courriel-e2e.csv' }).waitFor();

    // Arvenia, as coordinator, publishes an advisory; Belmora's open screen announces it.
    await arvenia.goto(`${baseUrl()}${board}/advisories`);
    await arvenia.getByLabel('Título').fill('Bloqueen el dominio de la campaña (prueba del navegador)');
    await arvenia.getByLabel('Consejo').fill('## Hoy\n\n- Bloqueen el dominio en la pasarela de correo.');
    await arvenia.getByRole('button', { name: 'Publicar el aviso' }).click();
    await arvenia
      .getByRole('link', { name: 'Bloqueen el dominio de la campaña (prueba del navegador)' })
      .waitFor();
    await expectAccessible(arvenia);
    await belmora
      .getByRole('status')
      .filter({ hasText: 'Nouvel avis des coordinateurs du réseau (TLP:GREEN)' })
      .waitFor({ timeout: 5000 });

    // Belmora searches in French and finds Arvenia's Spanish playbook by its French translation, titled in French.
    await belmora.goto(`${baseUrl()}${board}`);
    await belmora.getByRole('searchbox').fill('hameçonnage');
    await belmora
      .getByRole('region', { name: 'Résultats de la recherche' })
      .getByRole('link', { name: 'Réponse aux campagnes d’hameçonnage visant le personnel électoral' })
      .waitFor();
    await expectAccessible(belmora);

    // Arvenia switches the network to election-day mode; Belmora's open board shows it without a reload.
    await arvenia.goto(`${baseUrl()}${board}`);
    await arvenia.getByRole('button', { name: 'Activar el modo jornada electoral' }).click();
    await arvenia.getByRole('heading', { level: 2, name: /^Modo jornada electoral desde/ }).waitFor();
    await belmora
      .getByRole('heading', { level: 2, name: /^Mode jour du scrutin depuis/ })
      .waitFor({ timeout: 5000 });
    await belmora.getByRole('status').filter({ hasText: 'Le mode jour du scrutin est actif' }).waitFor();
    await expectAccessible(belmora);
    await arvenia.getByRole('button', { name: 'Desactivar el modo jornada electoral' }).click();
    await belmora.getByRole('heading', { level: 2, name: 'Le mode jour du scrutin est désactivé' }).waitFor({
      timeout: 5000,
    });
  });
});
