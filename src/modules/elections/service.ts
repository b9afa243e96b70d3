import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import { folded } from '../../platform/text.js';
import type { Tx } from '../../platform/db.js';
import type { Transactor } from '../audit/index.js';
import { daysUntil, type Election, type ElectionKind, type ElectionPhase } from './model.js';
import { deleteElection, listElections, saveElection } from './store.js';

/** What an election is made of when created or edited. */
export interface ElectionInput {
  readonly name: string;
  readonly kind: ElectionKind;
  readonly pollingDay: string;
  readonly phases: readonly ElectionPhase[];
}

/** The next polling day of an organisation, as other modules read it. */
export interface NextPollingDay {
  readonly electionId: string;
  readonly name: string;
  readonly pollingDay: string;
  readonly daysToGo: number;
}

function checkPhases(phases: readonly ElectionPhase[]): Problem | undefined {
  const bad = phases.find((p) => p.endsOn < p.startsOn);
  if (bad) return { type: 'invalid', id: 'phase_outside', detail: `${bad.phase}: ends before it starts` };
  const seen = new Set(phases.map((p) => p.phase));
  if (seen.size !== phases.length)
    return { type: 'invalid', id: 'invalid_input', detail: 'each phase may appear once' };
  return undefined;
}

/**
 * Another election of the organisation already called `name` (case and accents aside): two "General
 * election 2027" rows would make every screen that names the election ambiguous.
 */
async function nameTaken(t: Tx, orgId: string, name: string, id: string): Promise<Problem | undefined> {
  const clash = (await listElections(t, orgId)).find((e) => e.id !== id && folded(e.name) === folded(name));
  return clash && { type: 'conflict', id: 'election_name_taken', params: { name: clash.name } };
}

/** Builds the elections service: each EMB's calendar. */
export function createElectionsService(deps: { db: Db; tx: Transactor; clock: Clock }) {
  const { db, tx, clock } = deps;
  return {
    list(orgId: string): Promise<Election[]> {
      return listElections(db, orgId);
    },

    /** The nearest polling day today or later, if the calendar has one. */
    async nextPollingDay(orgId: string): Promise<NextPollingDay | undefined> {
      const today = clock.now();
      const upcoming = (await listElections(db, orgId))
        .map((e) => ({
          electionId: e.id,
          name: e.name,
          pollingDay: e.pollingDay,
          daysToGo: daysUntil(e.pollingDay, today),
        }))
        .filter((e) => e.daysToGo >= 0);
      return upcoming[0];
    },

    async create(q: {
      orgId: string;
      actor: Actor;
      input: ElectionInput;
    }): Promise<Result<Election, Problem>> {
      const bad = checkPhases(q.input.phases);
      if (bad) return { ok: false, error: bad };
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        const taken = await nameTaken(t, q.orgId, q.input.name, id);
        if (taken) return { ok: false, error: taken };
        await saveElection(t, { id, orgId: q.orgId, ...q.input }, true);
        await record({
          action: 'election.created',
          orgId: q.orgId,
          targetType: 'election',
          targetId: id,
          summary: { name: q.input.name, pollingDay: q.input.pollingDay },
        });
        const [created] = await listElections(t, q.orgId, id);
        return created ? ok(created) : fail('not_found', 'election_not_found');
      });
    },

    async update(q: {
      orgId: string;
      electionId: string;
      actor: Actor;
      input: ElectionInput;
    }): Promise<Result<Election, Problem>> {
      const bad = checkPhases(q.input.phases);
      if (bad) return { ok: false, error: bad };
      return tx.run(q.actor, async (t, record) => {
        const [before] = await listElections(t, q.orgId, q.electionId);
        if (!before) return fail('not_found', 'election_not_found');
        const taken = await nameTaken(t, q.orgId, q.input.name, q.electionId);
        if (taken) return { ok: false, error: taken };
        await saveElection(t, { id: q.electionId, orgId: q.orgId, ...q.input }, false);
        await record({
          action: 'election.updated',
          orgId: q.orgId,
          targetType: 'election',
          targetId: q.electionId,
          summary: {
            name: { from: before.name, to: q.input.name },
            pollingDay: { from: before.pollingDay, to: q.input.pollingDay },
          },
        });
        const [after] = await listElections(t, q.orgId, q.electionId);
        return after ? ok(after) : fail('not_found', 'election_not_found');
      });
    },

    async remove(q: { orgId: string; electionId: string; actor: Actor }): Promise<Result<void, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        if (!(await deleteElection(t, { id: q.electionId, orgId: q.orgId })))
          return fail('not_found', 'election_not_found');
        await record({
          action: 'election.deleted',
          orgId: q.orgId,
          targetType: 'election',
          targetId: q.electionId,
        });
        return ok(undefined);
      });
    },
  };
}

/** The elections service's type. */
export type ElectionsService = ReturnType<typeof createElectionsService>;
