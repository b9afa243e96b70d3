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

/** A trainer's role in a session: the lead trainer, or one of the co-trainers. */
export const TRAINER_ROLES = ['lead', 'co'] as const;
export const TrainerRole = z.enum(TRAINER_ROLES);
export type TrainerRole = z.infer<typeof TrainerRole>;

/** How attendance was taken: marked on the roster by the trainer, or by the person scanning the QR code. */
export const ATTENDANCE_METHODS = ['roster', 'qr'] as const;
export const AttendanceMethod = z.enum(ATTENDANCE_METHODS);
export type AttendanceMethod = z.infer<typeof AttendanceMethod>;

/** A master trainer's verdict on a future trainer's teach-back. */
export const TEACH_BACK_RESULTS = ['passed', 'not_yet'] as const;
export const TeachBack = z.enum(TEACH_BACK_RESULTS);
export type TeachBack = z.infer<typeof TeachBack>;

/** What a person of the register may say about their gender, for disaggregated statistics. */
export const GENDERS = ['woman', 'man', 'other', 'undisclosed'] as const;
export const Gender = z.enum(GENDERS);
export type Gender = z.infer<typeof Gender>;

/** The two Bitstring status lists every certificate has an entry on. */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export const StatusPurpose = z.enum(STATUS_PURPOSES);
export type StatusPurpose = z.infer<typeof StatusPurpose>;
