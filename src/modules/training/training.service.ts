import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { newId, newSecret, sha256Hex } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail.js';
import { ok, type Result } from '../../platform/result.js';
import type { Transactor } from '../audit/index.js';
import type { Directory } from '../identity/index.js';
import { Achievement } from './achievements.js';
import {
  cascadeMetrics,
  itemAnalysis,
  normalisedGain,
  type CascadeMetrics,
  type ItemStats,
} from './analysis.js';
import { checkCode, checkTicket, currentCode, newTicket } from './checkin.js';
import { completionOf, type Completion } from './completion.js';
import {
  Course,
  courseSha256,
  FORM_OF,
  formItems,
  loadBuiltInCourses,
  percent,
  scoreAnswers,
  type Item,
  type TestKind,
} from './course.js';
import type { CertificateStatus, CredentialsService } from './credentials.service.js';
import { claimRenewalReminder, dueForRenewal } from './credentials.store.js';
import {
  addToRoster,
  allPeople,
  courseVersionExists,
  dueForDelayedTest,
  findAttempt,
  findByLearnerToken,
  findCourse,
  findPeople,
  findRosterEntry,
  findSession,
  findSessionById,
  insertCourse,
  insertSession,
  insertTrainers,
  listAttempts,
  listCourses,
  listPeople,
  listRoster,
  listSessions,
  listTrainers,
  markDelayedReminded,
  removeFromRoster,
  setAttendance,
  setLearnerToken,
  setPersonLocale,
  setTeachBack,
  startAttempt,
  submitAttempt,
  submittedOnCourse,
  updateSession,
  upsertPeople,
  useTicket,
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
  readonly audience: 'officials' | 'trainers';
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

const DAY_MS = 86_400_000;

/** A session without its check-in secret, which never leaves the service. */
function withoutSecret(s: SessionRow): Omit<SessionRow, 'checkinSecret'> {
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
const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Builds the training service: courses, sessions, rosters, check-in, tests, completion, issuing, cascade. */
export function createTrainingService(deps: {
  db: Db;
  tx: Transactor;
  clock: Clock;
  credentials: CredentialsService;
  directory: (orgId: string) => Promise<Directory>;
  organisation: (orgId: string) => Promise<{ name: string } | undefined>;
  contactOf: (userId: string) => Promise<{ email: string; name: string } | undefined>;
  mailer: Mailer;
  publicUrl: string;
}) {
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
    })();
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

  /** Issues a new personal link for a roster entry (an earlier link stops working). */
  async function newLearnerLink(
    t: Parameters<typeof setLearnerToken>[0],
    sessionId: string,
    personId: string,
  ) {
    const token = newSecret(24);
    await setLearnerToken(t, { sessionId, personId, sha256: hashToken(token) });
    return token;
  }

  async function resolveTrainer(
    t: Parameters<typeof upsertPeople>[0],
    orgId: string,
    ref: TrainerRef,
  ): Promise<PersonRow | undefined> {
    if ('personId' in ref) return (await findPeople(t, orgId, [ref.personId]))[0];
    const member = (await deps.directory(orgId)).people.find((p) => p.id === ref.userId);
    const contact = member && (await deps.contactOf(ref.userId));
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
    /** Course versions the organisation can use: the built-in ones and its own. */
    async courses(
      orgId: string,
    ): Promise<{ id: string; version: string; title: Course['title']; builtIn: boolean; createdAt: Date }[]> {
      await ensureBuiltIns();
      const rows = await listCourses(db, orgId);
      return rows.flatMap((r) => {
        const parsed = Course.safeParse(r.content);
        return parsed.success
          ? [
              {
                id: r.id,
                version: r.version,
                title: parsed.data.title,
                builtIn: r.orgId === null,
                createdAt: r.createdAt,
              },
            ]
          : [];
      });
    },

    /** One course version, whole. */
    async course(orgId: string, id: string, version: string): Promise<Result<Course, Problem>> {
      const course = await loadCourse(orgId, id, version);
      return course ? ok(course) : fail('not_found', 'course_not_found');
    },

    /**
     * Saves a new version of a course written or edited by the organisation. A stored version never changes:
     * the same id and version again answers a conflict.
     */
    async saveCourse(q: {
      orgId: string;
      actor: Actor;
      content: unknown;
    }): Promise<Result<{ id: string; version: string }, Problem>> {
      const parsed = Course.safeParse(q.content);
      if (!parsed.success)
        return fail('invalid', 'course_invalid', {
          params: { detail: z.prettifyError(parsed.error).slice(0, 500) },
        });
      const course = parsed.data;
      await ensureBuiltIns();
      return tx.run(q.actor, async (t, record) => {
        if (await courseVersionExists(t, course.id, course.version))
          return fail('conflict', 'course_version_exists', { params: { version: course.version } });
        await insertCourse(t, {
          id: course.id,
          version: course.version,
          content: course,
          sha256: courseSha256(course),
          orgId: q.orgId,
          createdBy: q.actor.userId,
        });
        await record({
          action: 'training.course_saved',
          orgId: q.orgId,
          targetType: 'course',
          targetId: `${course.id}@${course.version}`,
        });
        return ok({ id: course.id, version: course.version });
      });
    },

    /** Who can lead a session (members, and people holding a live trainer certificate) and the units. */
    async directory(orgId: string): Promise<{
      members: { id: string; name: string }[];
      trainers: { id: string; name: string }[];
      units: { id: string; name: string }[];
    }> {
      const [dir, certificates] = await Promise.all([deps.directory(orgId), credentials.list(orgId)]);
      const ids = certificates
        .filter((c) => c.achievement !== 'participant' && c.status === 'valid' && c.personId)
        .map((c) => c.personId ?? '');
      const trainers = await findPeople(db, orgId, [...new Set(ids)]);
      return {
        members: dir.people,
        trainers: trainers
          .map((p) => ({ id: p.id, name: p.name }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        units: dir.units,
      };
    },

    /** The organisation's register of people trained or training. */
    people(orgId: string, q?: string): Promise<PersonRow[]> {
      return listPeople(db, orgId, q);
    },

    /** Sessions of the organisation with their counts, newest first. */
    async sessions(orgId: string) {
      const [sessions, trainers, roster] = await Promise.all([
        listSessions(db, orgId),
        listTrainers(db, orgId),
        listRoster(db, orgId),
      ]);
      const people = new Map(
        (await findPeople(db, orgId, [...new Set(trainers.map((t) => t.personId))])).map((p) => [p.id, p]),
      );
      return sessions.map((s) => ({
        ...withoutSecret(s),
        lead:
          people.get(trainers.find((t) => t.sessionId === s.id && t.role === 'lead')?.personId ?? '')?.name ??
          '',
        enrolled: roster.filter((r) => r.sessionId === s.id).length,
        attended: roster.filter((r) => r.sessionId === s.id && r.attendedAt).length,
      }));
    },

    /** Plans a session: course version, date, place, generation, audience, lead and co-trainers. */
    async createSession(q: {
      orgId: string;
      actor: Actor;
      input: SessionInput;
    }): Promise<Result<SessionView, Problem>> {
      const { input } = q;
      if (!(await loadCourse(q.orgId, input.courseId, input.courseVersion)))
        return fail('invalid', 'course_not_found');
      if (!(await validUnit(q.orgId, input.unitId))) return fail('invalid', 'unit_not_found');
      const id = newId();
      const created = await tx.run(q.actor, async (t, record) => {
        const lead = await resolveTrainer(t, q.orgId, input.lead);
        if (!lead) return fail('invalid', 'trainer_not_found');
        const co: PersonRow[] = [];
        for (const ref of input.coTrainers) {
          const person = await resolveTrainer(t, q.orgId, ref);
          if (!person) return fail('invalid', 'trainer_not_found');
          if (person.id !== lead.id && !co.some((c) => c.id === person.id)) co.push(person);
        }
        await insertSession(t, {
          id,
          orgId: q.orgId,
          courseId: input.courseId,
          courseVersion: input.courseVersion,
          title: input.title,
          startsOn: input.startsOn,
          place: input.place,
          remote: input.remote,
          generation: input.generation,
          audience: input.audience,
          unitId: input.unitId,
          checkinSecret: randomBytes(32),
          createdBy: q.actor.userId,
        });
        await insertTrainers(t, q.orgId, id, [
          { personId: lead.id, role: 'lead' },
          ...co.map((c) => ({ personId: c.id, role: 'co' as const })),
        ]);
        await record({
          action: 'training.session_created',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: id,
          summary: {
            course: `${input.courseId}@${input.courseVersion}`,
            generation: input.generation,
            audience: input.audience,
          },
        });
        return ok(id);
      });
      if (!created.ok) return created;
      const view = await sessionView(q.orgId, id);
      return view ? ok(view) : fail('not_found', 'training_session_not_found');
    },

    /** One session with trainers, roster, attendance, results, completion and certificates. */
    async session(orgId: string, sessionId: string): Promise<Result<SessionView, Problem>> {
      const view = await sessionView(orgId, sessionId);
      return view ? ok(view) : fail('not_found', 'training_session_not_found');
    },

    /** Changes a session's details, or closes it (no more tests) and reopens it. */
    async updateSession(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      version: number;
      set: {
        title?: string;
        startsOn?: string;
        place?: string;
        remote?: boolean;
        unitId?: string | null;
        closed?: boolean;
      };
    }): Promise<Result<SessionView, Problem>> {
      const { closed, ...rest } = q.set;
      if (rest.unitId !== undefined && !(await validUnit(q.orgId, rest.unitId)))
        return fail('invalid', 'unit_not_found');
      const done = await tx.run(q.actor, async (t, record) => {
        const session = await findSession(t, q.orgId, q.sessionId, { lock: true });
        if (!session) return fail('not_found', 'training_session_not_found');
        const changed = await updateSession(t, {
          orgId: q.orgId,
          id: q.sessionId,
          version: q.version,
          set: { ...rest, ...(closed !== undefined && { closedAt: closed ? clock.now() : null }) },
        });
        if (!changed) return fail('conflict', 'training_session_changed');
        await record({
          action:
            closed === true
              ? 'training.session_closed'
              : closed === false
                ? 'training.session_reopened'
                : 'training.session_updated',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { fields: Object.keys(q.set) },
        });
        return ok(true);
      });
      if (!done.ok) return done;
      const view = await sessionView(q.orgId, q.sessionId);
      return view ? ok(view) : fail('not_found', 'training_session_not_found');
    },

    /** Puts people on the roster, adding them to the register when their e-mail is new. */
    async addToRoster(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      people: readonly PersonInput[];
    }): Promise<Result<{ added: number }, Problem>> {
      const units = new Set((await deps.directory(q.orgId)).units.map((u) => u.id));
      const bad = q.people.find((p) => p.unitId !== null && !units.has(p.unitId));
      if (bad) return fail('invalid', 'unit_not_found');
      const emails = q.people.map((p) => p.email.trim().toLowerCase());
      if (new Set(emails).size !== emails.length) return fail('invalid', 'roster_duplicate_email');
      return tx.run(q.actor, async (t, record) => {
        const session = await findSession(t, q.orgId, q.sessionId, { lock: true });
        if (!session) return fail('not_found', 'training_session_not_found');
        const people = await upsertPeople(
          t,
          q.orgId,
          q.people.map((p, i) => ({
            id: newId(),
            name: p.name.trim(),
            email: emails[i] ?? '',
            gender: p.gender,
            unitId: p.unitId,
            userId: null,
          })),
        );
        const added = await addToRoster(
          t,
          q.orgId,
          q.sessionId,
          people.map((p) => p.id),
        );
        await record({
          action: 'training.roster_added',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { added, people: people.map((p) => p.id) },
        });
        return ok({ added });
      });
    },

    /** Takes a person off the roster (their test attempts go too; certificates stay). */
    async removeFromRoster(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      personId: string;
    }): Promise<Result<true, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        if (!(await removeFromRoster(t, q.orgId, q.sessionId, q.personId)))
          return fail('not_found', 'roster_entry_not_found');
        await record({
          action: 'training.roster_removed',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { person: q.personId },
        });
        return ok(true);
      });
    },

    /** Marks a person present or absent by the roster. */
    async setAttendance(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      personId: string;
      attended: boolean;
    }): Promise<Result<true, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        const session = await findSession(t, q.orgId, q.sessionId, { lock: true });
        if (!session) return fail('not_found', 'training_session_not_found');
        const entry = await findRosterEntry(t, q.sessionId, q.personId);
        if (!entry) return fail('not_found', 'roster_entry_not_found');
        if (q.attended && entry.attendedAt) return ok(true);
        await setAttendance(t, {
          sessionId: q.sessionId,
          personId: q.personId,
          at: q.attended ? clock.now() : null,
          method: q.attended ? 'roster' : null,
        });
        await record({
          action: q.attended ? 'training.attendance_marked' : 'training.attendance_cleared',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { person: q.personId },
        });
        return ok(true);
      });
    },

    /**
     * Records a supervised teach-back. Only a trainer of this session may record it, and only in a
     * training-of-trainers session led by master trainers (generation 0).
     */
    async recordTeachBack(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      personId: string;
      result: 'passed' | 'not_yet' | null;
    }): Promise<Result<true, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        const session = await findSession(t, q.orgId, q.sessionId, { lock: true });
        if (!session) return fail('not_found', 'training_session_not_found');
        if (session.audience !== 'trainers' || session.generation !== 0)
          return fail('invalid', 'teach_back_not_tot');
        const trainers = await listTrainers(t, q.orgId, [q.sessionId]);
        const people = await findPeople(
          t,
          q.orgId,
          trainers.map((x) => x.personId),
        );
        const recorder = people.find((p) => p.userId !== null && p.userId === q.actor.userId);
        if (!recorder) return fail('forbidden', 'teach_back_master_only');
        const done = await setTeachBack(t, {
          orgId: q.orgId,
          sessionId: q.sessionId,
          personId: q.personId,
          result: q.result,
          by: q.result ? recorder.id : null,
          at: q.result ? clock.now() : null,
        });
        if (!done) return fail('not_found', 'roster_entry_not_found');
        await record({
          action: 'training.teach_back_recorded',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { person: q.personId, result: q.result },
        });
        return ok(true);
      });
    },

    /** The check-in code to show on screen now, and the address its QR code carries. */
    async checkinCode(
      orgId: string,
      sessionId: string,
    ): Promise<Result<{ url: string; secondsLeft: number }, Problem>> {
      const session = await findSession(db, orgId, sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      if (session.status === 'closed') return fail('invalid', 'training_session_closed');
      const { code, secondsLeft } = currentCode(session.checkinSecret, sessionId, clock.now());
      return ok({ url: `${deps.publicUrl}/learn/checkin/${sessionId}?code=${code}`, secondsLeft });
    },

    /** A scanned QR code: when genuine and fresh, a one-time ticket for the check-in form. */
    async openCheckin(
      sessionId: string,
      code: string,
    ): Promise<Result<{ ticket: string; title: string; courseTitle: Course['title'] }, Problem>> {
      const session = await findSessionById(db, sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      if (session.status === 'closed') return fail('invalid', 'training_session_closed');
      const check = checkCode(session.checkinSecret, sessionId, code, clock.now());
      if (check === 'expired') return fail('invalid', 'checkin_code_expired');
      if (check === 'invalid') return fail('invalid', 'checkin_code_invalid');
      const course = await loadCourse(session.orgId, session.courseId, session.courseVersion);
      return ok({
        ticket: newTicket(session.checkinSecret, sessionId, clock.now()),
        title: session.title,
        courseTitle: course?.title ?? { en: '', es: '', fr: '' },
      });
    },

    /**
     * Checks a person in with a ticket and the e-mail they are on the roster with; answers their personal
     * link. A ticket works once: a second use is refused and changes nothing.
     */
    async checkin(q: {
      sessionId: string;
      ticket: string;
      email: string;
      locale: SupportedLocale;
    }): Promise<Result<{ token: string; link: string }, Problem>> {
      const session = await findSessionById(db, q.sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      const ticket = checkTicket(session.checkinSecret, q.sessionId, q.ticket, clock.now());
      if (!ticket.ok)
        return fail(
          'invalid',
          ticket.reason === 'expired' ? 'checkin_ticket_expired' : 'checkin_code_invalid',
        );
      const email = q.email.trim().toLowerCase();
      const person = (await listPeople(db, session.orgId)).find((p) => p.email === email);
      return tx.run({ userId: null, label: 'learner' }, async (t, record) => {
        const locked = await findSession(t, session.orgId, session.id, { lock: true });
        if (!locked || locked.status === 'closed') return fail('invalid', 'training_session_closed');
        const entry = person && (await findRosterEntry(t, q.sessionId, person.id));
        if (!person || !entry) return fail('invalid', 'checkin_not_on_roster');
        if (!(await useTicket(t, { nonce: ticket.nonce, sessionId: q.sessionId, at: clock.now() })))
          return fail('invalid', 'checkin_ticket_used');
        if (!entry.attendedAt)
          await setAttendance(t, {
            sessionId: q.sessionId,
            personId: person.id,
            at: clock.now(),
            method: 'qr',
          });
        await setPersonLocale(t, person.id, q.locale);
        const token = await newLearnerLink(t, q.sessionId, person.id);
        await record({
          action: 'training.checked_in',
          orgId: session.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { person: person.id, method: 'qr' },
        });
        return ok({ token, link: learnerUrl(token) });
      });
    },

    /** E-mails every person on the roster a fresh personal link to their tests. */
    async sendLearnerLinks(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
    }): Promise<Result<{ sent: number }, Problem>> {
      const view = await sessionView(q.orgId, q.sessionId);
      if (!view) return fail('not_found', 'training_session_not_found');
      const result = await tx.run(q.actor, async (t, record) => {
        for (const r of view.roster) {
          const token = await newLearnerLink(t, q.sessionId, r.person.id);
          const locale = r.person.locale ?? 'en';
          const params = { name: r.person.name, session: view.session.title, link: learnerUrl(token) };
          await deps.mailer.queue(t, {
            to: r.person.email,
            subject: translate(locale, 'mail.training_link.subject', params),
            text: translate(locale, 'mail.training_link.body', params),
          });
        }
        await record({
          action: 'training.links_sent',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { sent: view.roster.length },
        });
        return ok({ sent: view.roster.length });
      });
      if (result.ok) await deps.mailer.deliverPending();
      return result;
    },

    /** A learner's page: their session, attendance and tests. */
    async learner(token: string): Promise<Result<LearnerView, Problem>> {
      const ctx = await learnerContext(token);
      if (!ctx) return fail('not_found', 'learner_link_invalid');
      const attempts = (await listAttempts(db, ctx.session.orgId, ctx.session.id)).filter(
        (a) => a.personId === ctx.person.id,
      );
      const now = clock.now();
      return ok({
        personName: ctx.person.name,
        sessionTitle: ctx.session.title,
        courseTitle: ctx.course.title,
        startsOn: ctx.session.startsOn,
        attended: ctx.entry.attendedAt !== null,
        passMark: ctx.course.rules.completion.postTestMin,
        tests: (['pre', 'post', 'delayed'] as const).map((kind) => {
          const attempt = attempts.find((a) => a.kind === kind);
          if (attempt?.submittedAt)
            return {
              kind,
              state: 'submitted' as const,
              percent: percent(attempt.score ?? 0, attempt.maxScore),
            };
          if (attempt && attempt.deadline > now)
            return { kind, state: 'in_progress' as const, percent: null, deadline: attempt.deadline };
          if (attempt) return { kind, state: 'closed' as const, percent: null };
          const w = testWindow(kind, { ...ctx, attempts, now });
          if (w.open) return { kind, state: 'open' as const, percent: null };
          return {
            kind,
            state:
              w.reason === 'not_yet' || w.reason === 'not_attended' || w.reason === 'post_missing'
                ? ('not_yet' as const)
                : ('closed' as const),
            percent: null,
            ...(w.opensOn && { opensOn: w.opensOn }),
          };
        }),
      });
    },

    /** Starts a test (or resumes it before its deadline): the items of the kind's parallel form. */
    async startTest(
      token: string,
      kind: TestKind,
    ): Promise<Result<{ items: Item[]; deadline: Date }, Problem>> {
      const ctx = await learnerContext(token);
      if (!ctx) return fail('not_found', 'learner_link_invalid');
      const now = clock.now();
      return tx.run({ userId: null, label: 'learner' }, async (t, record) => {
        const existing = await findAttempt(t, ctx.session.id, ctx.person.id, kind, { lock: true });
        if (existing?.submittedAt) return fail('invalid', 'test_already_submitted');
        if (existing && existing.deadline < now) return fail('invalid', 'test_deadline_passed');
        if (!existing) {
          const attempts = (await listAttempts(t, ctx.session.orgId, ctx.session.id)).filter(
            (a) => a.personId === ctx.person.id,
          );
          const w = testWindow(kind, { ...ctx, attempts, now });
          if (!w.open) return fail('invalid', `test_${w.reason}`);
        }
        const items = formItems(ctx.course, FORM_OF[kind]);
        const attempt =
          existing ??
          (await startAttempt(t, {
            id: newId(),
            sessionId: ctx.session.id,
            personId: ctx.person.id,
            kind,
            form: FORM_OF[kind],
            itemIds: items.map((i) => i.id),
            maxScore: items.length,
            startedAt: now,
            deadline: new Date(now.getTime() + ctx.course.rules.testMinutes * 60_000),
          }));
        if (!existing)
          await record({
            action: 'training.test_started',
            orgId: ctx.session.orgId,
            targetType: 'training_session',
            targetId: ctx.session.id,
            summary: { person: ctx.person.id, kind },
          });
        const byId = new Map(ctx.course.items.map((i) => [i.id, i]));
        return ok({ items: attempt.itemIds.flatMap((id) => byId.get(id) ?? []), deadline: attempt.deadline });
      });
    },

    /** Submits a test's answers once, before its deadline; answers the score. */
    async submitTest(
      token: string,
      kind: TestKind,
      answers: Readonly<Record<string, number>>,
    ): Promise<Result<{ percent: number; passed: boolean; passMark: number }, Problem>> {
      const ctx = await learnerContext(token);
      if (!ctx) return fail('not_found', 'learner_link_invalid');
      const now = clock.now();
      return tx.run({ userId: null, label: 'learner' }, async (t, record) => {
        const attempt = await findAttempt(t, ctx.session.id, ctx.person.id, kind, { lock: true });
        if (!attempt) return fail('invalid', 'test_not_started');
        if (attempt.submittedAt) return fail('invalid', 'test_already_submitted');
        if (attempt.deadline < now) return fail('invalid', 'test_deadline_passed');
        const byId = new Map(ctx.course.items.map((i) => [i.id, i]));
        const items = attempt.itemIds.flatMap((id) => byId.get(id) ?? []);
        for (const [id, choice] of Object.entries(answers)) {
          const item = byId.get(id);
          if (!item || !attempt.itemIds.includes(id) || choice < 0 || choice >= item.options.length)
            return fail('invalid', 'test_answer_invalid', { params: { item: id } });
        }
        const { score, max } = scoreAnswers(items, answers);
        if (!(await submitAttempt(t, { id: attempt.id, answers: { ...answers }, score, at: now })))
          return fail('invalid', 'test_deadline_passed');
        await record({
          action: 'training.test_submitted',
          orgId: ctx.session.orgId,
          targetType: 'training_session',
          targetId: ctx.session.id,
          summary: { person: ctx.person.id, kind, score, max },
        });
        const pct = percent(score, max);
        const passMark = ctx.course.rules.completion.postTestMin;
        return ok({ percent: pct, passed: pct >= passMark, passMark });
      });
    },

    /**
     * Enters the answers of a test taken on paper (where phones or connections fail), as a trainer types them
     * in afterwards. The same form, rules and scoring as online; each test once per person.
     */
    async recordPaperTest(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      personId: string;
      kind: TestKind;
      answers: Readonly<Record<string, number>>;
      takenOn: string;
    }): Promise<Result<{ percent: number }, Problem>> {
      const session = await findSession(db, q.orgId, q.sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      const course = await loadCourse(q.orgId, session.courseId, session.courseVersion);
      if (!course) throw new Error(`session ${session.id} cites a missing course`);
      if (q.takenOn < session.startsOn || q.takenOn > clock.now().toISOString().slice(0, 10))
        return fail('invalid', 'paper_test_date');
      const items = formItems(course, FORM_OF[q.kind]);
      const asked = new Set(items.map((i) => i.id));
      for (const [id, choice] of Object.entries(q.answers)) {
        const item = items.find((i) => i.id === id);
        if (!item || !asked.has(id) || choice < 0 || choice >= item.options.length)
          return fail('invalid', 'test_answer_invalid', { params: { item: id } });
      }
      const { score, max } = scoreAnswers(items, q.answers);
      const at = new Date(`${q.takenOn}T12:00:00Z`);
      return tx.run(q.actor, async (t, record) => {
        const entry = await findRosterEntry(t, q.sessionId, q.personId);
        if (!entry) return fail('not_found', 'roster_entry_not_found');
        if (await findAttempt(t, q.sessionId, q.personId, q.kind))
          return fail('conflict', 'test_already_submitted');
        const attempt = await startAttempt(t, {
          id: newId(),
          sessionId: q.sessionId,
          personId: q.personId,
          kind: q.kind,
          form: FORM_OF[q.kind],
          itemIds: items.map((i) => i.id),
          maxScore: max,
          startedAt: at,
          deadline: at,
        });
        await submitAttempt(t, { id: attempt.id, answers: { ...q.answers }, score, at });
        await record({
          action: 'training.paper_test_recorded',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { person: q.personId, kind: q.kind, score, max },
        });
        return ok({ percent: percent(score, max) });
      });
    },

    /**
     * Issues certificates to people of a session in one go: the participant certificate to those who
     * completed, and — in a training-of-trainers session — the certified-trainer certificate to those who met
     * the trainer rules. Anyone named who does not qualify makes the whole request fail, and nothing is issued.
     * People who already hold the certificate from this session are skipped.
     */
    async issueCertificates(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      personIds: readonly string[];
    }): Promise<Result<{ issued: number; skipped: number; achievement: Achievement }, Problem>> {
      const view = await sessionView(q.orgId, q.sessionId);
      if (!view) return fail('not_found', 'training_session_not_found');
      const achievement: Achievement =
        view.session.audience === 'trainers' ? 'certified_trainer' : 'participant';
      const chosen = new Set(q.personIds);
      const rows = view.roster.filter((r) => chosen.has(r.person.id));
      if (rows.length !== chosen.size) return fail('not_found', 'roster_entry_not_found');
      const notQualified = rows.filter((r) =>
        achievement === 'participant' ? !r.completion.completed : !r.completion.trainerCertified,
      );
      if (notQualified.length > 0)
        return fail('invalid', 'certificate_not_completed', {
          params: { names: notQualified.map((r) => r.person.name).join(', ') },
        });
      const todo = rows.filter(
        (r) => !r.certificates.some((c) => c.achievement === achievement && c.status !== 'revoked'),
      );
      const org = await deps.organisation(q.orgId);
      const issued = await credentials.issueMany({
        orgId: q.orgId,
        orgName: org?.name ?? '',
        actor: q.actor,
        achievement,
        validUntil: addMonths(clock.now(), view.rules.validityMonths[achievement]),
        recipients: todo.map((r) => ({
          email: r.person.email,
          name: r.person.name,
          userId: r.person.userId,
          personId: r.person.id,
          sessionId: q.sessionId,
        })),
      });
      if (!issued.ok) return issued;
      return ok({ issued: issued.value.length, skipped: rows.length - todo.length, achievement });
    },

    /**
     * Certifies a certified trainer as a master trainer, once they have delivered at least one session: the
     * master-trainer certificate, valid for the period the course of their certification sets.
     */
    async certifyMaster(q: {
      orgId: string;
      actor: Actor;
      personId: string;
    }): Promise<Result<{ id: string }, Problem>> {
      const [person] = await findPeople(db, q.orgId, [q.personId]);
      if (!person) return fail('not_found', 'person_not_found');
      const held = (await credentials.list(q.orgId)).filter(
        (c) => c.personId === q.personId && c.status === 'valid',
      );
      if (held.some((c) => c.achievement === 'master_trainer')) return fail('conflict', 'master_already');
      const trainerCert = held.find((c) => c.achievement === 'certified_trainer');
      const delivered = (await listTrainers(db, q.orgId)).some((t) => t.personId === q.personId);
      if (!trainerCert || !delivered)
        return fail('invalid', 'master_not_eligible', { params: { name: person.name } });
      const session = trainerCert.sessionId
        ? await findSession(db, q.orgId, trainerCert.sessionId)
        : undefined;
      const course = session && (await loadCourse(q.orgId, session.courseId, session.courseVersion));
      const issued = await credentials.issueMany({
        orgId: q.orgId,
        orgName: (await deps.organisation(q.orgId))?.name ?? '',
        actor: q.actor,
        achievement: 'master_trainer',
        validUntil: addMonths(clock.now(), course?.rules.validityMonths.master_trainer ?? 36),
        recipients: [
          {
            email: person.email,
            name: person.name,
            userId: person.userId,
            personId: person.id,
            sessionId: null,
          },
        ],
      });
      if (!issued.ok) return issued;
      return ok({ id: issued.value[0]?.id ?? '' });
    },

    /** Certificates the organisation issued, with the holder's name from its own register. */
    async certificates(orgId: string) {
      const rows = await credentials.list(orgId);
      const people = new Map(
        (
          await findPeople(db, orgId, [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))])
        ).map((p) => [p.id, p]),
      );
      return rows.map((r) => ({
        id: r.id,
        achievement: r.achievement,
        holder: (r.personId && people.get(r.personId)?.name) || r.recipientInitials,
        sessionId: r.sessionId,
        status: r.status,
        issuedAt: r.issuedAt,
        validUntil: r.validUntil,
        revokedReason: r.revokedReason,
        verifyUrl: `${deps.publicUrl}/verify/${r.id}`,
      }));
    },

    /** The issuing organisation's name, as certificates and reports show it. */
    async issuerName(orgId: string): Promise<string> {
      return (await deps.organisation(orgId))?.name ?? '';
    },

    /** What a printed certificate shows: holder, achievement, issuer, dates, and the verification address. */
    async certificateSheet(
      orgId: string,
      id: string,
    ): Promise<
      Result<
        {
          holder: string;
          achievement: string;
          issuer: string;
          validFrom: Date;
          validUntil: Date | null;
          id: string;
          verifyUrl: string;
        },
        Problem
      >
    > {
      const cert = await credentials.certificate(id);
      if (!cert.ok || cert.value.orgId !== orgId) return fail('not_found', 'certificate_not_found');
      const c = cert.value;
      const [person] = c.personId ? await findPeople(db, orgId, [c.personId]) : [];
      return ok({
        holder: person?.name ?? c.recipientInitials,
        achievement: c.achievement,
        issuer: (await deps.organisation(orgId))?.name ?? '',
        validFrom: c.validFrom,
        validUntil: c.validUntil,
        id: c.id,
        verifyUrl: `${deps.publicUrl}/verify/${c.id}`,
      });
    },

    /** Difficulty and discrimination of each item of a course version, over the organisation's tests. */
    async itemAnalysis(
      orgId: string,
      courseId: string,
      version: string,
    ): Promise<
      Result<{ items: (ItemStats & { topic: string; form: string })[]; attempts: number }, Problem>
    > {
      const course = await loadCourse(orgId, courseId, version);
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

    /**
     * Mails each learner whose delayed test has opened a fresh link to it, once. Runs daily as a job;
     * each reminder is claimed in the same transaction as its mail.
     */
    async sendDelayedTestReminders(actor: Actor): Promise<{ sent: number }> {
      await ensureBuiltIns();
      const today = clock.now().toISOString().slice(0, 10);
      let sent = 0;
      // Candidates are sessions held 14 to 365 days ago; each course's own delay and window decide below.
      const due = await dueForDelayedTest(db, {
        heldBefore: addDays(today, -14),
        heldAfter: addDays(today, -365),
      });
      for (const entry of due) {
        const session = await findSession(db, entry.orgId, entry.sessionId);
        const course = session && (await loadCourse(entry.orgId, session.courseId, session.courseVersion));
        const [person] = await findPeople(db, entry.orgId, [entry.personId]);
        if (!session || !course || !person) continue;
        const opensOn = addDays(session.startsOn, course.rules.delayedTestDays);
        const closesOn = addDays(opensOn, course.rules.delayedTestWindowDays);
        if (today < opensOn || today > closesOn) continue;
        const done = await tx.run(actor, async (t, record) => {
          await markDelayedReminded(t, {
            sessionId: entry.sessionId,
            personId: entry.personId,
            at: clock.now(),
          });
          const token = await newLearnerLink(t, entry.sessionId, entry.personId);
          const locale = person.locale ?? 'en';
          const params = { name: person.name, session: session.title, link: learnerUrl(token), closesOn };
          await deps.mailer.queue(t, {
            to: person.email,
            subject: translate(locale, 'mail.training_delayed.subject', params),
            text: translate(locale, 'mail.training_delayed.body', params),
          });
          await record({
            action: 'training.delayed_test_reminded',
            orgId: entry.orgId,
            targetType: 'training_session',
            targetId: entry.sessionId,
            summary: { person: entry.personId },
          });
          return ok(true);
        });
        if (done.ok) sent += 1;
      }
      if (sent > 0) await deps.mailer.deliverPending();
      return { sent };
    },

    /**
     * Reminds holders, 60 days ahead, that their certificate expires, so they can take a refresher before the
     * next election cycle. Once per certificate; runs daily as a job.
     */
    async sendRenewalReminders(actor: Actor): Promise<{ sent: number }> {
      const now = clock.now();
      let sent = 0;
      for (const cert of await dueForRenewal(db, new Date(now.getTime() + 60 * DAY_MS))) {
        if (!cert.personId || !cert.validUntil || cert.validUntil < now) continue;
        const [person] = await findPeople(db, cert.orgId, [cert.personId]);
        if (!person) continue;
        const locale = person.locale ?? 'en';
        const parsed = Achievement.safeParse(cert.achievement);
        const params = {
          name: person.name,
          achievement: parsed.success
            ? translate(locale, `verify.achievement.${parsed.data}`)
            : cert.achievement,
          date: cert.validUntil.toISOString().slice(0, 10),
          link: `${deps.publicUrl}/verify/${cert.id}`,
        };
        const done = await tx.run(actor, async (t, record) => {
          if (!(await claimRenewalReminder(t, cert.id, now))) return ok(false);
          await deps.mailer.queue(t, {
            to: person.email,
            subject: translate(locale, 'mail.training_renewal.subject', params),
            text: translate(locale, 'mail.training_renewal.body', params),
          });
          await record({
            action: 'training.renewal_reminded',
            orgId: cert.orgId,
            targetType: 'certificate',
            targetId: cert.id,
          });
          return ok(true);
        });
        if (done.ok && done.value) sent += 1;
      }
      if (sent > 0) await deps.mailer.deliverPending();
      return { sent };
    },
  };
}

/** The training service's type. */
export type TrainingService = ReturnType<typeof createTrainingService>;
