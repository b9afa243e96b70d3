import { markingRefOf } from './tlp.js';
import type { Tlp } from './model.js';

/** Atalaya's own STIX extension (election context on incidents, indicators and sightings). */
export const ATALAYA_EXTENSION = 'extension-definition--0e151528-9237-4687-9122-6c23c0771956';

/** The Incident Core Extension of `oasis-open/cti-stix-common-objects`. */
export const INCIDENT_CORE_EXTENSION = 'extension-definition--ef765651-680c-498d-9894-99799f2fa126';

/** The STIX identity object that stands for an organisation: the same UUID, so either finds the other. */
export function identityRefOf(orgId: string): string {
  return `identity--${orgId}`;
}

/** The organisation an identity ref stands for, when it is one of ours. */
export function orgIdOfIdentityRef(ref: string): string | undefined {
  const match = /^identity--([0-9a-f-]{36})$/.exec(ref);
  return match?.[1];
}

/**
 * A STIX timestamp: UTC, millisecond precision at least. A new version's `modified` must be later than the one
 * before, so a version made in the same millisecond moves one millisecond on.
 */
export function stixTimestamp(at: Date, after?: string): string {
  const floor = after ? Date.parse(after) + 1 : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(at.getTime(), floor)).toISOString();
}

/** The common properties of a new version of an SDO or SRO marked `tlp`, shared by `orgId`. */
export function commonProperties(q: {
  type: string;
  id: string;
  created: string;
  modified: string;
  orgId: string;
  tlp: Tlp;
  lang?: string | undefined;
}) {
  return {
    type: q.type,
    spec_version: '2.1',
    id: q.id,
    created: q.created,
    modified: q.modified,
    created_by_ref: identityRefOf(q.orgId),
    object_marking_refs: [markingRefOf(q.tlp)],
    ...(q.lang && { lang: q.lang }),
  };
}
