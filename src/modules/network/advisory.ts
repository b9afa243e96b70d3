import { z } from 'zod';
import { Lang } from './model.js';
import type { StixBody, StoredObject } from './objects.store.js';
import { commonProperties, identityRefOf, orgIdOfIdentityRef } from './stix.js';
import type { Marking } from './tlp.js';

/** What a coordinator writes in an advisory to the network. */
export const AdvisoryFields = z.object({
  title: z.string().trim().min(3).max(300),
  /** The advice itself, in Markdown. */
  content: z.string().trim().min(1).max(50_000),
  /** Incidents and indicators the advisory is about (each must be readable by everyone the advisory is for). */
  relatedIds: z
    .array(z.string().regex(/^(incident|indicator)--[0-9a-f-]{36}$/))
    .max(50)
    .default([]),
  lang: Lang.optional(),
});
export type AdvisoryFields = z.infer<typeof AdvisoryFields>;

/** An advisory as members read it. */
export interface Advisory {
  readonly id: string;
  readonly marking: Marking;
  readonly source: string;
  readonly title: string;
  readonly content: string;
  readonly relatedIds: readonly string[];
  readonly lang: string | null;
  readonly published: string;
  readonly created: string;
  readonly modified: string;
}

const ReportBody = z.looseObject({
  name: z.string().catch('(untitled)'),
  description: z.string().catch(''),
  published: z.string().catch(''),
  object_refs: z.array(z.string()).catch([]),
  lang: z.string().optional(),
  created: z.string(),
  modified: z.string(),
});

/** Reads a stored report as an advisory. */
export function advisoryOf(stored: StoredObject): Advisory {
  const body = ReportBody.parse(stored.body);
  return {
    id: stored.stixId,
    marking: stored.marking,
    source: stored.source,
    title: body.name,
    content: body.description,
    relatedIds: body.object_refs.filter((ref) => orgIdOfIdentityRef(ref) === undefined),
    lang: body.lang ?? null,
    published: body.published || body.created,
    created: body.created,
    modified: body.modified,
  };
}

/**
 * One version of an advisory as a STIX 2.1 threat report. A report must refer to something: one about no
 * incident or indicator refers to the identity of the coordinator that wrote it.
 */
export function advisoryToStix(q: {
  id: string;
  created: string;
  modified: string;
  orgId: string;
  marking: Marking;
  fields: AdvisoryFields;
}): StixBody {
  const { fields } = q;
  return {
    ...commonProperties({ ...q, type: 'report', tlp: q.marking.tlp, lang: fields.lang }),
    name: fields.title,
    description: fields.content,
    report_types: ['threat-report'],
    published: q.created,
    object_refs: fields.relatedIds.length > 0 ? [...new Set(fields.relatedIds)] : [identityRefOf(q.orgId)],
  };
}
