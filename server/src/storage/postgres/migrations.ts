/**
 * The PostgreSQL schema as versioned migrations, numbered like the SQLite ones (sqlite/migrations.ts)
 * so a reader can compare version by version; the rules are the same: applied by the SET of recorded
 * versions (`schema_migrations (version, name, applied_at)`), each in its own transaction with its
 * row, never edited once shipped; a recorded version this code does not know is a newer server.
 *
 * Differences from SQLite, each for a reason: millisecond times are BIGINT; bytes are BYTEA; tables
 * that SQLite orders by its implicit rowid get an explicit `ord BIGSERIAL` (insertion order);
 * AUTOINCREMENT is BIGSERIAL. JSON stays TEXT, as in SQLite, so both backends store the same text.
 * Versions 100 (`session_fence`) and 101 (`fence_check()`) exist only here: fencing matters only with several nodes.
 *
 * Several nodes may start at once: migrate() holds an advisory lock while it works, so exactly one
 * of them applies each migration and the others then see it recorded.
 */
import { StartupError } from '../../config.js';
import { quoteIdent, type Executor, type PgDatabase } from './database.js';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

const BASELINE = `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, settings TEXT NOT NULL, lobby_message TEXT NOT NULL,
  created_at BIGINT NOT NULL, ended_at BIGINT
);
CREATE TABLE participants (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), display_name TEXT NOT NULL,
  role TEXT NOT NULL, side TEXT, planned_space TEXT, token_id TEXT NOT NULL, token TEXT NOT NULL,
  expires_at BIGINT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT FALSE, created_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX participants_session ON participants(session_id, created_at, ord);
CREATE TABLE revoked_tokens (token_id TEXT PRIMARY KEY, revoked_at BIGINT NOT NULL);
CREATE TABLE audit (
  seq BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL, at BIGINT NOT NULL,
  actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX audit_session ON audit(session_id, seq);

CREATE TABLE yjs_updates (seq BIGSERIAL PRIMARY KEY, doc TEXT NOT NULL, data BYTEA NOT NULL);
CREATE INDEX yjs_updates_doc ON yjs_updates(doc, seq);
CREATE TABLE yjs_snapshots (doc TEXT PRIMARY KEY, data BYTEA NOT NULL, upto BIGINT NOT NULL);

CREATE TABLE caucus_generations (
  session_id TEXT NOT NULL, space TEXT NOT NULL, gen INTEGER NOT NULL, audience TEXT NOT NULL,
  used BOOLEAN NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (session_id, space, gen)
);
CREATE TABLE caucus_visits (
  session_id TEXT NOT NULL, space TEXT NOT NULL, participant_id TEXT NOT NULL,
  role TEXT NOT NULL, side TEXT, first_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL, PRIMARY KEY (session_id, space, participant_id)
);

CREATE TABLE board_scores (
  session_id TEXT NOT NULL, space TEXT NOT NULL, option_id TEXT NOT NULL, side TEXT NOT NULL,
  value TEXT NOT NULL, scored_by TEXT NOT NULL, updated_at BIGINT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (session_id, space, option_id, side)
);

CREATE TABLE agreement_versions (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  hash TEXT NOT NULL, content TEXT NOT NULL, created_at BIGINT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL,
  UNIQUE (session_id, number)
);
CREATE TABLE agreement_freeze (
  session_id TEXT PRIMARY KEY, version_id TEXT NOT NULL, hash TEXT NOT NULL, frozen_at BIGINT NOT NULL
);
CREATE TABLE agreement_signoffs (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, version_id TEXT NOT NULL, hash TEXT NOT NULL, participant_id TEXT NOT NULL,
  role TEXT NOT NULL, typed_name TEXT NOT NULL, at BIGINT NOT NULL, voided_at BIGINT, ord BIGSERIAL NOT NULL
);
CREATE TABLE agreement_threads (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, quote TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE TABLE agreement_comments (
  id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, body TEXT NOT NULL, at BIGINT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE TABLE agreement_proposals (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, draft_space TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL,
  content TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL
);
`;

