/**
 * The one question socket.io and Yjs ask before accepting a connection: may this node serve the
 * session now? Embedded there is one node, so the answer is always yes; clustered (ownership.ts)
 * it is yes only for the session's lease owner (claiming an unowned session for this node).
 */
export type Admission = { ok: true } | { ok: false; code: 'MOVED' | 'UNAVAILABLE'; reason: string; prefix: string | null };

export interface SessionPlacement {
  readonly clustered: boolean;
  admit(sessionId: string): Promise<Admission>;
}

export const embeddedPlacement: SessionPlacement = {
  clustered: false,
  admit: () => Promise.resolve({ ok: true }),
};
