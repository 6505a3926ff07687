/** Secure messages on SQLite (messagingMigrations.ts). */
import type { DatabaseSync } from 'node:sqlite';
import type { MessageFileRecord, MessageRecord, MessageStore } from '../followupTypes.js';
import { inTransaction, num, str, type Row } from './database.js';

const toMessage = (r: Row): MessageRecord => ({
  id: str(r.id), caseId: str(r.case_id), thread: str(r.thread), authorKey: str(r.author_key), authorName: str(r.author_name), text: str(r.text), at: num(r.at),
});

const toFile = (r: Row): Omit<MessageFileRecord, 'data'> => ({
  id: str(r.id), caseId: str(r.case_id), thread: str(r.thread), messageId: str(r.message_id), name: str(r.filename), type: str(r.content_type), size: num(r.size),
});

export function sqliteMessageStore(db: DatabaseSync): MessageStore {
  // seq keeps the order of messages written within the same millisecond.
  const insert = (m: MessageRecord) =>
    db.prepare(`INSERT INTO case_messages (id, case_id, thread, author_key, author_name, text, at, seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_messages))`).run(m.id, m.caseId, m.thread, m.authorKey, m.authorName, m.text, m.at);
  return {
    async add(m) {
      insert(m);
    },
    async addWithFile(m, f, maxPerCase) {
      return inTransaction(db, () => {
        const n = num((db.prepare('SELECT COUNT(*) AS n FROM case_message_files WHERE case_id = ?').get(f.caseId) as Row).n);
        if (n >= maxPerCase) return false;
        insert(m);
        db.prepare('INSERT INTO case_message_files (id, case_id, thread, message_id, filename, content_type, size, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(f.id, f.caseId, f.thread, f.messageId, f.name, f.type, f.size, f.data);
        return true;
      });
    },
    async addWithCall(m, sessionId) {
      inTransaction(db, () => {
        insert(m);
        db.prepare('INSERT INTO case_message_calls (message_id, case_id, thread, session_id) VALUES (?, ?, ?, ?)').run(m.id, m.caseId, m.thread, sessionId);
      });
    },
    async listCalls(caseId, thread) {
      return (db.prepare('SELECT message_id, session_id FROM case_message_calls WHERE case_id = ? AND thread = ?').all(caseId, thread) as Row[])
        .map((r) => ({ messageId: str(r.message_id), sessionId: str(r.session_id) }));
    },
    async listFiles(caseId, thread) {
      return (db.prepare('SELECT id, case_id, thread, message_id, filename, content_type, size FROM case_message_files WHERE case_id = ? AND thread = ?').all(caseId, thread) as Row[]).map(toFile);
    },
    async getFile(caseId, thread, id) {
      const r = db.prepare('SELECT * FROM case_message_files WHERE case_id = ? AND thread = ? AND id = ?').get(caseId, thread, id) as Row | undefined;
      return r ? { ...toFile(r), data: new Uint8Array(r.data as Uint8Array) } : null;
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
