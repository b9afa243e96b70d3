import { sha256Hex } from './ids.js';

/** Renders a readable, script-free API reference from the OpenAPI document. */
export function renderApiReference(doc: unknown): string {
  const paths = isRecord(doc) && isRecord(doc['paths']) ? doc['paths'] : {};
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isRecord(op)) continue;
      const tags = Array.isArray(op['tags']) ? op['tags'].map(String) : ['other'];
      const summary = typeof op['summary'] === 'string' ? op['summary'] : '';
      const description = typeof op['description'] === 'string' ? `<p>${escape(op['description'])}</p>` : '';
      const row = `<li><code>${escape(method.toUpperCase())} ${escape(path)}</code> — ${escape(summary)}${description}</li>`;
      for (const tag of tags) byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  }
  const sections = [...byTag.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([tag, rows]) =>
        `<section><h2 id="${escape(tag)}">${escape(tag)}</h2><ul>${rows.join('')}</ul></section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Atalaya API reference</title><link rel="stylesheet" href="/public/assets/public.css"></head><body><main><h1>Atalaya API reference</h1><p>Machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Authenticate with the session cookie (browser) or <code>Authorization: Bearer &lt;api-token&gt;</code>. Errors are <code>{"error": {"id", "message"}}</code>.</p>${sections}</main></body></html>`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The response header that carries the API document's digest on every `/api/` reply. */
export const API_DIGEST_HEADER = 'atalaya-api-digest';

/**
 * A short digest of the OpenAPI document's contract: its paths and schemas, which change whenever a request or
 * reply changes. Deployment details (the session cookie's name, the server's address) are left out, so every
 * deployment of one version has the same digest.
 */
export function apiDocumentDigest(doc: unknown): string {
  const record = isRecord(doc) ? doc : {};
  const components = isRecord(record['components']) ? record['components'] : {};
  return sha256Hex(JSON.stringify({ paths: record['paths'], schemas: components['schemas'] })).slice(0, 16);
}
