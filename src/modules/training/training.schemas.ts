/** The shapes the training API parses and answers, shared by its route groups. */
import type { Clock } from '../../platform/clock.js';
import { z } from 'zod';
import { Audience, CertificateStatus, SessionStatus } from './model.js';
import { type RequireAccess } from '../identity/index.js';
import { type TrainerNode } from './analysis.js';
import type { CredentialsService } from './credentials.service.js';
import { Gender } from './model.js';
import type { RosterView, SessionView, TrainingService } from './training.service.js';

export const OrgParams = z.strictObject({ orgId: z.uuid() });
export const SessionParams = OrgParams.extend({ sessionId: z.uuid() });
export const PersonParams = SessionParams.extend({ personId: z.uuid() });
// Unknown ids and versions answer 404 from the service, like any other missing course.
export const CourseParams = OrgParams.extend({ courseId: z.string().max(100), version: z.string().max(100) });
export const text = (max: number) => z.string().trim().max(max);
export const Lang = z.strictObject({ lang: z.enum(['en', 'es', 'fr']).optional() });
const TrainerRef = z.union([z.strictObject({ personId: z.uuid() }), z.strictObject({ userId: z.uuid() })]);
export const PersonIn = z.strictObject({
  name: text(200).min(1),
  email: z.email().max(320),
  gender: Gender.nullable().default(null),
  unitId: z.uuid().nullable().default(null),
});
export const Localized = z.object({ en: z.string(), es: z.string(), fr: z.string() });
export const Status = CertificateStatus;
const SessionLocale = z
  .enum(['en', 'es', 'fr'])
  .nullable()
  .describe(
    "The language the session is held in, for mail to participants who chose none; null: the organisation's",
  );

export const SessionBody = z.strictObject({
  courseId: text(63),
  courseVersion: text(20),
  title: text(200).min(2),
  startsOn: z.iso.date(),
  place: text(300).default(''),
  remote: z.boolean().default(false),
  locale: SessionLocale.default(null),
  audience: Audience,
  unitId: z.uuid().nullable().default(null),
  lead: TrainerRef,
  coTrainers: z.array(TrainerRef).max(10).default([]),
});
export const SessionPatch = z.strictObject({
  version: z.number().int().min(1),
  title: text(200).min(2).optional(),
  startsOn: z.iso.date().optional(),
  place: text(300).optional(),
  remote: z.boolean().optional(),
  locale: SessionLocale.optional(),
  unitId: z.uuid().nullable().optional(),
  closed: z.boolean().optional(),
  /** Opens the test after the course to everyone, pre-test taken or not (and false closes it again). */
  postTestOpen: z.boolean().optional(),
});

export const PersonOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  gender: z.string().nullable(),
  unitId: z.string().nullable(),
  userId: z.string().nullable(),
});
const Test = z.object({ percent: z.number().nullable(), submitted: z.boolean() }).nullable();
export const SessionSummaryOut = z.object({
  id: z.string(),
  courseId: z.string(),
  courseVersion: z.string(),
  title: z.string(),
  startsOn: z.string(),
  place: z.string(),
  remote: z.boolean(),
  locale: SessionLocale,
  generation: z
    .number()
    .describe(
      "The trainers' generation, derived from who leads: 0 for master trainers, n + 1 for a trainer certified in a generation-n session. Its participants are generation + 1 (G1: trained by master trainers).",
    ),
  audience: Audience,
  unitId: z.string().nullable(),
  status: SessionStatus,
  version: z.number(),
  postTestOpenedAt: z.date().nullable(),
});
export const SessionOut = z.object({
  session: SessionSummaryOut,
  courseTitle: Localized,
  rules: z.object({
    completion: z.object({ attendance: z.boolean(), postTestMin: z.number() }),
    trainerCertification: z.object({ postTestMin: z.number(), teachBack: z.boolean() }),
  }),
  trainers: z.array(z.object({ person: PersonOut, role: z.enum(['lead', 'co']) })),
  roster: z.array(
    z.object({
      person: PersonOut,
      attendedAt: z.string().nullable(),
      attendanceMethod: z.enum(['roster', 'qr']).nullable(),
      teachBack: z.enum(['passed', 'not_yet']).nullable(),
      tests: z.object({ pre: Test, post: Test, delayed: Test }),
      completion: z.object({
        completed: z.boolean(),
        trainerCertified: z.boolean(),
        missing: z.array(z.string()),
      }),
      certificates: z.array(z.object({ id: z.string(), achievement: z.string(), status: Status })),
    }),
  ),
  summary: z.object({
    enrolled: z.number(),
    attended: z.number(),
    completed: z.number(),
    preMean: z.number().nullable(),
    postMean: z.number().nullable(),
    gain: z.number().nullable(),
  }),
});

export function presentSession(view: SessionView) {
  return {
    ...view,
    trainers: [...view.trainers],
    roster: view.roster.map((r: RosterView) => ({
      ...r,
      attendedAt: r.attendedAt?.toISOString() ?? null,
      completion: { ...r.completion, missing: [...r.completion.missing] },
      certificates: [...r.certificates],
    })),
  };
}

const Breakdown = z.record(z.string(), z.number());
const TrainerNodeOut: z.ZodType = z
  .lazy(() =>
    z.object({
      personId: z.string(),
      name: z.string(),
      generation: z.number(),
      certified: z.boolean(),
      master: z.boolean(),
      sessionsDelivered: z.number(),
      trained: z.number(),
      downline: z.number(),
      children: z.array(TrainerNodeOut),
    }),
  )
  .meta({ id: 'TrainerNode', description: 'A trainer in the cascade and the trainers they trained.' });
export const CascadeOut = z.object({
  generations: z.array(
    z.object({
      generation: z.number(),
      sessions: z.number(),
      reach: z.number(),
      byGender: Breakdown,
      byUnit: Breakdown,
      preMean: z.number().nullable(),
      postMean: z.number().nullable(),
      gain: z.number().nullable(),
      gainByGender: z.record(z.string(), z.number().nullable()),
      delayedMean: z.number().nullable(),
      retention: z.number().nullable(),
      delayedTaken: z.number(),
    }),
  ),
  reach: z.number(),
  byGender: Breakdown,
  byUnit: Breakdown,
  trainersCertified: z.number(),
  cascadeTrained: z.number(),
  directTrained: z.number(),
  multiplier: z.number().nullable(),
  activation: z.number().nullable(),
  activeTrainers: z.number(),
  retention: z.number().nullable(),
  retentionEligible: z.number(),
  depth: z.number(),
  tree: z.array(TrainerNodeOut),
  units: z.record(z.string(), z.string()),
  genders: z.array(z.string()),
});

/** Response shapes, for the web app's typed client. */
export type SessionResponse = z.infer<typeof SessionOut>;
export type CascadeResponse = Omit<z.infer<typeof CascadeOut>, 'tree'> & { tree: TrainerNode[] };

export const tags = ['training'];

/** Routes for trainers and coordinators: courses, sessions, rosters, check-in, certificates, the cascade. */

/** What the route groups share: the services, the access gate for training, and the clock. */
export interface TrainingRouteDeps {
  readonly training: TrainingService;
  readonly credentials: CredentialsService;
  readonly requireAccess: RequireAccess;
  readonly clock: Clock;
  readonly access: (
    request: { params: { orgId: string } },
    level: 'read' | 'write',
  ) => ReturnType<RequireAccess>;
}
