import { z } from 'zod';
import { Lang } from './model.js';
import type { Marking } from './tlp.js';
import type { StixBody, StoredObject } from './objects.store.js';
import { ATALAYA_EXTENSION, commonProperties } from './stix.js';

/** What a member says in a comment on an incident. */
export const CommentFields = z.object({
  text: z.string().trim().min(1).max(10_000),
  lang: Lang.optional(),
});
export type CommentFields = z.infer<typeof CommentFields>;

/** A file attached to a comment: stored by its SHA-256, which the comment carries for anyone to check. */
export interface Attachment {
  readonly sha256: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
}

/** A comment as members read it. */
export interface Comment {
  readonly id: string;
  readonly marking: Marking;
  /** What it comments on (an incident). */
  readonly objectId: string;
  readonly text: string;
  readonly attachments: readonly Attachment[];
  readonly lang: string | null;
  readonly created: string;
  readonly modified: string;
}

/** The external reference name under which a comment lists its attachments' hashes (any STIX reader sees them). */
const ATTACHMENT_SOURCE = 'atalaya-attachment';

const AttachmentOut = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  filename: z.string(),
  media_type: z.string(),
  size: z.number().int().nonnegative(),
});
const NoteBody = z.looseObject({
  content: z.string().catch(''),
  object_refs: z.array(z.string()).catch([]),
  lang: z.string().optional(),
  created: z.string(),
  modified: z.string(),
  extensions: z.looseObject({ [ATALAYA_EXTENSION]: z.unknown().optional() }).optional(),
});
const AtalayaNote = z.object({ attachments: z.array(AttachmentOut).catch([]) });

/** Reads a stored note as a comment. */
export function commentOf(stored: StoredObject): Comment {
  const body = NoteBody.parse(stored.body);
  const ext = AtalayaNote.parse(body.extensions?.[ATALAYA_EXTENSION] ?? {});
  return {
    id: stored.stixId,
    marking: stored.marking,
    objectId: body.object_refs[0] ?? '',
    text: body.content,
    attachments: ext.attachments.map((a) => ({
      sha256: a.sha256,
      filename: a.filename,
      mediaType: a.media_type,
      size: a.size,
    })),
    lang: body.lang ?? null,
    created: body.created,
    modified: body.modified,
  };
}

/** One version of a comment as a STIX 2.1 note on the object it is about, its attachments hashed. */
export function commentToStix(q: {
  id: string;
  created: string;
  modified: string;
  orgId: string;
  marking: Marking;
  objectId: string;
  fields: CommentFields;
  attachments: readonly Attachment[];
}): StixBody {
  const { attachments } = q;
  return {
    ...commonProperties({ ...q, type: 'note', tlp: q.marking.tlp, lang: q.fields.lang }),
    content: q.fields.text,
    object_refs: [q.objectId],
    ...(attachments.length > 0 && {
      external_references: attachments.map((a) => ({
        source_name: ATTACHMENT_SOURCE,
        description: a.filename,
        hashes: { 'SHA-256': a.sha256 },
      })),
      extensions: {
        [ATALAYA_EXTENSION]: {
          extension_type: 'property-extension',
          attachments: attachments.map((a) => ({
            sha256: a.sha256,
            filename: a.filename,
            media_type: a.mediaType,
            size: a.size,
          })),
        },
      },
    }),
  };
}
