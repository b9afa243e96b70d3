import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { negotiateLocale, translate } from './index.js';

describe('server messages', () => {
  it('picks the best supported language by q-value', () => {
    expect(negotiateLocale('de-DE,fr;q=0.8,es;q=0.9')).toBe('es');
    expect(negotiateLocale('fr-CA')).toBe('fr');
    expect(negotiateLocale('de, zh;q=0.5')).toBe('en');
    expect(negotiateLocale(undefined)).toBe('en');
  });

  it('fills placeholders', () => {
    expect(translate('es', 'error.login_locked', { minutes: 15 })).toContain('15 minutos');
  });

  it('has the same placeholders in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(es[key]), `es ${key}`).toEqual(placeholders(en[key]));
      expect(placeholders(fr[key]), `fr ${key}`).toEqual(placeholders(en[key]));
    }
  });
});

describe('error messages', () => {
  it('exist in every language for each error id the server code can raise', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '..', '..');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('test'),
    );
    const raised = new Set<string>();
    for (const file of files)
      for (const m of readFileSync(join(root, file), 'utf8').matchAll(
        /\bfail\(\s*'[a-z_]+',\s*'([a-z0-9_]+)'/g,
      ))
        if (m[1]) raised.add(m[1]);
    expect(raised.size).toBeGreaterThan(50);
    const missing = [...raised].filter(
      (id) => !(`error.${id}` in en && `error.${id}` in es && `error.${id}` in fr),
    );
    expect(missing).toEqual([]);
  });
});