const AGREEMENT_INDEXES = `
CREATE INDEX agreement_signoffs_session ON agreement_signoffs(session_id, at, ord);
CREATE INDEX agreement_threads_session ON agreement_threads(session_id, created_at, ord);
CREATE INDEX agreement_comments_thread ON agreement_comments(thread_id, at, ord);
CREATE INDEX agreement_proposals_session ON agreement_proposals(session_id, created_at, ord);
`;

const PRACTICE_V1 = `
CREATE TABLE practices (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE mediators (
  id TEXT PRIMARY KEY, practice_id TEXT NOT NULL REFERENCES practices(id), name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT, created_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX mediators_practice ON mediators(practice_id);
CREATE TABLE mediator_sessions (
  id_hash TEXT PRIMARY KEY, mediator_id TEXT NOT NULL REFERENCES mediators(id), csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL
);
CREATE INDEX mediator_sessions_expiry ON mediator_sessions(expires_at);
CREATE TABLE mediator_invites (
  token_hash TEXT PRIMARY KEY, mediator_id TEXT NOT NULL REFERENCES mediators(id),
  expires_at BIGINT NOT NULL, used_at BIGINT
);
CREATE TABLE cases (
  id TEXT PRIMARY KEY, practice_id TEXT NOT NULL REFERENCES practices(id), title TEXT NOT NULL,
  dispute_type TEXT NOT NULL, stage TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX cases_practice ON cases(practice_id, created_at);
CREATE TABLE case_people (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), name TEXT NOT NULL, role TEXT NOT NULL,
  side TEXT, email TEXT NOT NULL, phone TEXT NOT NULL, organisation TEXT NOT NULL, added_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX case_people_case ON case_people(case_id, added_at);
CREATE TABLE conflict_checks (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), at BIGINT NOT NULL, reason TEXT NOT NULL,
  matches TEXT NOT NULL, decision TEXT, note TEXT NOT NULL DEFAULT '', decided_at BIGINT, decided_by TEXT, ord BIGSERIAL NOT NULL
);
CREATE INDEX conflict_checks_case ON conflict_checks(case_id, at);
CREATE TABLE case_sessions (
  session_id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), kind TEXT NOT NULL, title TEXT NOT NULL,
  starts_at BIGINT, duration_minutes INTEGER NOT NULL, created_at BIGINT NOT NULL,
  mediators TEXT NOT NULL, invitees TEXT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX case_sessions_case ON case_sessions(case_id, created_at);
CREATE TABLE case_history (
  seq BIGSERIAL PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), at BIGINT NOT NULL,
  actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX case_history_case ON case_history(case_id, seq);
CREATE TABLE emails (
  id TEXT PRIMARY KEY, practice_id TEXT NOT NULL REFERENCES practices(id), case_id TEXT, recipient TEXT NOT NULL,
  subject TEXT NOT NULL, text TEXT NOT NULL, ics TEXT, status TEXT NOT NULL, error TEXT, created_at BIGINT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX emails_practice ON emails(practice_id, created_at);
`;

