import type { Audience } from './model.js';
import { z } from 'zod';
import type { SecretBox } from '../../platform/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { newId, newSecret, sha256Hex } from '../../platform/ids.js';
import type { FileStore } from '../../platform/files.js';
import type { Mailer } from '../../platform/mail.js';
import type { Transactor } from '../audit/index.js';
import type { Directory } from '../identity/index.js';
import { normalisedGain } from './analysis.js';
import { completionOf, type Completion } from './completion.js';
import { Course, courseSha256, loadBuiltInCourses, percent, type TestKind } from './course.js';
import type { CertificateStatus, CredentialsService } from './credentials.service.js';
import {
  findByLearnerToken,
  findCourse,
  findPeople,
  linkPersonToUser,
  findSession,
  findSessionById,
  insertCourse,
  listAttempts,
  listRoster,
  listTrainers,
  addLearnerLink,
  upsertPeople,
  type AttemptRow,
  type PersonRow,
  type RosterRow,
  type SessionRow,
} from './training.store.js';

export const GENDERS = ['woman', 'man', 'other', 'undisclosed'] as const;
export const Gender = z.enum(GENDERS);
export type Gender = z.infer<typeof Gender>;

/** A person to put on a roster: their name and e-mail, and optional facts for disaggregated statistics. */
export interface PersonInput {
  readonly name: string;
  readonly email: string;
  readonly gender: Gender | null;
  readonly unitId: string | null;
}

/** Who trains in a session: an existing person of the register, or a member of the organisation. */
export type TrainerRef = { readonly personId: string } | { readonly userId: string };

export interface SessionInput {
  readonly courseId: string;
  readonly courseVersion: string;
  readonly title: string;
  readonly startsOn: string;
  readonly place: string;
  readonly remote: boolean;
  readonly generation: number;
  readonly audience: Audience;
  readonly unitId: string | null;
  readonly lead: TrainerRef;
  readonly coTrainers: readonly TrainerRef[];
}

/** A test result as the session page shows it. */
export interface TestResult {
  readonly percent: number | null;
  readonly submitted: boolean;
}

export interface RosterView {
  readonly person: PersonRow;
  readonly attendedAt: Date | null;
  readonly attendanceMethod: 'roster' | 'qr' | null;
  readonly teachBack: 'passed' | 'not_yet' | null;
  readonly tests: Readonly<Record<TestKind, TestResult | null>>;
  readonly completion: Completion;
  readonly certificates: readonly { id: string; achievement: string; status: CertificateStatus }[];
}

