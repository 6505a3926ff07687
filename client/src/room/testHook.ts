/** `window.__mediation`: the stable hook end-to-end tests and benchmarks read (see TESTIDS.md). */
import type { RoomSession } from './roomSession';

export interface MediationTestHook {
  getStats: RoomSession['getStats'];
  readonly socketId: string | null;
  readonly state: ReturnType<typeof summarize>;
}

declare global {
  interface Window {
    __mediation?: MediationTestHook;
  }
}

/** A plain, serialisable summary (page.evaluate cannot carry MediaStreams). */
function summarize(session: RoomSession) {
  const s = session.store.get();
  return {
    connection: s.connection.kind,
    space: s.room?.self.space ?? null,
    selfId: s.room?.self.id ?? null,
    role: s.room?.self.role ?? null,
    participants: s.room?.participants.map((p) => ({ id: p.id, displayName: p.displayName, whereabouts: p.whereabouts, online: p.online })) ?? [],
    remote: s.remote.map((t) => ({ consumerId: t.consumerId, participantId: t.participantId, kind: t.kind, source: t.source, paused: t.paused })),
    speaking: s.speaking,
    chatCount: s.chat.length,
    audioMuted: s.local.audioMuted,
    videoMuted: s.local.videoMuted,
  };
}

export function installTestHook(session: RoomSession): () => void {
  const hook: MediationTestHook = {
    getStats: () => session.getStats(),
    get socketId() {
      return session.socketId;
    },
    get state() {
      return summarize(session);
    },
  };
  window.__mediation = hook;
  return () => {
    if (window.__mediation === hook) delete window.__mediation;
  };
}
