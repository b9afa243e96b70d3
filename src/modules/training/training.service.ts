import { systemActor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { FileStore } from '../../platform/files.js';
import type { Mailer } from '../../platform/mail.js';
import { ok } from '../../platform/result.js';
import type { SecretBox } from '../../platform/secrets.js';
import type { Transactor } from '../audit/index.js';
import type { Directory } from '../identity/index.js';
import { createCourseCatalogue } from './catalogue.js';
import { certificationPart } from './certification.service.js';
import { checkinPart } from './checkin.service.js';
import { checkinContext, listUnsealedCheckinSecrets, sealCheckinSecret } from './checkin.store.js';
import { coursesPart } from './courses.service.js';
import type { CredentialsService } from './credentials.service.js';
import { followUpPart } from './follow-up.service.js';
import { createLearnerLinks } from './learner-links.js';
import { learnersPart } from './learners.service.js';
import { measuresPart } from './measures.service.js';
import { createSessionViews } from './session-view.js';
import { sessionsPart } from './sessions.service.js';
import type { OrgSpeech } from './speaking.js';

export type { LearnerView } from './learners.service.js';
export type { RosterView, SessionView, TestResult } from './session-view.js';
export type { PersonInput, SessionInput, TrainerRef } from './sessions.service.js';

/** What the training service needs from outside the module. */
export interface TrainingDeps {
  readonly db: Db;
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly credentials: CredentialsService;
  readonly directory: (orgId: string) => Promise<Directory>;
  readonly organisation: (orgId: string) => Promise<OrgSpeech | undefined>;
  readonly contactOf: (orgId: string, userId: string) => Promise<{ email: string; name: string } | undefined>;
  readonly mailer: Mailer;
  readonly files: FileStore;
  /** Seals secrets kept at rest (check-in secrets). */
  readonly secrets: SecretBox;
  readonly publicUrl: string;
}

/**
 * Builds the training service: courses, sessions, rosters, check-in, tests, completion, certification, the
 * cascade measures and the daily follow-up. Each part lives in its own file and is handed only what it uses;
 * three pieces are shared: the course catalogue, learner links and the session view.
 */
export function createTrainingService(deps: TrainingDeps) {
  const catalogue = createCourseCatalogue(deps.db);
  const links = createLearnerLinks({ db: deps.db, publicUrl: deps.publicUrl, catalogue });
  const sessionView = createSessionViews({ db: deps.db, catalogue, credentials: deps.credentials });
  return {
    /** Seals check-in secrets stored before encryption at rest (run at start; later starts find none). */
    async sealLegacySecrets(): Promise<void> {
      for (const s of await listUnsealedCheckinSecrets(deps.db))
        await deps.tx.run(systemActor('system'), async (t, record) => {
          await sealCheckinSecret(t, { ...s, sealed: deps.secrets.seal(s.secret, checkinContext(s.id)) });
          await record({
            action: 'training.secret_sealed',
            orgId: s.orgId,
            targetType: 'training_session',
            targetId: s.id,
          });
          return ok(undefined);
        });
    },
    ...coursesPart({ ...deps, catalogue }),
    ...sessionsPart({ ...deps, catalogue, sessionView }),
    ...checkinPart({ ...deps, catalogue, links }),
    ...learnersPart({ ...deps, catalogue, links, sessionView }),
    ...certificationPart({ ...deps, catalogue, sessionView }),
    ...measuresPart({ ...deps, catalogue }),
    ...followUpPart({ ...deps, catalogue, links }),
  };
}

/** The training service's type. */
export type TrainingService = ReturnType<typeof createTrainingService>;
