// Types come from the server's door (type-only: nothing of the server is bundled).
export type {
  SessionResponse,
  CascadeResponse,
  TrainerNode,
  Course,
  ItemStats,
  Missing,
} from '../../../../src/modules/training/index.js';

export interface SessionListing {
  id: string;
  title: string;
  startsOn: string;
  place: string;
  generation: number;
  audience: 'officials' | 'trainers';
  status: 'open' | 'closed';
  lead: string;
  enrolled: number;
  attended: number;
}

export interface CourseListing {
  id: string;
  version: string;
  title: { en: string; es: string; fr: string };
  builtIn: boolean;
}

export interface CertificateListing {
  id: string;
  achievement: 'participant' | 'certified_trainer' | 'master_trainer';
  holder: string;
  sessionId: string | null;
  status: 'valid' | 'expired' | 'revoked' | 'suspended' | 'not_yet_valid';
  issuedAt: string;
  validUntil: string | null;
  revokedReason: string | null;
  verifyUrl: string;
}

/** The language a course text is shown in. */
export function courseLang(language: string): 'en' | 'es' | 'fr' {
  return language === 'es' || language === 'fr' ? language : 'en';
}
