import { DatabaseSync } from 'node:sqlite';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@mediation/shared';
import { auditTrail } from './auditTrail.js';
import { migrate } from './sqlite/migrations.js';
import { sqliteSessionStore } from './sqlite/sessions.js';
import type { SessionStore } from './types.js';

/** The SQLite session store, with each audit write slower than the one after it (as a network
 * database might answer), so unchained writes would land in reverse. */
function slowStore(failOn?: string): SessionStore {
  const db = new DatabaseSync(':memory:');
  migrate(db);
  const store = sqliteSessionStore(db);
  let delay = 40;
  return {
    ...store,
    async appendAudit(sessionId, entry) {
      const ms = (delay = Math.max(0, delay - 4));
      await new Promise((r) => setTimeout(r, ms));
      if (entry.action === failOn) throw new Error('disk full');
      return store.appendAudit(sessionId, entry);
    },
  };
}

const entry = (action: string): AuditEntry => ({ at: 1, actorId: 'm', actorName: 'Maria', action, detail: {} });

describe('the audit trail', () => {
  it('stores a session\'s entries in the order of the calls, even when nobody waits and later writes are faster', async () => {
    const store = slowStore();
    const trail = auditTrail(store, { error: () => undefined } as unknown as Logger);
    const actions = Array.from({ length: 10 }, (_, i) => `step.${i}`);
    for (const a of actions) void trail.append('sess_1', entry(a));
    void trail.append('sess_2', entry('other'));
    await trail.settled();
    expect((await store.listAudit('sess_1')).map((e) => e.action)).toEqual(actions);
    expect((await store.listAudit('sess_2')).map((e) => e.action)).toEqual(['other']);
  });

  it('logs a write that failed and still stores the ones after it', async () => {
    const store = slowStore('step.1');
    const logged: unknown[] = [];
    const trail = auditTrail(store, { error: (o: unknown) => void logged.push(o) } as unknown as Logger);
    for (const a of ['step.0', 'step.1', 'step.2']) void trail.append('sess_1', entry(a));
    await trail.settled();
    expect((await store.listAudit('sess_1')).map((e) => e.action)).toEqual(['step.0', 'step.2']);
    expect(logged).toEqual([expect.objectContaining({ sessionId: 'sess_1', action: 'step.1' })]);
  });
});
