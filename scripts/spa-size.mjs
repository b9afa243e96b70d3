// The built web app's JavaScript as a browser on a slow connection pays for it, brotli-compressed:
// - first load: what index.html loads before the first screen (the entry and its preloaded chunks) plus one
//   language catalogue (the largest, as a reader of that language would get);
// - the largest chunk a screen loads on use, and all JavaScript together.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Sizes in bytes of the built app in `root` (dist/web). */
export async function spaSize(root = 'dist/web') {
  const html = await readFile(join(root, 'index.html'), 'utf8');
  const initial = new Set(
    [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]).filter(Boolean),
  );
  const chunks = [];
  for (const name of await readdir(join(root, 'assets')))
    if (name.endsWith('.js'))
      chunks.push({ name: `assets/${name}`, size: brotli(await readFile(join(root, 'assets', name))) });
  const catalogues = chunks.filter((c) => /^assets\/(en|es|fr)-/.test(c.name));
  const onUse = chunks.filter((c) => !initial.has(c.name) && !catalogues.includes(c));
  const sum = (list) => list.reduce((n, c) => n + c.size, 0);
  const largest = (list) => list.reduce((a, c) => (c.size > (a?.size ?? 0) ? c : a), undefined);
  return {
    firstLoad: sum(chunks.filter((c) => initial.has(c.name))) + (largest(catalogues)?.size ?? 0),
    largestOnUse: largest(onUse),
    total: sum(chunks),
  };
}

/** One line for people: the sizes in KiB. */
export function describeSpaSize({ firstLoad, largestOnUse, total }) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  return `first load ${kib(firstLoad)} of JavaScript (brotli; target ≤ 200 KB), largest screen chunk ${kib(largestOnUse?.size ?? 0)} (${largestOnUse?.name ?? '-'}), all JavaScript ${kib(total)}`;
}
