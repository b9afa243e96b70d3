import { v5 as uuidV5 } from 'uuid';
import { z } from 'zod';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import { Tlp, TLP_LEVELS } from './model.js';
import { identifierType, isStixTimestamp } from './stix-validate.js';

/**
 * TAXII 2.1 (OASIS Standard, 2021-06-10) as Atalaya serves it: the media types, the collections of an API root
 * and the filters of §3.4, read from a request's query into one shape the store understands.
 *
 * Each network is an API root, and each of its collections holds one TLP level: a member reads what TLP lets
 * its organisation read at that level (tlp.ts decides), so a client that pulls the GREEN collection gets
 * exactly what the network's community may see, and nothing marked stricter ever sits in it.
 */

/** The TAXII media type: every request may ask for it and every response (errors too) is sent as it. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** The media type of the STIX content the collections hold. */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
/** The largest POST body an API root accepts (its `max_content_length`); larger ones get 413. */
export const MAX_CONTENT_LENGTH = 10 * 1024 * 1024;
/** The most objects one page holds, whatever `limit` the client asks for (§3.4 lets the server cap it). */
export const MAX_PAGE = 1000;
/** Objects per page when the client sets no `limit`. */
export const DEFAULT_PAGE = 100;

/** Namespace of collection ids: a collection's id is derived from its network and level, so it never moves. */
const COLLECTION_NAMESPACE = 'a7d0c1f0-5a3e-4c1b-9a56-2f1d5f0e8b11';

/** The id of the collection holding one TLP level of a network (a UUID, stable across restarts and copies). */
export function collectionIdOf(networkId: string, tlp: Tlp): string {
  return uuidV5(`${networkId}/${tlp}`, COLLECTION_NAMESPACE);
}

/** The TLP level a collection id of this network stands for, if it is one of them. */
export function levelOfCollection(networkId: string, collectionId: string): Tlp | undefined {
  return TLP_LEVELS.find((tlp) => collectionIdOf(networkId, tlp) === collectionId.toLowerCase());
}

/** A media type with its parameters, lower-cased and without spaces (`application/taxii+json;version=2.1`). */
function mediaTypeOf(value: string): { type: string; version: string | undefined; q: number } {
  const [type = '', ...params] = value.split(';').map((p) => p.trim().toLowerCase());
  const param = (name: string) =>
    params
      .find((p) => p.startsWith(`${name}=`))
      ?.slice(name.length + 1)
      .replace(/^"|"$/g, '');
  return { type, version: param('version'), q: Number(param('q') ?? '1') };
}

/**
 * Whether an Accept header can be met with TAXII 2.1 (§1.6.8): the TAXII type at version 2.1 or without a
 * version (the latest), or a wildcard. No header at all accepts anything.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((entry) => {
    const { type, version, q } = mediaTypeOf(entry);
    if (!(q > 0)) return false;
    if (type === '*/*' || type === 'application/*') return true;
    return type === 'application/taxii+json' && (version === undefined || version === '2.1');
  });
}

/** Whether a request body's Content-Type is TAXII 2.1's (a bare `application/taxii+json` means the latest). */
export function isTaxiiContentType(contentType: string | undefined): boolean {
  const { type, version } = mediaTypeOf(contentType ?? '');
  return type === 'application/taxii+json' && (version === undefined || version === '2.1');
}

/** Which versions of each object a request wants (`match[version]`; §3.4.1). */
export interface VersionFilter {
  readonly all: boolean;
  readonly first: boolean;
  readonly last: boolean;
  /** Exact `modified` timestamps. */
  readonly exact: readonly string[];
}

/** Everything a TAXII request filters on, parsed; `next` and `limit` aside. */
export interface TaxiiFilter {
  readonly addedAfter: string | undefined;
  readonly ids: readonly string[] | undefined;
  readonly types: readonly string[] | undefined;
  readonly versions: VersionFilter;
  readonly specVersions: readonly string[] | undefined;
}

/** The query parameters of TAXII's paged endpoints as they arrive (an unknown `match[…]` is ignored, §3.4). */
export const TaxiiQuery = z.object({
  added_after: z.string().max(64).optional(),
  limit: z.string().max(12).optional(),
  next: z.string().max(4096).optional(),
  'match[id]': z.string().max(100_000).optional(),
  'match[type]': z.string().max(10_000).optional(),
  'match[version]': z.string().max(10_000).optional(),
  'match[spec_version]': z.string().max(1000).optional(),
});
export type TaxiiQuery = z.infer<typeof TaxiiQuery>;

/** A request's filters and paging, or a 400 naming the malformed parameter (§3.4: malformed → 400). */
export function parseTaxiiQuery(
  query: TaxiiQuery,
): Result<{ filter: TaxiiFilter; limit: number; next: string | undefined }, Problem> {
  const malformed = (parameter: string) =>
    fail('invalid', 'taxii_parameter_malformed', { params: { parameter } });
  const list = (value: string | undefined) => (value === undefined ? undefined : value.split(','));
  if (query.added_after !== undefined && !isStixTimestamp(query.added_after)) return malformed('added_after');
  let limit = DEFAULT_PAGE;
  if (query.limit !== undefined) {
    if (!/^[1-9][0-9]*$/.test(query.limit)) return malformed('limit');
    limit = Math.min(Number(query.limit), MAX_PAGE);
  }
  const ids = list(query['match[id]']);
  if (ids?.some((id) => identifierType(id) === undefined)) return malformed('match[id]');
  const types = list(query['match[type]']);
  if (types?.some((type) => !/^[a-z0-9-]{1,250}$/.test(type))) return malformed('match[type]');
  const specVersions = list(query['match[spec_version]']);
  if (specVersions?.some((v) => !/^[0-9]+\.[0-9]+$/.test(v))) return malformed('match[spec_version]');
  const versionValues = list(query['match[version]']) ?? ['last'];
  const keywords = versionValues.filter((v) => v === 'all' || v === 'first' || v === 'last');
  const exact = versionValues.filter((v) => v !== 'all' && v !== 'first' && v !== 'last');
  if (
    new Set(versionValues).size !== versionValues.length ||
    (keywords.includes('all') && versionValues.length > 1) ||
    exact.some((v) => !isStixTimestamp(v))
  )
    return malformed('match[version]');
  return ok({
    filter: {
      addedAfter: query.added_after,
      ids,
      types,
      specVersions,
      versions: {
        all: keywords.includes('all'),
        first: keywords.includes('first'),
        last: keywords.includes('last'),
        exact,
      },
    },
    limit,
    next: query.next,
  });
}

/** The collections of an API root, in a fixed order (§3.3: a consistent order across requests). */
export function collectionsOf(networkId: string): { id: string; tlp: Tlp }[] {
  return TLP_LEVELS.map((tlp) => ({ id: collectionIdOf(networkId, tlp), tlp }));
}
