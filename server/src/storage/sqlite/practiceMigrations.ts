/**
 * The practice's tables (accounts, cases, conflict checks, email), as migrations to append to the
 * ordered list in migrations.ts. Kept in their own file so the practice's schema reads in one place.
 */
import type { Migration } from './migrations.js';

const PRACTICE_V1 = `
CREATE TABLE practices (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE mediators (
  id TEXT PRIMARY KEY, practice_id TEXT NOT NULL REFERENCES practices(id), name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT, created_at INTEGER NOT NULL
);
CREATE INDEX mediators_practice ON mediators(practice_id);
CREATE TABLE mediator_sessions (
  id_hash TEXT PRIMARY KEY, mediator_id TEXT NOT NULL REFERENCES mediators(id), csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
);
CREATE TABLE mediator_invites (
  token_hash TEXT PRIMARY KEY, mediator_id TEXT NOT NULL REFERENCES mediators(id),
  expires_at INTEGER NOT NULL, used_at INTEGER
);
CREATE TABLE cases (
  id TEXT PRIMARY KEY, practice_id TEXT NOT NULL REFERENCES practices(id), title TEXT NOT NULL,
  dispute_type TEXT NOT NULL, stage TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL
);
CREATE INDEX cases_practice ON cases(practice_id, created_at);
CREATE TABLE case_people (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), name TEXT NOT NULL, role TEXT NOT NULL,
  side TEXT, email TEXT NOT NULL, phone TEXT NOT NULL, organisation TEXT NOT NULL, added_at INTEGER NOT NULL
);
CREATE INDEX case_people_case ON case_people(case_id, added_at);
CREATE TABLE conflict_checks (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), at INTEGER NOT NULL, reason TEXT NOT NULL,
  matches TEXT NOT NULL, decision TEXT, note TEXT NOT NULL DEFAULT '', decided_at INTEGER, decided_by TEXT
);
CREATE INDEX conflict_checks_case ON conflict_checks(case_id, at);
CREATE TABLE case_sessions (
  session_id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), kind TEXT NOT NULL, title TEXT NOT NULL,
  starts_at INTEGER, duration_minutes INTEGER NOT NULL, created_at INTEGER NOT NULL,
  mediators TEXT NOT NULL, invitees TEXT NOT NULL
);
CREATE INDEX case_sessions_case ON case_sessions(case_id, created_at);
CREATE TABLE case_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL REFERENCES cases(id), at INTEGER NOT NULL,
  actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX case_history_case ON case_history(case_id, seq);
CREATE TABLE emails (
  id TEXT PRIMARY KEY, practice_id TEXT NOT NULL REFERENCES practices(id), case_id TEXT, recipient TEXT NOT NULL,
  subject TEXT NOT NULL, text TEXT NOT NULL, ics TEXT, status TEXT NOT NULL, error TEXT, created_at INTEGER NOT NULL
);
CREATE INDEX emails_practice ON emails(practice_id, created_at);
`;

/** Appended to MIGRATIONS with the next free version numbers (see migrations.ts). */
export const practiceMigrations = (firstVersion: number): Migration[] => [
  { version: firstVersion, name: 'the practice: mediator accounts, cases, conflict checks, case sessions, history, emails', up: (db) => db.exec(PRACTICE_V1) },
];
