/**
 * A short-lived cache of resolved callers (session or token → who they are), so each API request does not
 * re-read the user and memberships. Why it stays correct: every committed identity change clears it in this
 * process and, through the event bus, in every other process; the TTL bounds what a lost notification could
 * leave behind.
 */
export interface PrincipalCache<V> {
  get(key: string, now: number): V | undefined;
  set(key: string, value: V, now: number): void;
  clear(): void;
}

/** Creates a cache holding at most `max` entries for `ttlMs` each. */
export function createPrincipalCache<V>(opts: { ttlMs: number; max: number }): PrincipalCache<V> {
  const entries = new Map<string, { value: V; expires: number }>();
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, now) {
      if (entries.size >= opts.max) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, { value, expires: now + opts.ttlMs });
    },
    clear() {
      entries.clear();
    },
  };
}
