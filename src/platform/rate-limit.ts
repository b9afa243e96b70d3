/**
 * A fixed-window counter per key (an IP address) for public endpoints that cost CPU, such as checking a
 * credential's signature. Kept in the process: each app process limits on its own, which bounds the load on it;
 * the windows of idle keys are dropped as new ones come.
 */
export function createRateLimiter(opts: { limit: number; windowMs: number; now?: () => number }) {
  const now = opts.now ?? (() => Date.now());
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one request for `key`; false when the key has used up its window. */
    take(key: string): boolean {
      const t = now();
      if (windows.size > 10_000)
        for (const [k, w] of windows) if (t - w.start >= opts.windowMs) windows.delete(k);
      const current = windows.get(key);
      if (!current || t - current.start >= opts.windowMs) {
        windows.set(key, { start: t, count: 1 });
        return true;
      }
      current.count += 1;
      return current.count <= opts.limit;
    },
  };
}
