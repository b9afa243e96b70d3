import type { Db } from '../../platform/db.js';
import { normalisedGain } from './analysis.js';
import type { AttemptRow } from './attempts.store.js';
import { listAttempts } from './attempts.store.js';
import type { CourseCatalogue } from './catalogue.js';
import { completionOf, type Completion } from './completion.js';
import { percent, type Course, type TestKind } from './course.js';
import type { CredentialsService } from './credentials.service.js';
import type { AttendanceMethod, CertificateStatus, TeachBack, TrainerRole } from './model.js';
import { findPeople, type PersonRow } from './people.store.js';
import { listRoster } from './roster.store.js';
import { findSession, listTrainers, type SessionRow } from './sessions.store.js';

/** A test result as the session page shows it. */
export interface TestResult {
  readonly percent: number | null;
  readonly submitted: boolean;
}

export interface RosterView {
  readonly person: PersonRow;
  readonly attendedAt: Date | null;
  readonly attendanceMethod: AttendanceMethod | null;
  readonly teachBack: TeachBack | null;
  readonly tests: Readonly<Record<TestKind, TestResult | null>>;
  readonly completion: Completion;
  readonly certificates: readonly { id: string; achievement: string; status: CertificateStatus }[];
}

/** A session as its page shows it: trainers, roster with attendance, results and completion, and a summary. */
export interface SessionView {
  readonly session: Omit<SessionRow, 'checkinSecret'>;
  readonly courseTitle: Course['title'];
  readonly rules: Course['rules'];
  readonly trainers: readonly { person: PersonRow; role: TrainerRole }[];
  readonly roster: readonly RosterView[];
  readonly summary: {
    readonly enrolled: number;
    readonly attended: number;
    readonly completed: number;
    readonly preMean: number | null;
    readonly postMean: number | null;
    readonly gain: number | null;
  };
}

/** A session without its check-in secret, which never leaves the service. */
export function withoutSecret(s: SessionRow): Omit<SessionRow, 'checkinSecret'> {
  // Listed field by field, so a field added to the row later is not shown until someone decides it may be.
  return {
    id: s.id,
    orgId: s.orgId,
    courseId: s.courseId,
    courseVersion: s.courseVersion,
    title: s.title,
    startsOn: s.startsOn,
    place: s.place,
    remote: s.remote,
    locale: s.locale,
    generation: s.generation,
    audience: s.audience,
    unitId: s.unitId,
    status: s.status,
    version: s.version,
    createdAt: s.createdAt,
    closedAt: s.closedAt,
    postTestOpenedAt: s.postTestOpenedAt,
  };
}

/** A person's result in each test of a session. */
function testResults(attempts: readonly AttemptRow[], personId: string): Record<TestKind, TestResult | null> {
  const of = (kind: TestKind): TestResult | null => {
    const a = attempts.find((x) => x.personId === personId && x.kind === kind);
    if (!a) return null;
    return {
      percent: a.score === null ? null : percent(a.score, a.maxScore),
      submitted: a.submittedAt !== null,
    };
  };
  return { pre: of('pre'), post: of('post'), delayed: of('delayed') };
}

const mean = (xs: number[]) =>
  xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null;

/** Builds session views, which the sessions, check-in and certification parts all answer with. */
export function createSessionViews(deps: {
  readonly db: Db;
  readonly catalogue: CourseCatalogue;
  readonly credentials: CredentialsService;
}) {
  const { db, catalogue, credentials } = deps;
  return async function sessionView(orgId: string, sessionId: string): Promise<SessionView | undefined> {
    const session = await findSession(db, orgId, sessionId);
    if (!session) return undefined;
    const course = await catalogue.load(orgId, session.courseId, session.courseVersion);
    if (!course) throw new Error(`session ${session.id} cites a missing course`);
    const [roster, trainers, attempts, certificates] = await Promise.all([
      listRoster(db, orgId, sessionId),
      listTrainers(db, orgId, [sessionId]),
      listAttempts(db, orgId, sessionId),
      credentials.list(orgId, { sessionId }),
    ]);
    const people = new Map(
      (
        await findPeople(db, orgId, [...roster.map((r) => r.personId), ...trainers.map((t) => t.personId)])
      ).map((p) => [p.id, p]),
    );
    const rosterView = roster.flatMap((r): RosterView[] => {
      const person = people.get(r.personId);
      if (!person) return [];
      const tests = testResults(attempts, r.personId);
      return [
        {
          person,
          attendedAt: r.attendedAt,
          attendanceMethod: r.attendanceMethod,
          teachBack: r.teachBack,
          tests,
          completion: completionOf({
            rules: course.rules,
            audience: session.audience,
            attended: r.attendedAt !== null,
            postPercent: tests.post?.percent ?? null,
            teachBack: r.teachBack,
          }),
          certificates: certificates
            .filter((c) => c.personId === r.personId)
            .map((c) => ({ id: c.id, achievement: c.achievement, status: c.status })),
        },
      ];
    });
    const values = (kind: TestKind) =>
      rosterView.map((r) => r.tests[kind]?.percent).filter((v): v is number => typeof v === 'number');
    return {
      session: withoutSecret(session),
      courseTitle: course.title,
      rules: course.rules,
      trainers: trainers.flatMap((t) => {
        const person = people.get(t.personId);
        return person ? [{ person, role: t.role }] : [];
      }),
      roster: rosterView,
      summary: {
        enrolled: rosterView.length,
        attended: rosterView.filter((r) => r.attendedAt).length,
        completed: rosterView.filter((r) => r.completion.completed).length,
        preMean: mean(values('pre')),
        postMean: mean(values('post')),
        gain: normalisedGain(values('pre'), values('post')),
      },
    };
  };
}

export type SessionViews = ReturnType<typeof createSessionViews>;