export interface SessionView {
  readonly session: Omit<SessionRow, 'checkinSecret'>;
  readonly courseTitle: Course['title'];
  readonly rules: Course['rules'];
  readonly trainers: readonly { person: PersonRow; role: 'lead' | 'co' }[];
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

/** What a learner's personal page shows. */
export interface LearnerView {
  readonly personName: string;
  readonly sessionTitle: string;
  readonly courseTitle: Course['title'];
  readonly startsOn: string;
  readonly attended: boolean;
  readonly tests: readonly {
    kind: TestKind;
    state: 'open' | 'in_progress' | 'submitted' | 'not_yet' | 'closed';
    percent: number | null;
    opensOn?: string;
    deadline?: Date;
  }[];
  readonly passMark: number;
}

export const DAY_MS = 86_400_000;

/** A session without its check-in secret, which never leaves the service. */
export function withoutSecret(s: SessionRow): Omit<SessionRow, 'checkinSecret'> {
  return {
    id: s.id,
    orgId: s.orgId,
    courseId: s.courseId,
    courseVersion: s.courseVersion,
    title: s.title,
    startsOn: s.startsOn,
    place: s.place,
    remote: s.remote,
    generation: s.generation,
    audience: s.audience,
    unitId: s.unitId,
    status: s.status,
    version: s.version,
    createdAt: s.createdAt,
    closedAt: s.closedAt,
  };
}
export const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Builds the training service: courses, sessions, rosters, check-in, tests, completion, issuing, cascade. */
/** What the training service needs from outside the module. */
export interface TrainingDeps {
  readonly db: Db;
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly credentials: CredentialsService;
  readonly directory: (orgId: string) => Promise<Directory>;
  readonly organisation: (orgId: string) => Promise<{ name: string } | undefined>;
  readonly contactOf: (orgId: string, userId: string) => Promise<{ email: string; name: string } | undefined>;
  readonly mailer: Mailer;
  readonly files: FileStore;
  /** Seals secrets kept at rest (check-in secrets). */
  readonly secrets: SecretBox;
  readonly publicUrl: string;
}

/**
 * What the training service's parts share: its dependencies, the course loader, learner links, and the views
 * of a session and of a learner that several parts build on.
 */
export function createTrainingContext(deps: TrainingDeps) {
  const { db, tx, clock, credentials } = deps;

  let builtIns: Promise<void> | undefined;
  /** Stores the built-in courses once per process (a stored version is never rewritten). */
  function ensureBuiltIns(): Promise<void> {
    builtIns ??= (async () => {
      for (const course of loadBuiltInCourses())
        await insertCourse(db, {
          id: course.id,
          version: course.version,
          content: course,
          sha256: courseSha256(course),
          orgId: null,
          createdBy: null,
        });
    })().catch((error: unknown) => {
      // A failure (the database away for a moment) is not remembered: the next call tries again.
      builtIns = undefined;
      throw error;
    });
    return builtIns;
  }

  async function loadCourse(orgId: string, id: string, version: string): Promise<Course | undefined> {
    await ensureBuiltIns();
    const row = await findCourse(db, { orgId, id, version });
    if (!row) return undefined;
    const parsed = Course.safeParse(row.content);
    if (!parsed.success) throw new Error(`stored course ${id} ${version} no longer parses`);
    return parsed.data;
  }

  const hashToken = (token: string) => sha256Hex(`learner:${token}`);
  const learnerUrl = (token: string) => `${deps.publicUrl}/learn/${token}`;

  /** Issues a new personal link for a roster entry; earlier links keep working. */
  async function newLearnerLink(
    t: Parameters<typeof addLearnerLink>[0],
    sessionId: string,
    personId: string,
  ) {
    const token = newSecret(24);
    await addLearnerLink(t, { sessionId, personId, sha256: hashToken(token) });
    return token;
  }

  async function resolveTrainer(
    t: Parameters<typeof upsertPeople>[0],
    orgId: string,
    ref: TrainerRef,
  ): Promise<PersonRow | undefined> {
    if ('personId' in ref) return (await findPeople(t, orgId, [ref.personId]))[0];
    const member = (await deps.directory(orgId)).people.find((p) => p.id === ref.userId);
    const contact = member && (await deps.contactOf(orgId, ref.userId));
    if (!member || !contact) return undefined;
    const [person] = await upsertPeople(t, orgId, [
      {
        id: newId(),
        name: contact.name,
        email: contact.email.toLowerCase(),
        gender: null,
        unitId: null,
        userId: ref.userId,
      },
    ]);
    // A member who was first on a roster as a learner becomes the same person as a trainer.
    if (person && person.userId === null) return linkPersonToUser(t, person.id, ref.userId);
    return person;
  }

  async function validUnit(orgId: string, unitId: string | null): Promise<boolean> {
    return unitId === null || (await deps.directory(orgId)).units.some((u) => u.id === unitId);
  }

  function testResults(
    attempts: readonly AttemptRow[],
    personId: string,
  ): Record<TestKind, TestResult | null> {
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

  async function sessionView(orgId: string, sessionId: string): Promise<SessionView | undefined> {
    const session = await findSession(db, orgId, sessionId);
    if (!session) return undefined;
    const course = await loadCourse(orgId, session.courseId, session.courseVersion);
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
    const mean = (xs: number[]) =>
      xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null;
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
  }

  /** The roster entry, session and course behind a learner's personal link. */
  async function learnerContext(token: string) {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
    const entry = await findByLearnerToken(db, hashToken(token));
    if (!entry) return undefined;
    const session = await findSessionById(db, entry.sessionId);
    if (!session) return undefined;
    const course = await loadCourse(session.orgId, session.courseId, session.courseVersion);
    const [person] = await findPeople(db, session.orgId, [entry.personId]);
    if (!course || !person) return undefined;
    return { entry, session, course, person };
  }

  /** Whether a learner may start a test of `kind` now, and why not. */
  function testWindow(
    kind: TestKind,
    q: { session: SessionRow; course: Course; entry: RosterRow; attempts: readonly AttemptRow[]; now: Date },
  ):
    | { open: true }
    | {
        open: false;
        reason:
          'session_closed' | 'not_attended' | 'post_done' | 'not_yet' | 'window_closed' | 'post_missing';
        opensOn?: string;
      } {
    const today = q.now.toISOString().slice(0, 10);
    if (kind === 'delayed') {
      const opensOn = addDays(q.session.startsOn, q.course.rules.delayedTestDays);
      const closesOn = addDays(opensOn, q.course.rules.delayedTestWindowDays);
      if (!q.attempts.some((a) => a.kind === 'post' && a.submittedAt))
        return { open: false, reason: 'post_missing' };
      if (today < opensOn) return { open: false, reason: 'not_yet', opensOn };
      if (today > closesOn) return { open: false, reason: 'window_closed' };
      return { open: true };
    }
    if (q.session.status === 'closed') return { open: false, reason: 'session_closed' };
    if (kind === 'pre' && q.attempts.some((a) => a.kind === 'post'))
      return { open: false, reason: 'post_done' };
    if (kind === 'post' && q.course.rules.completion.attendance && !q.entry.attendedAt)
      return { open: false, reason: 'not_attended' };
    return { open: true };
  }

  return {
    deps,
    db,
    tx,
    clock,
    credentials,
    ensureBuiltIns,
    loadCourse,
    hashToken,
    learnerUrl,
    newLearnerLink,
    resolveTrainer,
    validUnit,
    testResults,
    sessionView,
    learnerContext,
    testWindow,
  };
}

/** The shared context of the training service's parts. */
export type TrainingContext = ReturnType<typeof createTrainingContext>;
