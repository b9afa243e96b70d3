/**
 * Valid example values from a route's JSON Schema (the OpenAPI document's), for tests that must send a
 * request the route would accept: the smallest value each schema allows, with ids taken from `ids` by the
 * property's name where a real one exists.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
}

/** A value valid for `schema`; `name` is the property it fills, `ids` real ids by property name. */
export function exampleOf(schema: JsonSchema, ids: Readonly<Record<string, string>>, name = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) {
    const concrete = choice.find((s) => s.type !== 'null') ?? choice[0];
    return concrete ? exampleOf(concrete, ids, name) : null;
  }
  if (schema.allOf?.[0]) return exampleOf(schema.allOf[0], ids, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const property = schema.properties?.[key];
        if (property) out[key] = exampleOf(property, ids, key);
      }
      return out;
    }
    case 'array': {
      const items = schema.items ?? {};
      return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(items, ids, name));
    }
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      return Math.min(
        Math.max(low, name.toLowerCase().includes('year') ? 2026 : low),
        schema.maximum ?? Infinity,
      );
    }
    case 'boolean':
      return false;
    case 'string':
      return stringOf(schema, ids, name);
    case undefined:
    default:
      return null;
  }
}

function stringOf(schema: JsonSchema, ids: Readonly<Record<string, string>>, name: string): string {
  switch (schema.format) {
    case 'uuid':
      return ids[name] ?? crypto.randomUUID();
    case 'date':
      return '2027-03-01';
    case 'date-time':
      return '2027-03-01T10:00:00.000Z';
    case 'email':
      return `example-${crypto.randomUUID().slice(0, 8)}@example.org`;
    case 'uri':
      return 'https://example.org/';
    case undefined:
    default:
      break;
  }
  if (ids[name]) return ids[name];
  if (/email/i.test(name)) return `example-${crypto.randomUUID().slice(0, 8)}@example.org`;
  const known = KNOWN_PATTERNS.find(([pattern]) => pattern === schema.pattern);
  if (known) return known[1];
  const length = Math.max(schema.minLength ?? 0, 3);
  return 'Example text'.padEnd(length, '.').slice(0, Math.max(length, Math.min(12, schema.maxLength ?? 12)));
}

/** Values for the patterns our schemas use, by the pattern's source. */
const KNOWN_PATTERNS: readonly (readonly [string, string])[] = [
  ['^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$', 'OBJ-1'],
  ['^\\d{6}$', '123456'],
  ['^[A-Z]{2}$', 'XA'],
  ['^\\d+\\.\\d+\\.\\d+$', '1.0.0'],
  ['^[A-Z]{2,6}-\\d{2,3}$', 'GOV-01'],
];
