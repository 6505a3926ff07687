/** Secure messages on SQLite (messagingMigrations.ts). */
import type { DatabaseSync } from 'node:sqlite';
import type { MessageRecord, MessageStore } from '../followupTypes.js';
import { num, str, type Row } from './database.js';

const toMessage = (r: Row): MessageRecord => ({
  id: str(r.id), caseId: str(r.case_id), thread: str(r.thread), authorKey: str(r.author_key), authorName: str(r.author_name), text: str(r.text), at: num(r.at),
});

export function sqliteMessageStore(db: DatabaseSync): MessageStore {
  return {
    async add(m) {
      // seq keeps the order of messages written within the same millisecond.
      db.prepare(`INSERT INTO case_messages (id, case_id, thread, author_key, author_name, text, at, seq)
        VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_messages))`).run(m.id, m.caseId, m.thread, m.authorKey, m.authorName, m.text, m.at);
    },
    async list(caseId, thread, limit) {
      const rows = db.prepare('SELECT * FROM case_messages WHERE case_id = ? AND thread = ? ORDER BY seq DESC LIMIT ?').all(caseId, thread, limit) as Row[];
      return rows.reverse().map(toMessage);
    },
    async summary(caseId) {
      return (db.prepare('SELECT thread, COUNT(*) AS n, MAX(at) AS last FROM case_messages WHERE case_id = ? GROUP BY thread').all(caseId) as Row[])
        .map((r) => ({ thread: str(r.thread), count: num(r.n), lastAt: num(r.last) }));
    },
    async markRead(caseId, thread, readerKey, at) {
      db.prepare(`INSERT INTO case_message_reads (case_id, thread, reader_key, read_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(case_id, thread, reader_key) DO UPDATE SET read_at = MAX(read_at, excluded.read_at)`).run(caseId, thread, readerKey, at);
    },
    async readMarks(caseId, readerKey) {
      const rows = db.prepare('SELECT thread, read_at FROM case_message_reads WHERE case_id = ? AND reader_key = ?').all(caseId, readerKey) as Row[];
      return new Map(rows.map((r) => [str(r.thread), num(r.read_at)]));
    },
    async unreadCount(caseId, thread, readerKey, since) {
      const r = db.prepare('SELECT COUNT(*) AS n FROM case_messages WHERE case_id = ? AND thread = ? AND at > ? AND author_key != ?').get(caseId, thread, since, readerKey) as Row;
      return num(r.n);
    },
  };
}
