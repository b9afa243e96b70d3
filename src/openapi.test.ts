import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from './test/db.js';
import { startComposedApp } from './test/http.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  services = await freshServices();
  ({ base, close } = await startComposedApp(services));
});
afterAll(async () => {
  await close();
  await services.close();
});

interface Operation {
  produces?: string[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

describe('the OpenAPI document', () => {
  // A response schema is the whitelist that keeps a new column private (STYLE.md 8), and it documents the route.
  it('declares a success response for every route: a JSON schema, a file or page type, 204 or a redirect', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const undeclared = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, op]) => {
          const success = Object.entries(op.responses ?? {}).filter(([code]) => /^[23]\d\d$/.test(code));
          // A body-less response (204, 202, a redirect) is declared with a description; Fastify's placeholder for a
          // route that declares nothing is "Default Response" without content.
          return !success.some(
            ([, r]) =>
              Object.values(r.content ?? {}).some((c) => c.schema) ||
              (r.content === undefined && r.description !== 'Default Response'),
          );
        })
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
    expect(undeclared).toEqual([]);
  });

  it('resolves every $ref inside the document', async () => {
    const text = await (await fetch(`${base}/api/v1/openapi.json`)).text();
    const doc = JSON.parse(text) as Record<string, unknown>;
    const resolves = (ref: string) =>
      ref
        .slice(2)
        .split('/')
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
        .reduce<unknown>(
          (node, key) =>
            typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
          doc,
        ) !== undefined;
    const refs = [...new Set([...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] ?? ''))];
    expect(refs.filter((ref) => !ref.startsWith('#/') || !resolves(ref))).toEqual([]);
  });
});
