import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const Localized = (max: number) =>
  z.strictObject({
    en: z.string().trim().min(1).max(max),
    es: z.string().trim().min(1).max(max),
    fr: z.string().trim().min(1).max(max),
  });
export type Localized = { en: string; es: string; fr: string };

export const TEST_KINDS = ['pre', 'post', 'delayed'] as const;
export const TestKind = z.enum(TEST_KINDS);
export type TestKind = z.infer<typeof TestKind>;

export const FORMS = ['A', 'B', 'C'] as const;
export const Form = z.enum(FORMS);
export type Form = z.infer<typeof Form>;

/** Parallel forms: the pre-test, post-test and delayed test each draw a different form from the bank. */
export const FORM_OF: Readonly<Record<TestKind, Form>> = { pre: 'A', post: 'B', delayed: 'C' };

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'an id is lower-case letters, digits and dashes');
const Percent = z.number().int().min(0).max(100);

export const Item = z.strictObject({
  id: Id,
  topic: Id,
  form: Form,
  stem: Localized(1000),
  options: z.array(Localized(300)).min(2).max(6),
  answer: z.number().int().min(0).max(5),
});
export type Item = z.infer<typeof Item>;

const CourseShape = z.strictObject({
  format: z.literal('atalaya.course/1'),
  id: Id,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version looks like 1.0.0'),
  published: z.iso.date(),
  title: Localized(200),
  summary: Localized(2000),
  provenance: Localized(1000),
  objectives: z.array(Localized(500)).min(1).max(30),
  rules: z.strictObject({
    completion: z.strictObject({ attendance: z.boolean(), postTestMin: Percent }),
    trainerCertification: z.strictObject({ postTestMin: Percent, teachBack: z.boolean() }),
    validityMonths: z.strictObject({
      participant: z.number().int().min(1).max(120),
      certified_trainer: z.number().int().min(1).max(120),
      master_trainer: z.number().int().min(1).max(120),
    }),
    testMinutes: z.number().int().min(5).max(240),
    delayedTestDays: z.number().int().min(14).max(365),
    delayedTestWindowDays: z.number().int().min(7).max(180),
  }),
  topics: z
    .array(z.strictObject({ id: Id, title: Localized(200), lesson: Localized(20_000) }))
    .min(1)
    .max(40),
  toolkit: z.array(z.strictObject({ id: Id, title: Localized(200), body: Localized(20_000) })).max(40),
  items: z.array(Item).min(3).max(500),
});

/** A course version as the API shows it: the answer key only to members who run training. */
export const CourseView = CourseShape.extend({
  items: z.array(Item.extend({ answer: Item.shape.answer.optional() })),
});

/**
 * A course version: lessons (Markdown), trainer toolkit, objectives, rules, and an item bank split into
 * parallel forms. Besides the shape: ids are unique, every item's topic exists, every answer is one of its
 * options, and each form has at least one item of every topic.
 */
export const Course = CourseShape.superRefine((course, ctx) => {
  const topics = new Set(course.topics.map((t) => t.id));
  if (topics.size !== course.topics.length)
    ctx.addIssue({ code: 'custom', message: 'topic ids must be unique' });
  const items = new Set(course.items.map((i) => i.id));
  if (items.size !== course.items.length)
    ctx.addIssue({ code: 'custom', message: 'item ids must be unique' });
  for (const item of course.items) {
    if (!topics.has(item.topic))
      ctx.addIssue({ code: 'custom', message: `item ${item.id} names unknown topic ${item.topic}` });
    if (item.answer >= item.options.length)
      ctx.addIssue({ code: 'custom', message: `item ${item.id}: the answer is not one of its options` });
  }
  for (const form of FORMS)
    for (const topic of topics)
      if (!course.items.some((i) => i.form === form && i.topic === topic))
        ctx.addIssue({ code: 'custom', message: `form ${form} has no item on topic ${topic}` });
});
export type Course = z.infer<typeof Course>;

/** The stable fingerprint of a course's content. */
export function courseSha256(course: Course): string {
  return createHash('sha256').update(JSON.stringify(course)).digest('hex');
}

/** The items of one parallel form, in bank order. */
export function formItems(course: Course, form: Form): Item[] {
  return course.items.filter((i) => i.form === form);
}

/** Scores answers (item id → chosen option) against the items asked; unanswered items score 0. */
export function scoreAnswers(
  items: readonly Item[],
  answers: Readonly<Record<string, number>>,
): { score: number; max: number } {
  return { score: items.filter((i) => answers[i.id] === i.answer).length, max: items.length };
}

/** Whole per cent, rounded down so that a threshold is never met by rounding. */
export function percent(score: number, max: number): number {
  return max === 0 ? 0 : Math.floor((score * 100) / max);
}

export const BUILT_IN_COURSE_DIR = join(import.meta.dirname, '..', '..', '..', 'content', 'courses');

/** Reads and validates every built-in course; a broken file is a bug and stops the start with its name. */
export function loadBuiltInCourses(dir = BUILT_IN_COURSE_DIR): Course[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const parsed = Course.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (!parsed.success) throw new Error(`content/courses/${name}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}
