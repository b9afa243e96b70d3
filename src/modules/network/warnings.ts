import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ipOverlaps, ObservableKind, parseObservable, type Observable } from './observables.js';

/** The lists a network's own warning entries belong to. */
export const WARNING_LISTS = ['official_domains', 'resolvers', 'cdn', 'other'] as const;
export const WarningList = z.enum(WARNING_LISTS);
export type WarningList = z.infer<typeof WarningList>;

const Text = z.object({ en: z.string().min(1), es: z.string().min(1), fr: z.string().min(1) });
const BuiltInList = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: Text,
  note: Text,
  entries: z.array(z.strictObject({ kind: ObservableKind, value: z.string(), note: z.string() })).min(1),
});

/** A known-benign value: on a built-in list (`list` is its id) or on a network's own. */
export interface WarningEntry {
  readonly list: string;
  readonly observable: Observable;
  readonly note: string;
}

/** A built-in warning list, with its name and provenance note in three languages. */
export interface BuiltInWarningList {
  readonly id: string;
  readonly name: z.infer<typeof Text>;
  readonly note: z.infer<typeof Text>;
  readonly entries: readonly WarningEntry[];
}

const DIR = join(import.meta.dirname, '..', '..', '..', 'content', 'warninglists');

/** The built-in warning lists (content/warninglists), each value in canonical spelling; read once. */
export const BUILT_IN_WARNING_LISTS: readonly BuiltInWarningList[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => {
    const list = BuiltInList.parse(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
    return {
      ...list,
      entries: list.entries.map((e) => {
        const parsed = parseObservable(e.kind, e.value);
        if (!parsed.ok) throw new Error(`content/warninglists/${file}: ${e.kind} ${e.value} is not valid`);
        return { list: list.id, observable: parsed.value, note: e.note };
      }),
    };
  });

function isWithinDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Whether an indicator's observable is (or falls within) a known-benign entry. */
function matches(o: Observable, entry: Observable): boolean {
  if (o.kind === 'ipv4' || o.kind === 'ipv6') return ipOverlaps(o, entry);
  if (entry.kind === 'domain' && (o.kind === 'domain' || o.kind === 'url')) {
    const host = o.kind === 'url' ? new URL(o.value).hostname : o.value;
    return isWithinDomain(host, entry.value);
  }
  return o.kind === entry.kind && o.value === entry.value;
}

/**
 * The warning entries an indicator's observables hit: an address inside a listed block, a domain or URL host
 * within a listed domain, or the same hash or ASN. E-mail addresses are never flagged by a domain (an attacker's
 * mailbox at a large provider is still an attacker's).
 */
export function warningsFor(
  observables: readonly Observable[],
  entries: readonly WarningEntry[],
): { observable: Observable; entry: WarningEntry }[] {
  return observables.flatMap((observable) =>
    entries.filter((entry) => matches(observable, entry.observable)).map((entry) => ({ observable, entry })),
  );
}
