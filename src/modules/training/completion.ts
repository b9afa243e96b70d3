import type { Audience } from './model.js';
import type { Course } from './course.js';

/** What is still missing before a certificate can be issued. */
export type Missing = 'attendance' | 'post_test' | 'post_test_score' | 'teach_back' | 'trainer_score';

export interface Completion {
  /** Completed the course: may receive the participant certificate. */
  readonly completed: boolean;
  /** Met the trainer certification rules (training-of-trainers sessions only). */
  readonly trainerCertified: boolean;
  /** Reasons, in the order a trainer would fix them; empty for a trainer-certified person. */
  readonly missing: readonly Missing[];
}

/**
 * The course's completion and trainer-certification rules applied to one person in one session:
 * attendance, the post-test threshold, and — for trainers — the higher threshold and a passed teach-back.
 */
export function completionOf(q: {
  rules: Course['rules'];
  audience: Audience;
  attended: boolean;
  postPercent: number | null;
  teachBack: 'passed' | 'not_yet' | null;
}): Completion {
  const missing: Missing[] = [];
  if (q.rules.completion.attendance && !q.attended) missing.push('attendance');
  if (q.postPercent === null) missing.push('post_test');
  else if (q.postPercent < q.rules.completion.postTestMin) missing.push('post_test_score');
  const completed = missing.length === 0;
  if (q.audience === 'trainers') {
    const rule = q.rules.trainerCertification;
    if (
      q.postPercent !== null &&
      q.postPercent >= q.rules.completion.postTestMin &&
      q.postPercent < rule.postTestMin
    )
      missing.push('trainer_score');
    if (rule.teachBack && q.teachBack !== 'passed') missing.push('teach_back');
  }
  return { completed, trainerCertified: q.audience === 'trainers' && missing.length === 0, missing };
}
