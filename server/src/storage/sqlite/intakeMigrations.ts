/**
 * Intake and the agreement to mediate (issue 13, second half): tables appended to the ordered
 * list in migrations.ts. Documents are BLOBs in the database, never files named by what a person
 * typed, so an upload cannot choose where it lands or be served by a static file handler. No
 * foreign keys to the practice's tables: the intake feature checks case and person ids itself, and
 * the contract suite can run without a practice behind it.
 */
import type { Migration } from './migrations.js';

const INTAKE_V1 = `
CREATE TABLE intake_links (
  person_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, practice_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL
);
CREATE INDEX intake_links_case ON intake_links(case_id);
CREATE TABLE intake_settings (case_id TEXT PRIMARY KEY, settings TEXT NOT NULL);
CREATE TABLE intake_responses (
  case_id TEXT NOT NULL, person_id TEXT NOT NULL, answers TEXT NOT NULL,
  started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, submitted_at INTEGER, PRIMARY KEY (case_id, person_id)
);
CREATE TABLE intake_documents (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, person_id TEXT NOT NULL,
  name TEXT NOT NULL, type TEXT NOT NULL, size INTEGER NOT NULL, uploaded_at INTEGER NOT NULL, data BLOB NOT NULL
);
CREATE INDEX intake_documents_person ON intake_documents(case_id, person_id, uploaded_at);
CREATE TABLE mediation_agreement_templates (
  practice_id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL,
  version INTEGER NOT NULL, updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL
);
CREATE TABLE mediation_agreement_requirements (
  session_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
  version INTEGER NOT NULL, hash TEXT NOT NULL, required_at INTEGER NOT NULL
);
CREATE TABLE mediation_agreement_signatures (
  session_id TEXT NOT NULL, participant_id TEXT NOT NULL, version INTEGER NOT NULL, typed_name TEXT NOT NULL,
  hash TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (session_id, participant_id, version)
);
`;

/** Appended to MIGRATIONS with the next free version number (see migrations.ts). */
export const intakeMigrations = (firstVersion: number): Migration[] => [
  { version: firstVersion, name: 'intake by link (links, settings, answers, documents) and the agreement to mediate (template, requirement, signatures)', up: (db) => db.exec(INTAKE_V1) },
  {
    version: firstVersion + 1,
    name: 'the stage tracker: where each session stands',
    up: (db) => db.exec('CREATE TABLE session_stages (session_id TEXT PRIMARY KEY, stage TEXT NOT NULL, set_at INTEGER NOT NULL, set_by TEXT NOT NULL)'),
  },
  {
    version: firstVersion + 2,
    name: 'the room plan from the intake (arrival times, hard stops, accommodations, separate-only)',
    up: (db) => db.exec('CREATE TABLE session_plans (session_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, plan TEXT NOT NULL)'),
  },
  {
    version: firstVersion + 3,
    name: 'mediator-only case notes (the pre-mediation call)',
    up: (db) => db.exec(`CREATE TABLE case_notes (
      id TEXT PRIMARY KEY, case_id TEXT NOT NULL, session_id TEXT, at INTEGER NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, text TEXT NOT NULL
    ); CREATE INDEX case_notes_case ON case_notes(case_id, at);`),
  },
];
