import { z } from 'zod';
import { UploadFilename, UploadMediaType } from '../../platform/http.js';
import { AnswerKind, AssessmentStatus, type Assessment } from './model.js';
import { Effort, Pack, Tier } from './pack.js';

/** The versioned whole-assessment file: the pack it answers, the assessment, every answer and evidence file. */
export const ASSESSMENT_FILE_FORMAT = 'atalaya.assessment/1';

const EvidenceFile = z.strictObject({
  filename: UploadFilename,
  mediaType: UploadMediaType,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentBase64: z.base64(),
});

/** The file's schema; an import is parsed by it before anything is written. */
export const AssessmentFile = z.strictObject({
  format: z.literal(ASSESSMENT_FILE_FORMAT),
  exportedAt: z.iso.datetime(),
  pack: Pack,
  assessment: z.strictObject({
    title: z.string().trim().min(2).max(200),
    scope: z.string().max(2000),
    tier: Tier,
    highRiskDomains: z.array(z.string().regex(/^[A-Z]{2,6}$/)).max(30),
    status: AssessmentStatus,
    createdAt: z.iso.datetime(),
    finalisedAt: z.iso.datetime().nullable(),
  }),
  answers: z
    .array(
      z.strictObject({
        controlId: z.string().regex(/^[A-Z]{2,6}-\d{2,3}$/),
        kind: AnswerKind,
        score: z.number().int().min(0).max(4).nullable(),
        justification: z.string().max(4000),
        comment: z.string().max(4000),
        review: z.boolean(),
        effort: Effort.nullable(),
        evidence: z.array(EvidenceFile).max(50),
      }),
    )
    .max(1000),
});
export type AssessmentFile = z.infer<typeof AssessmentFile>;

/** Writes an assessment with its pack and evidence bytes as one self-contained file. */
export function toAssessmentFile(q: {
  assessment: Assessment;
  pack: Pack;
  evidence: ReadonlyMap<string, Buffer>;
  now: Date;
}): AssessmentFile {
  const { assessment: a } = q;
  return {
    format: ASSESSMENT_FILE_FORMAT,
    exportedAt: q.now.toISOString(),
    pack: q.pack,
    assessment: {
      title: a.title,
      scope: a.scope,
      tier: a.tier,
      highRiskDomains: a.highRiskDomains,
      status: a.status,
      createdAt: a.createdAt,
      finalisedAt: a.finalisedAt,
    },
    answers: a.answers.map((x) => ({
      controlId: x.controlId,
      kind: x.kind,
      score: x.score,
      justification: x.justification,
      comment: x.comment,
      review: x.review,
      effort: x.effort,
      evidence: x.evidence.map((e) => ({
        filename: e.filename,
        mediaType: e.mediaType,
        sha256: e.sha256,
        contentBase64: (q.evidence.get(e.sha256) ?? Buffer.alloc(0)).toString('base64'),
      })),
    })),
  };
}

/** What an import file says that its schema cannot: answers name controls of its pack, bytes match digests. */
export function checkAssessmentFile(file: AssessmentFile): string | undefined {
  const ids = new Set(file.pack.domains.flatMap((d) => d.controls.map((c) => c.id)));
  const seen = new Set<string>();
  for (const answer of file.answers) {
    if (!ids.has(answer.controlId)) return `answer for unknown control ${answer.controlId}`;
    if (seen.has(answer.controlId)) return `two answers for ${answer.controlId}`;
    seen.add(answer.controlId);
    const scored = answer.kind === 'score' || answer.kind === 'compensating';
    if (scored !== (answer.score !== null))
      return `${answer.controlId}: score does not match the answer kind`;
    if (answer.kind === 'compensating' && (answer.score ?? 0) > 3)
      return `${answer.controlId}: compensating above 3`;
  }
  const domains = new Set(file.pack.domains.map((d) => d.id));
  const unknown = file.assessment.highRiskDomains.find((d) => !domains.has(d));
  if (unknown) return `unknown domain ${unknown}`;
  if ((file.assessment.status === 'finalised') !== (file.assessment.finalisedAt !== null))
    return 'a final assessment has a finalisation date, and only a final one';
  return undefined;
}
