import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import { cascadeMetrics, itemAnalysis, type CascadeMetrics, type ItemStats } from './analysis.js';
import { percent } from './course.js';
import { listAttempts, submittedOnCourse } from './attempts.store.js';
import type { CourseCatalogue } from './catalogue.js';
import { allPeople } from './people.store.js';
import { listRoster } from './roster.store.js';
import { listSessions, listTrainers } from './sessions.store.js';
import type { TrainingDeps } from './training.service.js';

/** Item analysis of the test questions and the measures of the training-of-trainers cascade. */
export function measuresPart(
  deps: Pick<TrainingDeps, 'db' | 'clock' | 'credentials' | 'directory'> & {
    readonly catalogue: CourseCatalogue;
  },
) {
  const { db, clock, credentials, catalogue } = deps;
  return {
    /** Difficulty and discrimination of each item of a course version, over the organisation's tests. */
    async itemAnalysis(
      orgId: string,
      courseId: string,
      version: string,
    ): Promise<
      Result<{ items: (ItemStats & { topic: string; form: string })[]; attempts: number }, Problem>
    > {
      const course = await catalogue.load(orgId, courseId, version);
      if (!course) return fail('not_found', 'course_not_found');
      const attempts = await submittedOnCourse(db, orgId, courseId, version);
      const byId = new Map(course.items.map((i) => [i.id, i]));
      const stats = itemAnalysis(
        attempts.map((a) => ({
          itemIds: a.itemIds,
          correct: new Set(a.itemIds.filter((id) => a.answers?.[id] === byId.get(id)?.answer)),
        })),
      );
      return ok({
        attempts: attempts.length,
        items: stats.flatMap((s) => {
          const item = byId.get(s.itemId);
          return item ? [{ ...s, topic: item.topic, form: item.form }] : [];
        }),
      });
    },

    /** The cascade: reach, multiplier, activation, retention, gain by generation, and the tree. */
    async cascade(orgId: string): Promise<CascadeMetrics & { units: Record<string, string> }> {
      const [people, sessions, trainers, roster, attempts, certificates, directory] = await Promise.all([
        allPeople(db, orgId),
        listSessions(db, orgId),
        listTrainers(db, orgId),
        listRoster(db, orgId),
        listAttempts(db, orgId),
        credentials.list(orgId),
        deps.directory(orgId),
      ]);
      const metrics = cascadeMetrics({
        asOf: clock.now(),
        people,
        sessions: sessions.map((s) => ({
          id: s.id,
          generation: s.generation,
          audience: s.audience,
          startsOn: s.startsOn,
          unitId: s.unitId,
          trainers: trainers.filter((t) => t.sessionId === s.id),
        })),
        roster: roster.map((r) => ({
          sessionId: r.sessionId,
          personId: r.personId,
          attended: r.attendedAt !== null,
        })),
        results: attempts.flatMap((a) =>
          a.score === null
            ? []
            : [
                {
                  sessionId: a.sessionId,
                  personId: a.personId,
                  kind: a.kind,
                  percent: percent(a.score, a.maxScore),
                },
              ],
        ),
        certifiedTrainers: certificates
          .filter(
            (c) =>
              (c.achievement === 'certified_trainer' || c.achievement === 'master_trainer') &&
              c.status !== 'revoked' &&
              c.personId,
          )
          // A trainer counts as certified from the session that certified them (certificates may be issued later).
          .map((c) => {
            const from = sessions.find((s) => s.id === c.sessionId)?.startsOn;
            return {
              personId: c.personId ?? '',
              issuedAt: from ? new Date(`${from}T00:00:00Z`) : c.issuedAt,
              master: c.achievement === 'master_trainer',
            };
          }),
      });
      return { ...metrics, units: Object.fromEntries(directory.units.map((u) => [u.id, u.name])) };
    },
  };
}
