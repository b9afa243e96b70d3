import type { Db, Tx } from '../../platform/db.js';
import type { SupportedLocale } from '../../platform/i18n/index.js';
import { newSecret, sha256Hex } from '../../platform/ids.js';
import type { CourseCatalogue } from './catalogue.js';
import { findPeople } from './people.store.js';
import { addLearnerLink, findByLearnerToken } from './roster.store.js';
import { findSessionById } from './sessions.store.js';

/**
 * Personal learner links: a secret in the address opens one person's page of one session. Only the secret's
 * hash is stored; a new link never invalidates the earlier ones (a learner may use any e-mail they received).
 */
export function createLearnerLinks(deps: {
  readonly db: Db;
  readonly publicUrl: string;
  readonly catalogue: CourseCatalogue;
}) {
  const { db, catalogue } = deps;
  const hashToken = (token: string) => sha256Hex(`learner:${token}`);

  return {
    /** The address of a learner's page; in a message, opening in the message's language. */
    url: (token: string, locale?: SupportedLocale) =>
      `${deps.publicUrl}/learn/${token}${locale ? `?lang=${locale}` : ''}`,

    /** Issues a new personal link for a roster entry; earlier links keep working. */
    async issue(t: Tx, sessionId: string, personId: string): Promise<string> {
      const token = newSecret(24);
      await addLearnerLink(t, { sessionId, personId, sha256: hashToken(token) });
      return token;
    },

    /** The roster entry, session, course and person behind a link; undefined for an unknown one. */
    async open(token: string) {
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
      const entry = await findByLearnerToken(db, hashToken(token));
      if (!entry) return undefined;
      const session = await findSessionById(db, entry.sessionId);
      if (!session) return undefined;
      const course = await catalogue.load(session.orgId, session.courseId, session.courseVersion);
      const [person] = await findPeople(db, session.orgId, [entry.personId]);
      if (!course || !person) return undefined;
      return { entry, session, course, person };
    },
  };
}

export type LearnerLinks = ReturnType<typeof createLearnerLinks>;
