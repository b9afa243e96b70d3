import type { Reply } from '../../api';

// Replies as JSON carries them, from the server's OpenAPI document (type-only: nothing of the server is bundled).

/** A session with trainers, roster, results and certificates. */
export type SessionResponse = Reply<'/api/v1/orgs/{orgId}/training/sessions/{sessionId}'>;
/** A session as the list shows it. */
export type SessionListing = Reply<'/api/v1/orgs/{orgId}/training/sessions'>['sessions'][number];
/** One course version, whole, with its lessons and toolkit rendered. */
export type CourseResponse = Reply<'/api/v1/orgs/{orgId}/training/courses/{courseId}/{version}'>;
export type Course = CourseResponse['course'];
/** A course version as the catalogue lists it. */
export type CourseListing = Reply<'/api/v1/orgs/{orgId}/training/courses'>['courses'][number];
export type ItemStats =
  Reply<'/api/v1/orgs/{orgId}/training/courses/{courseId}/{version}/analysis'>['items'][number];
export type CertificateListing = Reply<'/api/v1/orgs/{orgId}/training/certificates'>['certificates'][number];
/** The cascade's measures and the tree of who trained whom. */
export type CascadeResponse = Reply<'/api/v1/orgs/{orgId}/training/cascade'>;
export type TrainerNode = CascadeResponse['tree'][number];

/** The language a course text is shown in. */
export function courseLang(language: string): 'en' | 'es' | 'fr' {
  return language === 'es' || language === 'fr' ? language : 'en';
}
