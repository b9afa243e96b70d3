import { createHash } from 'node:crypto';
import { ACHIEVEMENT_TEXT, type Achievement } from './achievements.js';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './documents.js';

/** Initials only: the verification page shows no more of a person's name than this. */
export function initialsOf(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .map((part) => part.codePointAt(0))
    .map((code) => (code === undefined ? '' : String.fromCodePoint(code).toUpperCase()))
    .join('');
  return (letters || '?').slice(0, 8);
}

/** The salted e-mail hash an `IdentityObject` carries (`sha256$<hex>` of e-mail + salt). */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(`${email.trim().toLowerCase()}${salt}`).digest('hex')}`;
}

/** An instant as VC 2.0 dates are written here: whole seconds, UTC. */
export const vcDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A certificate's entry on a Bitstring status list (the list credential's URL and the bit's index). */
export interface StatusEntry {
  readonly listUrl: string;
  readonly index: number;
}

/**
 * The unsigned Open Badges 3.0 credential (a VC 2.0 `OpenBadgeCredential`) for one person: the issuer's
 * profile, the achievement's text, the person as a salted e-mail hash, and its revocation and suspension
 * entries.
 */
export function openBadgeCredential(q: {
  id: string;
  issuer: { id: string; name: string };
  achievement: Achievement;
  achievementUrl: string;
  email: string;
  salt: string;
  validFrom: Date;
  validUntil: Date | null;
  revocation: StatusEntry;
  suspension: StatusEntry;
}): Record<string, unknown> {
  const text = ACHIEVEMENT_TEXT[q.achievement];
  const entry = (purpose: string, e: StatusEntry) => ({
    id: `${e.listUrl}#${e.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(e.index),
    statusListCredential: e.listUrl,
  });
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: `urn:uuid:${q.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: text.name,
    issuer: { id: q.issuer.id, type: ['Profile'], name: q.issuer.name },
    validFrom: vcDate(q.validFrom),
    ...(q.validUntil && { validUntil: vcDate(q.validUntil) }),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          hashed: true,
          identityType: 'emailAddress',
          identityHash: identityHash(q.email, q.salt),
          salt: q.salt,
        },
      ],
      achievement: {
        id: q.achievementUrl,
        type: ['Achievement'],
        achievementType: text.type,
        name: text.name,
        description: text.description,
        criteria: { narrative: text.criteria },
      },
    },
    credentialStatus: [entry('revocation', q.revocation), entry('suspension', q.suspension)],
  };
}
