import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import es from '../../locales/es.json';
import fr from '../../locales/fr.json';
import { sentenceOf, type AuditEvent } from './sentence';

async function reader(lng: 'es' | 'fr') {
  const i18n = createInstance();
  await i18n.init({
    lng,
    resources: { es: { translation: es }, fr: { translation: fr } },
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

const event = (action: string, summary: unknown): AuditEvent =>
  ({
    id: 1,
    at: '2026-12-03T10:00:00Z',
    action,
    actor: 'admin@xa.demo.atalaya.test',
    actorName: 'Carmen Salazar',
    viaGrant: false,
    targetType: 'election',
    targetId: '00000000-0000-4000-8000-000000000000',
    targetName: null,
    summary,
  }) as unknown as AuditEvent;

describe('the audit trail read as sentences', () => {
  it('says which election moved and from which polling day to which', async () => {
    const t = await reader('es');
    const moved = event('election.updated', {
      name: { from: 'Elecciones generales 2027', to: 'Elecciones generales 2027' },
      pollingDay: { from: '2027-02-16', to: '2027-02-23' },
    });
    expect(sentenceOf(moved, t)).toBe(
      'Carmen Salazar modificó la elección «Elecciones generales 2027»: jornada electoral 2027-02-16 → 2027-02-23',
    );
    // An entry written before names were recorded still reads as a sentence.
    const older = event('election.updated', { pollingDay: { from: '2027-02-16', to: '2027-02-23' } });
    expect(sentenceOf(older, t)).toBe('Carmen Salazar cambió las fechas de una elección');
  });

  it('says what was shared with the network under which marking, in the reader’s language', async () => {
    const t = await reader('fr');
    expect(sentenceOf(event('network.indicator_shared', { tlp: 'amber+strict', observables: 2 }), t)).toBe(
      'Carmen Salazar a partagé un indicateur (TLP:AMBER+STRICT)',
    );
  });

  it('keeps an action without a sentence of its own readable, with its code', async () => {
    const t = await reader('fr');
    expect(sentenceOf(event('network.misp_imported', {}), t)).toMatch(
      /^Carmen Salazar — .+ : network\.misp_imported$/,
    );
  });
});
