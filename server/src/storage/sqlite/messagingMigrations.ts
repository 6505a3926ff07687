/** Secure messaging between sessions: messages per case and thread, and each reader's read mark. */
import type { Migration } from './migrations.js';

const MESSAGING_V1 = `
CREATE TABLE case_messages (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, thread TEXT NOT NULL, author_key TEXT NOT NULL, author_name TEXT NOT NULL,
  text TEXT NOT NULL, at INTEGER NOT NULL, seq INTEGER NOT NULL
);
CREATE INDEX case_messages_thread ON case_messages(case_id, thread, seq);
CREATE TABLE case_message_reads (
  case_id TEXT NOT NULL, thread TEXT NOT NULL, reader_key TEXT NOT NULL, read_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, thread, reader_key)
);
`;

/** Files attached to messages: kept per case and thread, so a download is checked against the
 * thread's readers exactly like the message itself. */
const MESSAGING_ATTACHMENTS = `
CREATE TABLE case_message_files (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, thread TEXT NOT NULL, message_id TEXT NOT NULL, filename TEXT NOT NULL,
  content_type TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL
);
CREATE INDEX case_message_files_message ON case_message_files(message_id);
`;

export const messagingMigrations = (firstVersion: number): Migration[] => [
  { version: firstVersion, name: 'secure messaging between sessions: case threads and read marks', up: (db) => db.exec(MESSAGING_V1) },
  { version: firstVersion + 1, name: 'files attached to messages between sessions', up: (db) => db.exec(MESSAGING_ATTACHMENTS) },
];

/** Calls the mediator started from a thread: the message that announces one names its session. */
const MESSAGING_CALLS = `
CREATE TABLE case_message_calls (
  message_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, thread TEXT NOT NULL, session_id TEXT NOT NULL
);
CREATE INDEX case_message_calls_thread ON case_message_calls(case_id, thread);
`;

export const messageCallMigrations = (version: number): Migration[] => [
  { version, name: 'calls started from message threads', up: (db) => db.exec(MESSAGING_CALLS) },
];
