import { z } from 'zod';
import type { Marking } from './tlp.js';
import type { StixBody, StoredObject } from './objects.store.js';
import { ATALAYA_EXTENSION, commonProperties, identityRefOf, orgIdOfIdentityRef } from './stix.js';

/** "We saw this too": how often, when, and where (in words, such as a system or a province). */
export const SightingShape = z.object({
  count: z.number().int().min(1).max(999_999_999).default(1),
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
  where: z.string().trim().max(500).default(''),
});

/** A sighting ends no earlier than it starts. */
export const seenInOrder: [
  (f: { firstSeen: string; lastSeen: string }) => boolean,
  { message: string; path: string[] },
] = [
  (f) => Date.parse(f.lastSeen) >= Date.parse(f.firstSeen),
  { message: 'lastSeen is before firstSeen', path: ['lastSeen'] },
];
export type SightingFields = z.infer<typeof SightingShape>;

/** A sighting as members read it. */
export interface Sighting {
  readonly id: string;
  readonly marking: Marking;
  readonly indicatorId: string;
  /** The organisation that saw it (when it is one of this deployment's). */
  readonly sightedBy: string | null;
  readonly count: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly where: string;
  readonly created: string;
}

const SightingBody = z.looseObject({
  sighting_of_ref: z.string(),
  where_sighted_refs: z.array(z.string()).catch([]),
  count: z.number().catch(1),
  first_seen: z.string().optional().catch(undefined),
  last_seen: z.string().optional().catch(undefined),
  created: z.string(),
  extensions: z.looseObject({ [ATALAYA_EXTENSION]: z.unknown().optional() }).optional(),
});
const AtalayaSighting = z.object({ where: z.string().catch('') });

/** Reads a stored sighting. */
export function sightingOf(stored: StoredObject): Sighting {
  const body = SightingBody.parse(stored.body);
  const where = AtalayaSighting.parse(body.extensions?.[ATALAYA_EXTENSION] ?? {}).where;
  const sightedBy = body.where_sighted_refs.map(orgIdOfIdentityRef).find((id) => id !== undefined);
  return {
    id: stored.stixId,
    marking: stored.marking,
    indicatorId: body.sighting_of_ref,
    sightedBy: sightedBy ?? stored.marking.ownerOrgId,
    count: body.count,
    firstSeen: body.first_seen ?? null,
    lastSeen: body.last_seen ?? null,
    where,
    created: body.created,
  };
}

/** A sighting as a STIX 2.1 sighting of an indicator, sighted where the sharing organisation is. */
export function sightingToStix(q: {
  id: string;
  created: string;
  orgId: string;
  marking: Marking;
  indicatorId: string;
  fields: SightingFields;
}): StixBody {
  const { fields } = q;
  return {
    ...commonProperties({ ...q, type: 'sighting', modified: q.created, tlp: q.marking.tlp }),
    sighting_of_ref: q.indicatorId,
    where_sighted_refs: [identityRefOf(q.orgId)],
    count: fields.count,
    first_seen: new Date(fields.firstSeen).toISOString(),
    last_seen: new Date(fields.lastSeen).toISOString(),
    ...(fields.where && {
      extensions: { [ATALAYA_EXTENSION]: { extension_type: 'property-extension', where: fields.where } },
    }),
  };
}
