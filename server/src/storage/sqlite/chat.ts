/** ChatStore on SQLite: the room's chat messages, each with the people who may read it later. */
import type { DatabaseSync } from 'node:sqlite';
import type { ChatStore } from '../types.js';
import { chatRow } from '../chatRows.js';

export function sqliteChatStore(db: DatabaseSync): ChatStore {
  const insert = db.prepare('INSERT OR IGNORE INTO chat_messages (session_id, id, at, message, readers) VALUES (?, ?, ?, ?, ?)');
  // The newest `limit` by write order (rowid), handed back oldest first.
  const select = db.prepare('SELECT message, readers FROM (SELECT rowid AS ord, message, readers FROM chat_messages WHERE session_id = ? ORDER BY rowid DESC LIMIT ?) ORDER BY ord');
  const remove = db.prepare('DELETE FROM chat_messages WHERE session_id = ?');
  return {
    async append(sessionId, { message, readers }) {
      insert.run(sessionId, message.id, message.at, JSON.stringify(message), JSON.stringify(readers));
    },
    async recent(sessionId, limit) {
      return (select.all(sessionId, limit) as Array<{ message: string; readers: string }>).flatMap((r) => chatRow(r.message, r.readers));
    },
    async forget(sessionId) {
      remove.run(sessionId);
    },
  };
}
