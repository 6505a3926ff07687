/**
 * The after-session tables (follow-up plans and check-ins, durable jobs, surveys), as a migration
 * to append to the ordered list in migrations.ts. Survey answers have no column that could name
 * the person who gave them: no participant, no link, no timestamp finer than the month.
 */
import type { Migration } from './migrations.js';

const FOLLOWUP_V1 = `
CREATE TABLE followup_plans (
  session_id TEXT PRIMARY KEY, discovery TEXT NOT NULL, follow_up TEXT, follow_up_session_id TEXT, updated_at INTEGER NOT NULL
);
CREATE TABLE followup_items (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, position INTEGER NOT NULL, what TEXT NOT NULL, owner TEXT NOT NULL,
  due TEXT NOT NULL, clause TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', note TEXT NOT NULL DEFAULT '', status_at INTEGER
);
CREATE INDEX followup_items_session ON followup_items(session_id, position);
CREATE TABLE followup_emails (
  session_id TEXT NOT NULL, participant_id TEXT NOT NULL, email TEXT NOT NULL, confirmed_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, participant_id)
);
CREATE TABLE followup_checkin_links (key_hash TEXT PRIMARY KEY, item_id TEXT NOT NULL, participant_id TEXT NOT NULL);
CREATE INDEX followup_checkin_links_item ON followup_checkin_links(item_id);
CREATE TABLE jobs (
  key TEXT PRIMARY KEY, kind TEXT NOT NULL, run_at INTEGER NOT NULL, payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER, done_at INTEGER, last_error TEXT, created_at INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs(done_at, run_at);
CREATE TABLE survey_links (
  session_id TEXT NOT NULL, participant_id TEXT NOT NULL, variant TEXT NOT NULL,
  answered INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, PRIMARY KEY (session_id, participant_id)
);
CREATE TABLE survey_keys (key_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL, participant_id TEXT NOT NULL);
CREATE TABLE survey_answers (
  session_id TEXT NOT NULL, case_id TEXT, practice_id TEXT, dispute_type TEXT NOT NULL, variant TEXT NOT NULL,
  month TEXT NOT NULL, ratings TEXT NOT NULL, recommend INTEGER, comment TEXT NOT NULL
);
CREATE INDEX survey_answers_session ON survey_answers(session_id);
CREATE INDEX survey_answers_practice ON survey_answers(practice_id);
`;

/** Appended to MIGRATIONS with the next free version number (see migrations.ts). */
export const followupMigrations = (firstVersion: number): Migration[] => [
  { version: firstVersion, name: 'after the session: follow-up plans, check-ins, durable jobs, satisfaction surveys', up: (db) => db.exec(FOLLOWUP_V1) },
];
