import { randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import type { SupportedLocale } from '../../platform/i18n/index.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { CourseCatalogue } from './catalogue.js';
import { checkinContext } from './checkin.store.js';
import type { Gender, TeachBack } from './model.js';
import { findPeople, linkPersonToUser, listPeople, upsertPeople, type PersonRow } from './people.store.js';
import {
  addToRoster,
  findRosterEntry,
  removeFromRoster,
  rosterCounts,
  setAttendance,
  setTeachBack,
} from './roster.store.js';
import { withoutSecret, type SessionView, type SessionViews } from './session-view.js';
import {
  findSession,
  insertSession,
  insertTrainers,
  listSessions,
  listTrainers,
  updateSession,
  type SessionRow,
} from './sessions.store.js';
import type { TrainingDeps } from './training.service.js';

/** A person to put on a roster: their name and e-mail, and optional facts for disaggregated statistics. */
export interface PersonInput {
  readonly name: string;
  readonly email: string;
  readonly gender: Gender | null;
  readonly unitId: string | null;
}

/** Who trains in a session: an existing person of the register, or a member of the organisation. */
export type TrainerRef = { readonly personId: string } | { readonly userId: string };

/** What a trainer plans a session with: the stored session's own fields, and who leads and co-trains it. */
export type SessionInput = Pick<
  SessionRow,
  'courseId' | 'courseVersion' | 'title' | 'startsOn' | 'place' | 'remote' | 'locale' | 'audience' | 'unitId'
> & {
  readonly lead: TrainerRef;
  readonly coTrainers: readonly TrainerRef[];
};

/** The register of people, sessions, their trainers, rosters, attendance and teach-backs. */
export function sessionsPart(
  deps: Pick<TrainingDeps, 'db' | 'tx' | 'clock' | 'secrets' | 'credentials' | 'directory' | 'contactOf'> & {
    readonly catalogue: CourseCatalogue;
    readonly sessionView: SessionViews;
  },
) {
  const { db, tx, clock, credentials, catalogue, sessionView } = deps;

  /** The generation of trainers a person leads as: see `createSession`. */
  async function leadGeneration(orgId: string, personId: string): Promise<number> {
    const held = (await credentials.list(orgId)).filter(
      (c) => c.personId === personId && c.status === 'valid',
    );
    if (held.some((c) => c.achievement === 'master_trainer')) return 0;
    const certifiedIn = held.find((c) => c.achievement === 'certified_trainer')?.sessionId;
    const session = certifiedIn ? await findSession(db, orgId, certifiedIn) : undefined;
    return session ? Math.min(session.generation + 1, 9) : 0;
  }

  /** The person a trainer reference names; a member becomes a person of the register the first time. */
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

  return {
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
      const [sessions, trainers, counts] = await Promise.all([
        listSessions(db, orgId),
        listTrainers(db, orgId),
        rosterCounts(db, orgId),
      ]);
      const leads = new Map(trainers.filter((t) => t.role === 'lead').map((t) => [t.sessionId, t.personId]));
      const people = new Map(
        (await findPeople(db, orgId, [...new Set(leads.values())])).map((p) => [p.id, p]),
      );
      return sessions.map((s) => ({
        ...withoutSecret(s),
        lead: people.get(leads.get(s.id) ?? '')?.name ?? '',
        enrolled: counts.get(s.id)?.enrolled ?? 0,
        attended: counts.get(s.id)?.attended ?? 0,
      }));
    },

    /** Plans a session: course version, date, place, generation, audience, lead and co-trainers. */
    /**
     * Plans a session. Its generation is not typed but follows from who leads it, so the cascade counts
     * every session one way: master trainers (or staff who hold no trainer certificate) lead generation 0, and
     * a trainer certified in a generation-n session leads generation n + 1.
     */
    async createSession(q: {
      orgId: string;
      actor: Actor;
      input: SessionInput;
    }): Promise<Result<SessionView, Problem>> {
      const { input } = q;
      if (!(await catalogue.load(q.orgId, input.courseId, input.courseVersion)))
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
        const generation = await leadGeneration(q.orgId, lead.id);
        await insertSession(t, {
          id,
          orgId: q.orgId,
          courseId: input.courseId,
          courseVersion: input.courseVersion,
          title: input.title,
          startsOn: input.startsOn,
          place: input.place,
          remote: input.remote,
          locale: input.locale,
          generation,
          audience: input.audience,
          unitId: input.unitId,
          checkinSecret: deps.secrets.seal(randomBytes(32), checkinContext(id)),
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
            generation,
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
        locale?: SupportedLocale | null;
        unitId?: string | null;
        closed?: boolean;
        postTestOpen?: boolean;
      };
    }): Promise<Result<SessionView, Problem>> {
      const { closed, postTestOpen, ...rest } = q.set;
      if (rest.unitId !== undefined && !(await validUnit(q.orgId, rest.unitId)))
        return fail('invalid', 'unit_not_found');
      const done = await tx.run(q.actor, async (t, record) => {
        const session = await findSession(t, q.orgId, q.sessionId, { lock: true });
        if (!session) return fail('not_found', 'training_session_not_found');
        const changed = await updateSession(t, {
          orgId: q.orgId,
          id: q.sessionId,
          version: q.version,
          set: {
            ...rest,
            ...(closed !== undefined && { closedAt: closed ? clock.now() : null }),
            ...(postTestOpen !== undefined && { postTestOpenedAt: postTestOpen ? clock.now() : null }),
          },
        });
        if (!changed) return fail('conflict', 'training_session_changed');
        await record({
          action:
            closed === true
              ? 'training.session_closed'
              : closed === false
                ? 'training.session_reopened'
                : postTestOpen === true
                  ? 'training.post_test_opened'
                  : 'training.session_updated',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          // What changed, from what (a corrected date must say which date it was before).
          summary: {
            fields: Object.keys(q.set),
            ...(Object.keys(rest).length > 0 && {
              from: Object.fromEntries(Object.keys(rest).map((k) => [k, session[k as keyof typeof rest]])),
              to: rest,
            }),
          },
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
      result: TeachBack | null;
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
  };
}