const FOLLOWUP_V1 = `
CREATE TABLE followup_plans (
  session_id TEXT PRIMARY KEY, discovery TEXT NOT NULL, follow_up TEXT, follow_up_session_id TEXT, updated_at BIGINT NOT NULL
);
CREATE TABLE followup_items (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, position INTEGER NOT NULL, what TEXT NOT NULL, owner TEXT NOT NULL,
  due TEXT NOT NULL, clause TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', note TEXT NOT NULL DEFAULT '', status_at BIGINT
);
CREATE INDEX followup_items_session ON followup_items(session_id, position);
CREATE TABLE followup_emails (
  session_id TEXT NOT NULL, participant_id TEXT NOT NULL, email TEXT NOT NULL, confirmed_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, participant_id)
);
CREATE TABLE followup_checkin_links (key_hash TEXT PRIMARY KEY, item_id TEXT NOT NULL, participant_id TEXT NOT NULL);
CREATE INDEX followup_checkin_links_item ON followup_checkin_links(item_id);
CREATE TABLE jobs (
  key TEXT PRIMARY KEY, kind TEXT NOT NULL, run_at BIGINT NOT NULL, payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, locked_until BIGINT, done_at BIGINT, last_error TEXT, created_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs(done_at, run_at);
CREATE TABLE survey_links (
  session_id TEXT NOT NULL, participant_id TEXT NOT NULL, variant TEXT NOT NULL,
  answered BOOLEAN NOT NULL DEFAULT FALSE, created_at BIGINT NOT NULL, PRIMARY KEY (session_id, participant_id)
);
CREATE TABLE survey_keys (key_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL, participant_id TEXT NOT NULL);
CREATE TABLE survey_answers (
  session_id TEXT NOT NULL, case_id TEXT, practice_id TEXT, dispute_type TEXT NOT NULL, variant TEXT NOT NULL,
  month TEXT NOT NULL, ratings TEXT NOT NULL, recommend INTEGER, comment TEXT NOT NULL
);
CREATE INDEX survey_answers_session ON survey_answers(session_id);
CREATE INDEX survey_answers_practice ON survey_answers(practice_id);
`;

const INTAKE_V1 = `
CREATE TABLE intake_links (
  person_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, practice_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE, expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL
);
CREATE INDEX intake_links_case ON intake_links(case_id);
CREATE TABLE intake_settings (case_id TEXT PRIMARY KEY, settings TEXT NOT NULL);
CREATE TABLE intake_responses (
  case_id TEXT NOT NULL, person_id TEXT NOT NULL, answers TEXT NOT NULL,
  started_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, submitted_at BIGINT, PRIMARY KEY (case_id, person_id)
);
CREATE TABLE intake_documents (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, person_id TEXT NOT NULL,
  name TEXT NOT NULL, type TEXT NOT NULL, size INTEGER NOT NULL, uploaded_at BIGINT NOT NULL, data BYTEA NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX intake_documents_person ON intake_documents(case_id, person_id, uploaded_at);
CREATE TABLE mediation_agreement_templates (
  practice_id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL,
  version INTEGER NOT NULL, updated_at BIGINT NOT NULL, updated_by TEXT NOT NULL
);
CREATE TABLE mediation_agreement_requirements (
  session_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
  version INTEGER NOT NULL, hash TEXT NOT NULL, required_at BIGINT NOT NULL
);
CREATE TABLE mediation_agreement_signatures (
  session_id TEXT NOT NULL, participant_id TEXT NOT NULL, version INTEGER NOT NULL, typed_name TEXT NOT NULL,
  hash TEXT NOT NULL, at BIGINT NOT NULL, ord BIGSERIAL NOT NULL, PRIMARY KEY (session_id, participant_id, version)
);
`;

const MESSAGING_V1 = `
CREATE TABLE case_messages (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, thread TEXT NOT NULL, author_key TEXT NOT NULL, author_name TEXT NOT NULL,
  text TEXT NOT NULL, at BIGINT NOT NULL, seq BIGSERIAL NOT NULL
);
CREATE INDEX case_messages_thread ON case_messages(case_id, thread, seq);
CREATE TABLE case_message_reads (
  case_id TEXT NOT NULL, thread TEXT NOT NULL, reader_key TEXT NOT NULL, read_at BIGINT NOT NULL,
  PRIMARY KEY (case_id, thread, reader_key)
);
`;

const MESSAGING_ATTACHMENTS = `
CREATE TABLE case_message_files (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, thread TEXT NOT NULL, message_id TEXT NOT NULL, filename TEXT NOT NULL,
  content_type TEXT NOT NULL, size INTEGER NOT NULL, data BYTEA NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX case_message_files_message ON case_message_files(message_id);
CREATE INDEX case_message_files_case ON case_message_files(case_id, thread);
`;

