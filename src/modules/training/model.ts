import { z } from 'zod';

/** Who a session trains: officials (G1 and beyond train them) or future trainers (training of trainers). */
export const AUDIENCES = ['officials', 'trainers'] as const;
export const Audience = z.enum(AUDIENCES);
export type Audience = z.infer<typeof Audience>;

/** A certificate's status as a verifier sees it: from its dates and its two status-list bits. */
export const CERTIFICATE_STATUSES = ['valid', 'expired', 'revoked', 'suspended', 'not_yet_valid'] as const;
export const CertificateStatus = z.enum(CERTIFICATE_STATUSES);
export type CertificateStatus = z.infer<typeof CertificateStatus>;

/** A session is open (roster, attendance, tests) until its trainer closes it. */
export const SESSION_STATUSES = ['open', 'closed'] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;
