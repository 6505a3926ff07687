/** Secure messages on PostgreSQL (case threads, files, calls, read marks). */
import type { MessageFileRecord, MessageRecord, MessageStore } from '../followupTypes.js';
import { bytes, num, str, type Executor, type PgDatabase, type Row } from './database.js';

const toMessage = (r: Row): MessageRecord => ({
  id: str(r.id), caseId: str(r.case_id), thread: str(r.thread), authorKey: str(r.author_key), authorName: str(r.author_name), text: str(r.text), at: num(r.at),
});

const toFile = (r: Row): Omit<MessageFileRecord, 'data'> => ({
  id: str(r.id), caseId: str(r.case_id), thread: str(r.thread), messageId: str(r.message_id), name: str(r.filename), type: str(r.content_type), size: num(r.size),
});

export function pgMessageStore(db: PgDatabase): MessageStore {
  // seq (BIGSERIAL) keeps the order of messages written within the same millisecond.
  const insert = (c: Executor, m: MessageRecord) =>
    c.query('INSERT INTO case_messages (id, case_id, thread, author_key, author_name, text, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [m.id, m.caseId, m.thread, m.authorKey, m.authorName, m.text, m.at]);
  return {
    async add(m) {
      await insert(db, m);
    },
    async addWithFile(m, f, maxPerCase) {
      return db.tx(async (c) => {
        // Per case: two uploads at once must not both pass the count.
        await c.query("SELECT pg_advisory_xact_lock(hashtext('message-files:' || $1))", [f.caseId]);
        const n = num((await c.query('SELECT COUNT(*) AS n FROM case_message_files WHERE case_id = $1', [f.caseId])).rows[0]!.n);
        if (n >= maxPerCase) return false;
        await insert(c, m);
        await c.query('INSERT INTO case_message_files (id, case_id, thread, message_id, filename, content_type, size, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [f.id, f.caseId, f.thread, f.messageId, f.name, f.type, f.size, Buffer.from(f.data)]);
        return true;
      });
    },
    async addWithCall(m, sessionId) {
      await db.tx(async (c) => {
        await insert(c, m);
        await c.query('INSERT INTO case_message_calls (message_id, case_id, thread, session_id) VALUES ($1, $2, $3, $4)', [m.id, m.caseId, m.thread, sessionId]);
      });
    },
    async listCalls(caseId, thread) {
      return (await db.query('SELECT message_id, session_id FROM case_message_calls WHERE case_id = $1 AND thread = $2 ORDER BY ord', [caseId, thread])).rows
        .map((r) => ({ messageId: str(r.message_id), sessionId: str(r.session_id) }));
    },
    async listFiles(caseId, thread) {
      return (await db.query('SELECT id, case_id, thread, message_id, filename, content_type, size FROM case_message_files WHERE case_id = $1 AND thread = $2 ORDER BY ord', [caseId, thread])).rows.map(toFile);
    },
    async getFile(caseId, thread, id) {
      const r = (await db.query('SELECT * FROM case_message_files WHERE case_id = $1 AND thread = $2 AND id = $3', [caseId, thread, id])).rows[0];
      return r ? { ...toFile(r), data: bytes(r.data) } : null;
    },
    async list(caseId, thread, limit) {
      const rows = (await db.query('SELECT * FROM case_messages WHERE case_id = $1 AND thread = $2 ORDER BY seq DESC LIMIT $3', [caseId, thread, limit])).rows;
      return rows.reverse().map(toMessage);
    },
    async summary(caseId) {
      return (await db.query('SELECT thread, COUNT(*) AS n, MAX(at) AS last FROM case_messages WHERE case_id = $1 GROUP BY thread ORDER BY MIN(seq)', [caseId])).rows
        .map((r) => ({ thread: str(r.thread), count: num(r.n), lastAt: num(r.last) }));
    },
    async markRead(caseId, thread, readerKey, at) {
      await db.query(`INSERT INTO case_message_reads (case_id, thread, reader_key, read_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (case_id, thread, reader_key) DO UPDATE SET read_at = GREATEST(case_message_reads.read_at, excluded.read_at)`, [caseId, thread, readerKey, at]);
    },
    async readMarks(caseId, readerKey) {
      const rows = (await db.query('SELECT thread, read_at FROM case_message_reads WHERE case_id = $1 AND reader_key = $2', [caseId, readerKey])).rows;
      return new Map(rows.map((r) => [str(r.thread), num(r.read_at)]));
    },
    async unreadCount(caseId, thread, readerKey, since) {
      return num((await db.query('SELECT COUNT(*) AS n FROM case_messages WHERE case_id = $1 AND thread = $2 AND at > $3 AND author_key <> $4', [caseId, thread, since, readerKey])).rows[0]!.n);
    },
  };
}
