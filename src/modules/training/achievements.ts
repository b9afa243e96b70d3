import { z } from 'zod';

/** The achievements Atalaya certifies. */
export const ACHIEVEMENTS = ['participant', 'certified_trainer', 'master_trainer'] as const;
export const Achievement = z.enum(ACHIEVEMENTS);
export type Achievement = z.infer<typeof Achievement>;

/**
 * What each achievement says inside the credential (Open Badges `Achievement`). The text travels with the
 * credential and wallets show it, so it is in English, the language verifiers abroad most often read; the
 * verification page shows it in the reader's language.
 */
export const ACHIEVEMENT_TEXT: Readonly<
  Record<Achievement, { name: string; description: string; criteria: string; type: string }>
> = {
  participant: {
    name: 'Cyber hygiene for election officials — participant',
    description:
      'Completed the cyber-hygiene course for election officials: phishing, passwords and MFA, device safety, social media and doxxing, reporting incidents, threats of the election period.',
    criteria: 'Attended the session and passed the post-test.',
    type: 'Certificate',
  },
  certified_trainer: {
    name: 'Cyber hygiene for election officials — certified trainer',
    description:
      'Certified to deliver the cyber-hygiene course for election officials to colleagues in the training-of-trainers cascade.',
    criteria:
      'Passed the post-test at the trainer threshold and a supervised teach-back recorded by a master trainer.',
    type: 'Certification',
  },
  master_trainer: {
    name: 'Cyber hygiene for election officials — master trainer',
    description:
      'Certified to train and certify trainers of the cyber-hygiene course for election officials.',
    criteria: 'Certified trainer who delivered sessions and was approved as a master trainer.',
    type: 'Certification',
  },
};
