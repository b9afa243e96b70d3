import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { z } from 'zod';
import { SUPPORTED_LOCALES, type SupportedLocale } from '../../platform/i18n/index.js';
import { Gender } from './model.js';
import { tables, type TrainingTables } from './tables.js';

const Locale = z.enum(SUPPORTED_LOCALES);

/** The organisation's register of people who train or are trained (members or not). */

export interface PersonRow {
  readonly id: string;
  readonly orgId: string;
  readonly userId: string | null;
  readonly name: string;
  readonly email: string;
  readonly gender: Gender | null;
  readonly unitId: string | null;
  readonly locale: SupportedLocale | null;
}

const rowToPerson = (r: Selectable<TrainingTables['training_people']>): PersonRow => ({
  id: r.id,
  orgId: r.org_id,
  userId: r.user_id,
  name: r.name,
  email: r.email,
  gender: r.gender === null ? null : Gender.parse(r.gender),
  unitId: r.unit_id,
  locale: r.locale === null ? null : Locale.parse(r.locale),
});

/** Remembers the language a person reads learner pages in. */
export async function setPersonLocale(tx: Tx, personId: string, locale: string): Promise<void> {
  await tables(tx).updateTable('training_people').set({ locale }).where('id', '=', personId).execute();
}

/** Adds people to the organisation's register; an e-mail already there keeps its record. Returns all of them. */
export async function upsertPeople(
  tx: Tx,
  orgId: string,
  people: readonly {
    id: string;
    name: string;
    email: string;
    gender: Gender | null;
    unitId: string | null;
    userId: string | null;
  }[],
): Promise<PersonRow[]> {
  if (people.length === 0) return [];
  await tables(tx)
    .insertInto('training_people')
    .values(
      people.map((p) => ({
        id: p.id,
        org_id: orgId,
        user_id: p.userId,
        name: p.name,
        email: p.email,
        gender: p.gender,
        unit_id: p.unitId,
        locale: null,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'email']).doNothing())
    .execute();
  const rows = await tables(tx)
    .selectFrom('training_people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where(
      'email',
      'in',
      people.map((p) => p.email),
    )
    .execute();
  return rows.map(rowToPerson);
}

/** Links a person of the register to the member account with the same e-mail. */
export async function linkPersonToUser(
  tx: Tx,
  personId: string,
  userId: string,
): Promise<PersonRow | undefined> {
  const row = await tables(tx)
    .updateTable('training_people')
    .set({ user_id: userId })
    .where('id', '=', personId)
    .where('user_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && rowToPerson(row);
}

/** People of the organisation, by name, optionally matching a search. */
export async function listPeople(db: Db | Tx, orgId: string, q?: string): Promise<PersonRow[]> {
  let query = tables(db).selectFrom('training_people').selectAll().where('org_id', '=', orgId);
  if (q)
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', `%${escapeLike(q)}%`), eb('email', 'ilike', `%${escapeLike(q)}%`)]),
    );
  return (await query.orderBy('name').limit(500).execute()).map(rowToPerson);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The person of the organisation with this e-mail (lower-cased), if any. */
export async function findPersonByEmail(
  db: Db | Tx,
  orgId: string,
  email: string,
): Promise<PersonRow | undefined> {
  const row = await tables(db)
    .selectFrom('training_people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row && rowToPerson(row);
}

/** People of the organisation by id (others are left out). */
export async function findPeople(db: Db | Tx, orgId: string, ids: readonly string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  const rows = await tables(db)
    .selectFrom('training_people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(rowToPerson);
}

/** Every person of the organisation (for the cascade measures). */
export async function allPeople(db: Db | Tx, orgId: string): Promise<PersonRow[]> {
  const rows = await tables(db)
    .selectFrom('training_people')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
  return rows.map(rowToPerson);
}
