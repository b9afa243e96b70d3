import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/**
 * Which module owns each table: the module a migration's file name begins with (`0006_roadmap.ts` creates
 * roadmap's tables; `0001_platform.ts` the platform's).
 */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  const dir = join(root, 'src', 'migrations');
  for (const file of readdirSync(dir).filter((f) => /^\d{4}_/.test(f))) {
    const owner = /^\d{4}_([a-z]+)/.exec(file)?.[1] ?? '';
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(
      /CREATE TABLE (?:IF NOT EXISTS )?(\w+)/g,
    ))
      if (match[1]) owners.set(match[1], owner);
  }
  return owners;
}

/** Where a source file lives: `platform`, a module's name, or undefined (composition, tests, CLI). */
function ownerOfFile(file: string): string | undefined {
  const parts = relative(join(root, 'src'), file).split(sep);
  if (parts[0] === 'platform') return 'platform';
  if (parts[0] === 'modules') return parts[1];
  return undefined;
}

/** Every `db.withTables<T>()` in the server's source, with the table names T declares. */
function declaredTables(): { file: string; owner: string; tables: string[] }[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('no tsconfig');
  const sources = config.fileNames.filter(
    (f) => ownerOfFile(f) !== undefined && !f.endsWith('.test.ts') && f.startsWith(join(root, 'src')),
  );
  const program = ts.createProgram(sources, config.options);
  const checker = program.getTypeChecker();
  const found: { file: string; owner: string; tables: string[] }[] = [];
  for (const source of program.getSourceFiles()) {
    const owner = ownerOfFile(source.fileName);
    if (!owner || !sources.includes(source.fileName)) continue;
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'withTables'
      ) {
        const [typeArgument] = node.typeArguments ?? [];
        if (!typeArgument) throw new Error(`${source.fileName}: withTables without a table type`);
        const tables = checker
          .getTypeFromTypeNode(typeArgument)
          .getProperties()
          .map((p) => p.name);
        found.push({ file: relative(root, source.fileName), owner, tables });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('module boundaries in the database', () => {
  it('lets each store declare only the tables its own module created', () => {
    const owners = tableOwners();
    const declared = declaredTables();
    expect(declared.length).toBeGreaterThan(5);
    const foreign = declared.flatMap(({ file, owner, tables }) =>
      tables
        .filter((table) => owners.get(table) !== owner)
        .map((table) => `${file} declares ${table} (owned by ${owners.get(table) ?? 'no migration'})`),
    );
    expect(foreign).toEqual([]);
  });
});
