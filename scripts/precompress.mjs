// Writes .br and .gz next to every text asset of the built web app, so the server sends them pre-compressed.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { describeSpaSize, spaSize } from './spa-size.mjs';

const root = process.argv[2] ?? 'dist/web';
const TEXT = /\.(js|css|html|svg|json|txt)$/;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

for await (const file of files(root)) {
  const content = await readFile(file);
  const br = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  await writeFile(`${file}.br`, br);
  await writeFile(`${file}.gz`, gzipSync(content, { level: 9 }));
}
console.log(`precompressed ${root}: ${describeSpaSize(await spaSize(root))}`);
