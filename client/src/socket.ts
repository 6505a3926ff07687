/** The socket.io connection, typed by the shared protocol, and a request helper that always
 * resolves to the shared `Result` (timeouts and disconnects become typed errors). */
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type HandshakeAuth,
  type RequestName,
  type RequestPayload,
  type ResponseData,
  type Result,
  type ServerToClientEvents,
} from '@mediation/shared';
import { currentPrefix, onRouteChange, refreshRoute } from './cluster/route';

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Handshake refusals that mean "not here": ask the route again and reconnect there. */
export const REROUTE_CODES: ReadonlySet<string> = new Set(['MOVED', 'UNAVAILABLE']);

export function connectRoomSocket(token: string): RoomSocket {
  const auth: HandshakeAuth = { token, protocolVersion: PROTOCOL_VERSION };
  const socket: RoomSocket = io({
    auth,
    // Under the session's node prefix when clustered (cluster/route.ts); '' when embedded.
    path: `${currentPrefix()}/socket.io`,
    // Connected once the route is known (below).
    autoConnect: false,
    // Websocket only: no long-polling upgrade round trips on join, and no sticky sessions needed.
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 400,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.3,
  });
  followSessionRoute(socket, token);
  void refreshRoute(token).finally(() => {
    socket.io.opts.path = `${currentPrefix()}/socket.io`;
    socket.connect();
  });
  return socket;
}

/**
 * Clustered, the session's node can change (a node dies, drains, or loses its lease). Any lost
 * connection or failed attempt asks the route again; a "moved" refusal leaves the socket inactive
 * (socket.io does not retry refused handshakes), so it is reconnected here, at the new node.
 */
function followSessionRoute(socket: RoomSocket, token: string): void {
  const retarget = (p: string) => {
    socket.io.opts.path = `${p}/socket.io`;
    // Down and waiting for its next backoff attempt: go to the new node now.
    if (!socket.connected && socket.active) {
      socket.disconnect();
      socket.connect();
    }
  };
  onRouteChange(retarget);
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') void refreshRoute(token);
  });
  socket.on('connect_error', (err) => {
    const refused = handshakeError(err);
    if (refused && !REROUTE_CODES.has(refused.code)) return;
    void refreshRoute(token).then((p) => {
      if (!refused) return;
      socket.io.opts.path = `${p}/socket.io`;
      window.setTimeout(() => {
        if (!socket.connected && !socket.active) socket.connect();
      }, refused.code === 'UNAVAILABLE' ? 1000 : 50);
    });
  });
}

export type Requester = <N extends RequestName>(name: N, payload: RequestPayload<N>, timeoutMs?: number) => Promise<Result<ResponseData[N]>>;

export function requester(socket: RoomSocket): Requester {
  return (name, payload, timeoutMs = 10_000) =>
    new Promise((resolve) => {
      // socket.io's typed emit cannot follow a generic event name; the payload type is enforced by
      // the signature above instead.
      const untyped = socket as unknown as Socket;
      untyped.timeout(timeoutMs).emit(name, payload, (err: Error | null, result: unknown) => {
        if (err) {
          resolve({ ok: false, error: { code: 'INTERNAL', message: socket.connected ? 'The server did not answer in time.' : 'Not connected to the server.' } });
          return;
        }
        if (isResult(result)) resolve(result as Result<never>);
        else resolve({ ok: false, error: { code: 'INTERNAL', message: 'The server sent an unexpected answer.' } });
      });
    });
}

function isResult(v: unknown): v is Result<unknown> {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false;
  const r = v as { ok: unknown; error?: { code?: unknown } };
  return r.ok === true || (r.ok === false && typeof r.error?.code === 'string');
}

/** The `{code, message}` a server middleware attaches to a refused handshake, if any. */
export function handshakeError(err: unknown): { code: string; message: string } | null {
  const data = (err as { data?: unknown } | null)?.data as { code?: unknown; message?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  const src = data?.error ?? data;
  if (src && typeof src.code === 'string') return { code: src.code, message: typeof src.message === 'string' ? src.message : '' };
  // Some servers only put the code in the message.
  const msg = err instanceof Error ? err.message : '';
  const m = /^(TOKEN_[A-Z]+|UNAUTHORIZED|PROTOCOL_MISMATCH|SESSION_ENDED|SESSION_FULL|FORBIDDEN|MOVED|UNAVAILABLE)\b/.exec(msg);
  return m?.[1] ? { code: m[1], message: msg } : null;
}
