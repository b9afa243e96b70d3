import { systemActor } from '../../platform/actor.js';
import { ok } from '../../platform/result.js';
import { certificationPart } from './certification.service.js';
import { checkinContext, listUnsealedCheckinSecrets, sealCheckinSecret } from './training.store.js';
import { followUpPart } from './follow-up.service.js';
import { learnersPart } from './learners.service.js';
import { measuresPart } from './measures.service.js';
import { sessionsPart } from './sessions.service.js';
import { createTrainingContext, type TrainingDeps } from './training.context.js';

export { Gender, GENDERS } from './training.context.js';
export type {
  LearnerView,
  PersonInput,
  RosterView,
  SessionInput,
  SessionView,
  TestResult,
  TrainerRef,
  TrainingDeps,
} from './training.context.js';

/**
 * Builds the training service: courses, sessions, rosters, check-in, tests, completion, certification, the
 * cascade measures and the daily follow-up. Each part lives in its own file and shares one context.
 */
export function createTrainingService(deps: TrainingDeps) {
  const ctx = createTrainingContext(deps);
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
    ...sessionsPart(ctx),
    ...learnersPart(ctx),
    ...certificationPart(ctx),
    ...measuresPart(ctx),
    ...followUpPart(ctx),
  };
}

/** The training service's type. */
export type TrainingService = ReturnType<typeof createTrainingService>;