const MAIL_ATTACHMENTS_V1 = `
CREATE TABLE email_attachments (
  email_id TEXT NOT NULL REFERENCES emails(id), idx INTEGER NOT NULL, filename TEXT NOT NULL,
  content_type TEXT NOT NULL, size INTEGER NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (email_id, idx)
);
`;

const MESSAGING_CALLS = `
CREATE TABLE case_message_calls (
  message_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, thread TEXT NOT NULL, session_id TEXT NOT NULL, ord BIGSERIAL NOT NULL
);
CREATE INDEX case_message_calls_thread ON case_message_calls(case_id, thread);
`;

const SESSION_FENCE = `
CREATE TABLE session_fence (session_id TEXT PRIMARY KEY, epoch BIGINT NOT NULL CHECK (epoch >= 0));
`;

/**
 * The fence check as a function, so the hottest writes (Yjs updates) check and write in ONE
 * statement (one round trip, its own implicit transaction) instead of BEGIN, check, write, COMMIT.
 * Same rule as checkFence() in database.ts: each session's fence row is taken FOR SHARE (created at
 * epoch 0 if missing, so a racing claim waits), and a stored epoch above this node's raises
 * SQLSTATE MF001 with "<session> <own> <stored>" in DETAIL, which the backend turns into
 * StaleOwnerError. Sessions are locked in the order given: callers sort them.
 */
const FENCE_CHECK = `
CREATE FUNCTION fence_check(ids TEXT[], owns BIGINT[]) RETURNS BOOLEAN LANGUAGE plpgsql AS $fence$
DECLARE
  i INTEGER;
  stored BIGINT;
BEGIN
  FOR i IN 1 .. COALESCE(array_length(ids, 1), 0) LOOP
    SELECT epoch INTO stored FROM session_fence WHERE session_id = ids[i] FOR SHARE;
    IF NOT FOUND THEN
      INSERT INTO session_fence (session_id, epoch) VALUES (ids[i], 0) ON CONFLICT (session_id) DO NOTHING;
      SELECT epoch INTO stored FROM session_fence WHERE session_id = ids[i] FOR SHARE;
    END IF;
    IF stored > owns[i] THEN
      RAISE EXCEPTION 'stale owner of session %', ids[i] USING ERRCODE = 'MF001', DETAIL = ids[i] || ' ' || owns[i] || ' ' || stored;
    END IF;
  END LOOP;
  RETURN TRUE;
END
$fence$;
`;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  { version: 1, name: 'baseline: sessions, participants, audit, Yjs log and snapshots, caucus generations and visits, board scores, the agreement', sql: BASELINE },
  { version: 2, name: 'index the agreement\'s per-session reads (sign-offs, threads, comments, proposals)', sql: AGREEMENT_INDEXES },
  { version: 3, name: 'the practice: mediator accounts, cases, conflict checks, case sessions, history, emails', sql: PRACTICE_V1 },
  { version: 4, name: 'after the session: follow-up plans, check-ins, durable jobs, satisfaction surveys', sql: FOLLOWUP_V1 },
  { version: 5, name: 'intake by link (links, settings, answers, documents) and the agreement to mediate (template, requirement, signatures)', sql: INTAKE_V1 },
  { version: 6, name: 'the stage tracker: where each session stands', sql: 'CREATE TABLE session_stages (session_id TEXT PRIMARY KEY, stage TEXT NOT NULL, set_at BIGINT NOT NULL, set_by TEXT NOT NULL)' },
  { version: 7, name: 'the room plan from the intake (arrival times, hard stops, accommodations, separate-only)', sql: 'CREATE TABLE session_plans (session_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, plan TEXT NOT NULL)' },
  {
    version: 8,
    name: 'mediator-only case notes (the pre-mediation call)',
    sql: `CREATE TABLE case_notes (
      id TEXT PRIMARY KEY, case_id TEXT NOT NULL, session_id TEXT, at BIGINT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, text TEXT NOT NULL, ord BIGSERIAL NOT NULL
    ); CREATE INDEX case_notes_case ON case_notes(case_id, at);`,
  },
  { version: 10, name: 'secure messaging between sessions: case threads and read marks', sql: MESSAGING_V1 },
  { version: 11, name: 'files attached to messages between sessions', sql: MESSAGING_ATTACHMENTS },
  { version: 12, name: 'files sent with emails (the signed agreement with the follow-up plan)', sql: MAIL_ATTACHMENTS_V1 },
  { version: 13, name: 'calls started from message threads', sql: MESSAGING_CALLS },
  { version: 14, name: 'interface language of a case person (emails and join page)', sql: 'ALTER TABLE case_people ADD COLUMN language TEXT' },
  {
    version: 15,
    name: 'interpreters and captioners: whom they serve and the interpretation language',
    // `interprets_for` is JSON: {"participantId": …} or {"side": …}; null when unbound.
    sql: 'ALTER TABLE participants ADD COLUMN interprets_for TEXT; ALTER TABLE participants ADD COLUMN interpretation_language TEXT',
  },
  {
    version: 16,
    name: 'the live room\'s seats (caucuses, who sits where, who was let in), read by the next host of the session',
    sql: 'CREATE TABLE room_seats (session_id TEXT PRIMARY KEY, seats TEXT NOT NULL, saved_at BIGINT NOT NULL)',
  },
  {
    version: 17,
    name: 'the room\'s chat, with who may read each message, read by the next host of the session',
    sql: `CREATE TABLE chat_messages (
      session_id TEXT NOT NULL, id TEXT NOT NULL, at BIGINT NOT NULL, message TEXT NOT NULL, readers TEXT NOT NULL, ord BIGSERIAL NOT NULL, PRIMARY KEY (session_id, id)
    ); CREATE INDEX chat_messages_session ON chat_messages(session_id, ord);`,
  },
  { version: 100, name: 'PostgreSQL only: session_fence, the highest owner epoch claimed per session (fencing across nodes)', sql: SESSION_FENCE },
  { version: 101, name: 'PostgreSQL only: fence_check(), the fence check inside one statement (Yjs updates in one round trip)', sql: FENCE_CHECK },
];

