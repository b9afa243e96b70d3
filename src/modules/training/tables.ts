import type { Generated, Kysely } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';

/** The training module's tables, as its stores read and write them. */
export type TrainingTables = {
  training_courses: {
    id: string;
    version: string;
    content: unknown;
    sha256: string;
    org_id: string | null;
    /** 'built-in' or the organisation's id (generated from org_id): the namespace of the course id. */
    owner: Generated<string>;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  training_people: {
    id: string;
    org_id: string;
    user_id: string | null;
    name: string;
    email: string;
    gender: string | null;
    unit_id: string | null;
    locale: string | null;
    created_at: Generated<Date>;
  };
  training_sessions: {
    id: string;
    org_id: string;
    course_owner: string;
    course_id: string;
    course_version: string;
    title: string;
    starts_on: string;
    place: string;
    remote: boolean;
    generation: number;
    audience: string;
    unit_id: string | null;
    status: Generated<string>;
    checkin_secret: string;
    version: Generated<number>;
    created_at: Generated<Date>;
    created_by: string | null;
    closed_at: Date | null;
    post_test_opened_at: Generated<Date | null>;
    locale: Generated<string | null>;
  };
  training_session_trainers: { session_id: string; org_id: string; person_id: string; role: string };
  training_roster: {
    session_id: string;
    org_id: string;
    person_id: string;
    attended_at: Date | null;
    attendance_method: string | null;
    teach_back: string | null;
    teach_back_by: string | null;
    teach_back_at: Date | null;
    delayed_reminded_at: Date | null;
    added_at: Generated<Date>;
  };
  training_attempts: {
    id: string;
    session_id: string;
    person_id: string;
    kind: string;
    form: string;
    item_ids: string[];
    answers: unknown;
    score: number | null;
    max_score: number;
    started_at: Date;
    deadline: Date;
    submitted_at: Date | null;
  };
  training_checkin_used: { nonce: string; session_id: string; used_at: Date };
  training_checkin_challenges: {
    id: string;
    session_id: string;
    person_id: string;
    token_hash: string;
    code_hash: string;
    created_at: Date;
    expires_at: Date;
    attempts: Generated<number>;
    used_at: Date | null;
  };
  training_toolkit_files: {
    id: string;
    org_id: string;
    course_id: string;
    filename: string;
    sha256: string;
    media_type: string;
    uploaded_at: Generated<Date>;
    uploaded_by: string | null;
    size_bytes: string | number;
  };
  training_learner_links: {
    token_sha256: string;
    session_id: string;
    person_id: string;
    created_at: Generated<Date>;
  };
};

/** The training tables of a connection or transaction. */
export function tables(db: Db | Tx): Kysely<TrainingTables> {
  return db.withTables<TrainingTables>();
}
