/**
 * `ctx.audit` behind the async SessionStore. Most audit calls are made from synchronous code (a
 * room command, a hook) that does not wait for the write, yet the trail must read in the order
 * things happened: entries of one session are chained, each appended after the one before, on
 * any backend. A failed write is logged (the action it records has already happened).
 */
import type { AuditEntry } from '@mediation/shared';
import type { Logger } from 'pino';
import type { SessionStore } from './types.js';

export interface AuditTrail {
  append(sessionId: string, entry: AuditEntry): Promise<void>;
  /** Resolves once every entry appended so far is stored (before the backend closes). */
  settled(): Promise<void>;
}

export function auditTrail(sessions: Pick<SessionStore, 'appendAudit'>, log: Logger): AuditTrail {
  const tails = new Map<string, Promise<void>>();
  return {
    append(sessionId, entry) {
      const prev = tails.get(sessionId);
      const write = () => sessions.appendAudit(sessionId, entry);
      // Nothing pending: write now (an embedded backend stores it before this call returns).
      const next = (prev ? prev.then(write) : write()).catch((err: unknown) => log.error({ err, sessionId, action: entry.action }, 'audit entry could not be stored'));
      tails.set(sessionId, next);
      void next.then(() => {
        if (tails.get(sessionId) === next) tails.delete(sessionId);
      });
      return next;
    },
    async settled() {
      await Promise.all([...tails.values()]);
    },
  };
}