/** An arbitrary constant: the advisory lock every node takes while migrating. */
const MIGRATION_LOCK = 736_452_016;

/**
 * Applies every listed migration the database has not recorded, in list order; returns the
 * versions applied. Refuses (StartupError) a database that records a version this code does not
 * list: a newer server wrote it.
 */
export async function migrate(db: PgDatabase, migrations: readonly PgMigration[] = PG_MIGRATIONS, schema?: string): Promise<number[]> {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) throw new Error(`migration versions must grow down the list: ${migrations[i]!.version} after ${migrations[i - 1]!.version}`);
  }
  const client = await db.pool.connect();
  const onError = () => {}; // a dropped connection fails the statement in flight; see PgDatabase.tx
  client.on('error', onError);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
      const listed = new Set(migrations.map((m) => m.version));
      const unknown = [...done].filter((v) => !listed.has(v)).sort((a, b) => a - b);
      if (unknown.length > 0) {
        throw new StartupError(`The PostgreSQL database has schema version ${unknown.at(-1)}, newer than this server knows (it knows ${listed.size} versions, up to ${migrations.at(-1)?.version ?? 0}). Run the newer server, or restore a backup made for this one.`);
      }
      const applied: number[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    client.off('error', onError);
    client.release();
  }
}

export async function appliedMigrations(db: Executor): Promise<Array<{ version: number; name: string; appliedAt: number }>> {
  const r = await db.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
  return r.rows.map((x) => ({ version: Number(x.version), name: String(x.name), appliedAt: Number(x.applied_at) }));
}
