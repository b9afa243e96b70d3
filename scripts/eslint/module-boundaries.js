// ESLint rule for the project's boundaries, which `npm run check` enforces:
// - code outside a server module imports it only through its door (index.ts); platform/ imports no module;
//   kernel modules (identity, audit, elections) import no feature module;
// - the web app and the server are separate packages: a web file reaches the server only with `import type`
//   (or `export type`) from a module's door, and the server imports nothing of the web app.
import path from 'node:path';

const sep = path.sep;
const SERVER_MODULES = `${sep}src${sep}modules${sep}`;
const WEB_SRC = `${sep}web${sep}src${sep}`;
const PLATFORM_DIR = `${sep}src${sep}platform${sep}`;
const KERNEL = new Set(['identity', 'audit', 'elections']);

/** Which package a path is in: the web app (web/src/…), the server (src/…, bench, e2e, scripts) or neither. */
function packageOf(file) {
  return file.includes(WEB_SRC) ? 'web' : 'server';
}

/** The server module a path is in, with the rest of its path inside the module. */
function moduleOf(file) {
  if (packageOf(file) !== 'server') return undefined;
  const at = file.lastIndexOf(SERVER_MODULES);
  if (at < 0) return undefined;
  const rest = file.slice(at + SERVER_MODULES.length).split(sep);
  return { name: rest[0], inner: rest.slice(1).join('/') };
}

const isDoor = (inner) => inner === '' || inner === 'index.js' || inner === 'index.ts';

export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Import another module only through its index.ts; platform imports no module; the web app takes server types only, from a door.',
    },
    messages: {
      deep: "'{{target}}' reaches inside module '{{module}}'. Import from '{{module}}/index.js' and export what you need there.",
      platform: "platform/ must not depend on modules ('{{target}}').",
      kernel: "kernel module '{{from}}' must not depend on feature module '{{module}}'.",
      webValue:
        "the web app takes only types from the server: write `import type` (or `export type`) for '{{target}}'.",
      webDeep:
        "the web app reaches the server only through a module's door: '{{target}}' is not a src/modules/<module>/index.js.",
      serverWeb: "the server must not depend on the web app ('{{target}}').",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const fromPackage = packageOf(file);
    const from = moduleOf(file);
    const inPlatform = fromPackage === 'server' && file.includes(PLATFORM_DIR);
    function check(node, source, typeOnly) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const resolved = path.resolve(path.dirname(file), source);
      const toPackage = packageOf(resolved);
      if (fromPackage === 'web') {
        if (toPackage === 'web') return;
        const target = moduleOf(resolved);
        if (!target || !isDoor(target.inner))
          context.report({ node, messageId: 'webDeep', data: { target: source } });
        else if (!typeOnly) context.report({ node, messageId: 'webValue', data: { target: source } });
        return;
      }
      if (toPackage === 'web') {
        context.report({ node, messageId: 'serverWeb', data: { target: source } });
        return;
      }
      const target = moduleOf(resolved);
      const dest = target ?? moduleOf(resolved + sep + 'x');
      if (!dest) return;
      if (inPlatform) {
        context.report({ node, messageId: 'platform', data: { target: source } });
        return;
      }
      if (from && from.name === dest.name) return;
      if (!isDoor(target ? target.inner : '')) {
        context.report({ node, messageId: 'deep', data: { target: source, module: dest.name } });
      }
      if (from && KERNEL.has(from.name) && !KERNEL.has(dest.name)) {
        context.report({ node, messageId: 'kernel', data: { from: from.name, module: dest.name } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value, node.importKind === 'type'),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};
