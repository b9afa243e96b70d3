import { describe, expect, it } from 'vitest';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';

/** Every key path of a catalogue, `section.key`. */
function keys(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]: [string, unknown]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('the interface catalogues', () => {
  // Only the reader's language is loaded (no fallback): a key missing in one catalogue would show as its name.
  it('hold the same keys in English, Spanish and French, none of them empty', () => {
    const english = keys(en).sort();
    expect(keys(es).sort()).toEqual(english);
    expect(keys(fr).sort()).toEqual(english);
    for (const catalogue of [en, es, fr]) {
      const empty = keys(catalogue).filter((path) => {
        const value = path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], catalogue);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty).toEqual([]);
    }
  });
});
