import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Tx } from '../../platform/db.js';
import { prepare } from '../../platform/prepared.js';
import { ElectionKind, Phase, type Election, type ElectionPhase } from './model.js';

type ElectionTables = {
  elections: {
    id: string;
    org_id: string;
    name: string;
    kind: string;
    polling_day: string;
    created_at?: Date;
  };
  election_phases: { id: string; election_id: string; phase: string; starts_on: string; ends_on: string };
};

function tables(db: Db | Tx): Kysely<ElectionTables> {
  return db.withTables<ElectionTables>();
}

// Dates are read as text (to_char) so no time zone can shift a polling day.
function rowToElection(
  row: { id: string; org_id: string; name: string; kind: string; polling_day: string },
  phases: ElectionPhase[],
): Election {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    kind: ElectionKind.parse(row.kind),
    pollingDay: row.polling_day,
    phases,
  };
}

/** The elections query: one organisation's, by polling day, each with its phases as a JSON array. */
function electionsQuery(db: Db | Tx, orgId: string) {
  return tables(db)
    .selectFrom('elections as e')
    .select((eb) => [
      'e.id',
      'e.org_id',
      'e.name',
      'e.kind',
      eb.fn<string>('to_char', ['e.polling_day', eb.val('YYYY-MM-DD')]).as('polling_day'),
      jsonArrayFrom(
        eb
          .selectFrom('election_phases as p')
          .select((pb) => [
            'p.phase',
            pb.fn<string>('to_char', ['p.starts_on', pb.val('YYYY-MM-DD')]).as('starts_on'),
            pb.fn<string>('to_char', ['p.ends_on', pb.val('YYYY-MM-DD')]).as('ends_on'),
          ])
          .whereRef('p.election_id', '=', 'e.id')
          .orderBy('p.starts_on'),
      ).as('phases'),
    ])
    .where('e.org_id', '=', orgId)
    .orderBy('e.polling_day');
}

// The calendar is read on every dashboard and by other modules' urgency: prepared once (platform/prepared.ts).
const electionsOfOrg = prepare((db, p: { orgId: string }) => electionsQuery(db, p.orgId));
const electionOfOrg = prepare((db, p: { orgId: string; electionId: string }) =>
  electionsQuery(db, p.orgId).where('e.id', '=', p.electionId),
);

/** Elections of one organisation (or the one named), by polling day, with their phases — in one query. */
export async function listElections(db: Db | Tx, orgId: string, electionId?: string): Promise<Election[]> {
  const rows = electionId
    ? await electionOfOrg.execute(db, { orgId, electionId })
    : await electionsOfOrg.execute(db, { orgId });
  return rows.map((row) =>
    rowToElection(
      row,
      row.phases.map((p) => ({ phase: Phase.parse(p.phase), startsOn: p.starts_on, endsOn: p.ends_on })),
    ),
  );
}

/** Inserts an election with its phases, or replaces an existing one's fields and phases. */
export async function saveElection(
  tx: Tx,
  e: {
    id: string;
    orgId: string;
    name: string;
    kind: ElectionKind;
    pollingDay: string;
    phases: readonly ElectionPhase[];
  },
  isNew: boolean,
): Promise<void> {
  if (isNew) {
    await tables(tx)
      .insertInto('elections')
      .values({ id: e.id, org_id: e.orgId, name: e.name, kind: e.kind, polling_day: e.pollingDay })
      .execute();
  } else {
    await tables(tx)
      .updateTable('elections')
      .set({ name: e.name, kind: e.kind, polling_day: e.pollingDay })
      .where('id', '=', e.id)
      .where('org_id', '=', e.orgId)
      .execute();
    await tables(tx).deleteFrom('election_phases').where('election_id', '=', e.id).execute();
  }
  if (e.phases.length > 0) {
    await tables(tx)
      .insertInto('election_phases')
      .values(
        e.phases.map((p) => ({
          id: crypto.randomUUID(),
          election_id: e.id,
          phase: p.phase,
          starts_on: p.startsOn,
          ends_on: p.endsOn,
        })),
      )
      .execute();
  }
}

export async function deleteElection(tx: Tx, q: { id: string; orgId: string }): Promise<boolean> {
  const result = await tables(tx)
    .deleteFrom('elections')
    .where('id', '=', q.id)
    .where('org_id', '=', q.orgId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
