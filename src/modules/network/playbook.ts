import { z } from 'zod';
import { IncidentCategory, Lang } from './model.js';
import type { StixBody, StoredObject } from './objects.store.js';
import { ATALAYA_EXTENSION, commonProperties, orgIdOfIdentityRef } from './stix.js';
import type { Marking } from './tlp.js';

const Text = z.object({
  title: z.string().trim().min(3).max(300),
  /** The playbook itself, in Markdown. */
  content: z.string().trim().min(1).max(100_000),
});

/** What a member writes in a playbook or strategy: in its own language, with translations if it has them. */
export const PlaybookFields = z.object({
  ...Text.shape,
  lang: Lang,
  translations: z.partialRecord(Lang, Text).default({}),
  /** The kinds of incident it is for. */
  categories: z.array(IncidentCategory).max(10).default([]),
  /** What changed in this version, in a line. */
  changeNote: z.string().trim().max(500).default(''),
});
export type PlaybookFields = z.infer<typeof PlaybookFields>;

/** A playbook as members read it (every language it is written in). */
export interface Playbook {
  readonly id: string;
  readonly marking: Marking;
  readonly source: string;
  readonly title: string;
  readonly content: string;
  readonly lang: string | null;
  /** Translations; `outdated` when the original changed in a version that left the translation as it was. */
  readonly translations: Partial<
    Record<z.infer<typeof Lang>, { title: string; content: string; outdated: boolean }>
  >;
  readonly categories: readonly IncidentCategory[];
  readonly changeNote: string;
  readonly created: string;
  readonly modified: string;
}

// Read leniently: a course of action from another tool has none of Atalaya's extension.
const AtalayaPlaybook = z.object({
  translations: z
    .partialRecord(
      Lang,
      z.object({ title: z.string(), content: z.string(), outdated: z.boolean().catch(false) }),
    )
    .catch({}),
  categories: z.array(IncidentCategory).catch([]),
  change_note: z.string().catch(''),
});
const CourseOfActionBody = z.looseObject({
  name: z.string().catch('(untitled)'),
  description: z.string().catch(''),
  lang: z.string().optional(),
  created: z.string(),
  modified: z.string(),
  extensions: z.looseObject({ [ATALAYA_EXTENSION]: z.unknown().optional() }).optional(),
});

/** Reads a stored course of action as a playbook. */
export function playbookOf(stored: StoredObject): Playbook {
  const body = CourseOfActionBody.parse(stored.body);
  const ext = AtalayaPlaybook.parse(body.extensions?.[ATALAYA_EXTENSION] ?? {});
  return {
    id: stored.stixId,
    marking: stored.marking,
    source: stored.source,
    title: body.name,
    content: body.description,
    lang: body.lang ?? null,
    translations: ext.translations,
    categories: ext.categories,
    changeNote: ext.change_note,
    created: body.created,
    modified: body.modified,
  };
}

/** One version of a playbook as a STIX 2.1 course of action, its translations in Atalaya's extension. */
export function playbookToStix(q: {
  id: string;
  created: string;
  modified: string;
  orgId: string;
  marking: Marking;
  fields: PlaybookFields;
  /** The version before, if this is a revision: whether each translation fell behind is decided against it. */
  previous: Playbook | undefined;
}): StixBody {
  const { fields, previous } = q;
  const originalChanged =
    previous !== undefined &&
    (previous.lang !== fields.lang || previous.title !== fields.title || previous.content !== fields.content);
  const translations = Object.fromEntries(
    Lang.options
      .filter((lang) => lang !== fields.lang)
      .flatMap((lang) => {
        const text = fields.translations[lang];
        if (!text) return [];
        const before = previous?.translations[lang];
        const untouched = before?.title === text.title && before.content === text.content;
        return [[lang, { ...text, outdated: untouched && (originalChanged || before.outdated) }]];
      }),
  );
  return {
    ...commonProperties({ ...q, type: 'course-of-action', tlp: q.marking.tlp, lang: fields.lang }),
    name: fields.title,
    description: fields.content,
    extensions: {
      [ATALAYA_EXTENSION]: {
        extension_type: 'property-extension',
        translations,
        categories: fields.categories,
        change_note: fields.changeNote,
      },
    },
  };
}

/** The words text search finds a playbook by, in every language it is written in. */
export function playbookText(fields: PlaybookFields): string {
  return [fields, ...Object.values(fields.translations)].map((t) => `${t.title}\n${t.content}`).join('\n');
}

/** How well a playbook worked for a member: STIX opinions, from "it did not" to "it did". */
export const VERDICTS = ['disagree', 'neutral', 'agree'] as const;
export const Verdict = z.enum(VERDICTS);

/** What a member says of a playbook it tried. */
export const FeedbackFields = z.object({
  verdict: Verdict,
  explanation: z.string().trim().max(5000).default(''),
});
export type FeedbackFields = z.infer<typeof FeedbackFields>;

/** A member's feedback on a playbook as others read it. */
export interface Feedback {
  readonly id: string;
  readonly marking: Marking;
  readonly playbookId: string;
  readonly orgId: string | null;
  readonly verdict: z.infer<typeof Verdict>;
  readonly explanation: string;
  readonly created: string;
  readonly modified: string;
}

const OpinionBody = z.looseObject({
  opinion: z.string(),
  explanation: z.string().catch(''),
  object_refs: z.array(z.string()).catch([]),
  created_by_ref: z.string().optional(),
  created: z.string(),
  modified: z.string(),
});

/** Reads a stored opinion as feedback (STIX's five-point scale folded to our three). */
export function feedbackOf(stored: StoredObject): Feedback {
  const body = OpinionBody.parse(stored.body);
  const verdict = body.opinion.endsWith('disagree')
    ? 'disagree'
    : body.opinion.endsWith('agree')
      ? 'agree'
      : 'neutral';
  return {
    id: stored.stixId,
    marking: stored.marking,
    playbookId: body.object_refs[0] ?? '',
    orgId: (body.created_by_ref && orgIdOfIdentityRef(body.created_by_ref)) ?? stored.marking.ownerOrgId,
    verdict,
    explanation: body.explanation,
    created: body.created,
    modified: body.modified,
  };
}

/** One version of a member's feedback as a STIX 2.1 opinion on the playbook. */
export function feedbackToStix(q: {
  id: string;
  created: string;
  modified: string;
  orgId: string;
  marking: Marking;
  playbookId: string;
  fields: FeedbackFields;
}): StixBody {
  return {
    ...commonProperties({ ...q, type: 'opinion', tlp: q.marking.tlp }),
    opinion: q.fields.verdict,
    ...(q.fields.explanation && { explanation: q.fields.explanation }),
    object_refs: [q.playbookId],
  };
}
