import { z } from 'zod';
import type { UploadMediaType } from '../../platform/http.js';
import { Effort, Tier } from './pack.js';

export const ANSWER_KINDS = ['unanswered', 'score', 'na', 'compensating'] as const;
export const AnswerKind = z.enum(ANSWER_KINDS);
export type AnswerKind = z.infer<typeof AnswerKind>;

export const ASSESSMENT_STATUSES = ['in_progress', 'finalised'] as const;
export const AssessmentStatus = z.enum(ASSESSMENT_STATUSES);
export type AssessmentStatus = z.infer<typeof AssessmentStatus>;

/** A file attached to an answer as evidence. */
export interface Evidence {
  readonly id: string;
  readonly filename: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: UploadMediaType;
}

/** One control's stored answer, with who answers it and its version for conflict checks. */
export interface AnswerRecord extends AnswerInput {
  readonly controlId: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly evidence: Evidence[];
}

/** An assessment as lists show it. */
export interface AssessmentSummary {
  readonly id: string;
  readonly orgId: string;
  readonly title: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly tier: Tier;
  readonly status: AssessmentStatus;
  readonly electionId: string | null;
  readonly answered: number;
  /** How many controls the pack has. */
  readonly controls: number;
  readonly createdAt: string;
  readonly finalisedAt: string | null;
}

/** An assessment with its answers and who is assigned to each domain. */
export interface Assessment extends AssessmentSummary {
  readonly scope: string;
  readonly highRiskDomains: string[];
  readonly domainAssignees: Record<string, string>;
  readonly answers: AnswerRecord[];
}

/** The fields of an answer a person saves. */
export interface AnswerInput {
  readonly kind: AnswerKind;
  readonly score: number | null;
  readonly justification: string;
  readonly comment: string;
  readonly review: boolean;
  readonly assigneeId: string | null;
  readonly effort: Effort | null;
}
