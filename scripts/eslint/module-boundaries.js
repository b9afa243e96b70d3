// ESLint rule: code outside a module imports it only through its door (index.ts), and platform/ imports
// nothing of the modules. Deep imports such as `../identity/store.js` from another module fail `npm run check`.
import path from 'node:path';

const MODULES_DIR = `${path.sep}src${path.sep}modules${path.sep}`;
const PLATFORM_DIR = `${path.sep}src${path.sep}platform${path.sep}`;

function moduleOf(file) {
  const at = file.lastIndexOf(MODULES_DIR);
  if (at < 0) return undefined;
  const rest = file.slice(at + MODULES_DIR.length).split(path.sep);
  return { name: rest[0], inner: rest.slice(1).join('/') };
}

export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another module only through its index.ts; platform imports no module.' },
    messages: {
      deep: "'{{target}}' reaches inside module '{{module}}'. Import from '{{module}}/index.js' and export what you need there.",
      platform: "platform/ must not depend on modules ('{{target}}').",
      kernel: "kernel module '{{from}}' must not depend on feature module '{{module}}'.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = moduleOf(file);
    const inPlatform = file.includes(PLATFORM_DIR);
    const kernel = new Set(['identity', 'audit', 'elections']);
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const resolved = path.resolve(path.dirname(file), source);
      const to = moduleOf(resolved + path.sep + 'x');
      const target = moduleOf(resolved);
      const dest = target ?? to;
      if (!dest) return;
      if (inPlatform) {
        context.report({ node, messageId: 'platform', data: { target: source } });
        return;
      }
      if (from && from.name === dest.name) return;
      const inner = target ? target.inner : '';
      if (inner !== '' && inner !== 'index.js' && inner !== 'index.ts') {
        context.report({ node, messageId: 'deep', data: { target: source, module: dest.name } });
      }
      if (from && kernel.has(from.name) && !kernel.has(dest.name)) {
        context.report({ node, messageId: 'kernel', data: { from: from.name, module: dest.name } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
