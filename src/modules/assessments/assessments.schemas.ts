import { z } from 'zod';
import { AnswerKind, AssessmentStatus } from './model.js';
import { Effort, Tier } from './pack.js';

/** The assessments API's parameters, bodies and replies: each reply schema is the whitelist of what leaves. */
export const OrgParams = z.strictObject({ orgId: z.uuid() });
export const AssessmentParams = OrgParams.extend({ assessmentId: z.uuid() });
export const ControlParams = AssessmentParams.extend({ controlId: z.string().regex(/^[A-Z]{2,6}-\d{2,3}$/) });
export const PackParams = z.strictObject({
  packId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
});
const text = (max: number) => z.string().trim().max(max);

export const CreateBody = z.strictObject({
  title: text(200).min(2),
  scope: text(2000).default(''),
  packId: PackParams.shape.packId,
  packVersion: PackParams.shape.version,
  tier: Tier,
  electionId: z.uuid().nullable().default(null),
  highRiskDomains: z
    .array(z.string().regex(/^[A-Z]{2,6}$/))
    .max(30)
    .default([]),
});
export const AnswerBody = z.strictObject({
  version: z.number().int().min(0),
  kind: AnswerKind,
  score: z.number().int().min(0).max(4).nullable().default(null),
  justification: text(4000).default(''),
  comment: text(4000).default(''),
  review: z.boolean().default(false),
  assigneeId: z.uuid().nullable().default(null),
  effort: Effort.nullable().default(null),
});

export const Summary = z.object({
  id: z.string(),
  orgId: z.string(),
  title: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  tier: Tier,
  status: AssessmentStatus,
  electionId: z.string().nullable(),
  answered: z.number(),
  controls: z.number(),
  createdAt: z.string(),
  finalisedAt: z.string().nullable(),
});
export const AssessmentOut = Summary.extend({
  scope: z.string(),
  highRiskDomains: z.array(z.string()),
  domainAssignees: z.record(z.string(), z.string()),
  answers: z.array(
    z.object({
      controlId: z.string(),
      kind: AnswerKind,
      score: z.number().nullable(),
      justification: z.string(),
      comment: z.string(),
      review: z.boolean(),
      assigneeId: z.string().nullable(),
      effort: Effort.nullable(),
      version: z.number(),
      updatedAt: z.string(),
      evidence: z.array(
        z.object({
          id: z.string(),
          filename: z.string(),
          sha256: z.string(),
          size: z.number(),
          mediaType: z.string(),
        }),
      ),
    }),
  ),
});
export const Area = z.object({
  id: z.string(),
  score: z.number().nullable(),
  level: z.number().nullable(),
  target: z.number().nullable(),
  answered: z.number(),
  applicable: z.number(),
  total: z.number(),
});
export const ResultsOut = z.object({
  results: z.object({
    overall: z.object({ score: z.number().nullable(), target: z.number().nullable() }),
    domains: z.array(Area),
    functions: z.array(Area),
    redFlags: z.array(z.string()),
    progress: z.object({ answered: z.number(), total: z.number() }),
  }),
  gaps: z.array(
    z.object({
      controlId: z.string(),
      domainId: z.string(),
      current: z.number(),
      unanswered: z.boolean(),
      target: z.number(),
      gap: z.number(),
      priority: z.number(),
      urgency: z.number(),
      effort: Effort,
      essential: z.boolean(),
      leadTimeDays: z.number(),
      bucket: z.enum(['quick_win', 'before_polling_day', 'next_cycle']),
      compensateBeforeElection: z.boolean(),
      fallback: z.array(z.string()),
      donorFundable: z.boolean(),
      dependsOn: z.array(z.string()),
      onRoadmap: z.object({ itemId: z.string(), status: z.string() }).nullable(),
    }),
  ),
  pollingDay: z.string().nullable(),
  daysToPolling: z.number().nullable(),
});
export const tags = ['assessments'];

export const PackListing = z.object({
  id: z.string(),
  version: z.string(),
  title: z.object({ en: z.string(), es: z.string(), fr: z.string() }),
  builtIn: z.boolean(),
  controls: z.number(),
  domains: z.number(),
  importedAt: z.string(),
});

export const BenchmarkOut = z.discriminatedUnion('available', [
  z.object({
    networkId: z.string(),
    networkName: z.string(),
    available: z.literal(false),
    minimum: z.number(),
  }),
  z.object({
    networkId: z.string(),
    networkName: z.string(),
    available: z.literal(true),
    contributors: z.number(),
    domains: z
      .array(
        z.object({
          id: z.string(),
          own: z.number().nullable(),
          q1: z.number(),
          median: z.number(),
          q3: z.number(),
        }),
      )
      .readonly(),
  }),
]);
