import type { Generated, Kysely } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';

/** The roadmap's item tables, as its stores read and write them (missions and plans have their own). */
export type RoadmapTables = {
  roadmap_items: {
    id: string;
    org_id: string;
    kind: string;
    source: string;
    origin_key: string | null;
    origin: Record<string, string>;
    title: string;
    description: string;
    paragraph_ref: string;
    area: string;
    addressee: string;
    instrument: string | null;
    priority: string;
    priority_flag: boolean;
    horizon: string;
    owner_unit_id: string | null;
    owner_user_id: string | null;
    due_on: string | null;
    status: string;
    status_reason: Generated<string>;
    donor_fundable: boolean;
    mission_id: string | null;
    objective_id: string | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  roadmap_milestones: {
    id: string;
    item_id: string;
    title: string;
    due_on: string | null;
    done_on: string | null;
  };
  roadmap_updates: {
    id: string;
    item_id: string;
    body: string;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  roadmap_grades: {
    id: string;
    item_id: string;
    grade: string;
    graded_on: string;
    assessor: string;
    rationale: string;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  /** Moved on by triggers at every change to what the item list shows (migration 0035). */
  roadmap_list_versions: {
    org_id: string;
    version: string;
  };
};

export function tables(db: Db | Tx): Kysely<RoadmapTables> {
  return db.withTables<RoadmapTables>();
}
