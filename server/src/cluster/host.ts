/**
 * What this node hosts, seen from the cluster: the live rooms (signalling) and the loaded Yjs
 * documents (collab) of each session, and how to let a session go.
 */
import type { AppContext } from '../contracts.js';
import { collabOf } from '../collab/attach.js';
import { signallingOf } from '../signalling/attach.js';

export interface SessionHost {
  /** Sessions with anything in memory here (a room, a document): the lease must be held while
   * one exists, since room state (caucus seats, chat, knocks) lives only here. */
  loadedSessions(): Set<string>;
  /** Sessions with someone connected now (drain waits for these to finish). */
  activeSessions(): Set<string>;
  participants(): number;
  /** Let the session go: close its room and documents and disconnect its people so that they
   * reconnect through the route (to the new owner). Writes still queued run (and are fenced if
   * this node is no longer the owner). */
  evict(sessionId: string, reason: string): Promise<void>;
}

export function appHost(ctx: AppContext): SessionHost {
  return {
    loadedSessions() {
      const out = collabOf(ctx)?.liveSessions() ?? new Set<string>();
      for (const id of signallingOf(ctx)?.registry.rooms.keys() ?? []) out.add(id);
      return out;
    },
    activeSessions() {
      const out = collabOf(ctx)?.liveSessions(true) ?? new Set<string>();
      for (const [id, room] of signallingOf(ctx)?.registry.rooms ?? []) if (room.members.size > 0) out.add(id);
      return out;
    },
    participants() {
      let n = 0;
      for (const room of signallingOf(ctx)?.registry.rooms.values() ?? []) n += room.members.size;
      return n;
    },
    async evict(sessionId, reason) {
      const sig = signallingOf(ctx);
      if (sig) {
        const room = sig.registry.rooms.get(sessionId);
        if (room) {
          // Out of the registry first: disconnects below then find no room to write to.
          sig.registry.rooms.delete(sessionId);
          room.close();
        }
        for (const socket of sig.io.sockets.sockets.values()) {
          const claims = socket.data.claims as { sessionId?: string } | undefined;
          // Closing the transport (not socket.disconnect()), without waiting for queued packets
          // (a node waking from a freeze may never drain them), keeps the client's automatic
          // reconnection on; its next attempt asks the route and lands on the new owner.
          if (claims?.sessionId === sessionId) socket.conn.close(true);
        }
      }
      await collabOf(ctx)?.evictSession(sessionId, reason);
    },
  };
}
