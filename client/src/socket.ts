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

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectRoomSocket(token: string): RoomSocket {
  const auth: HandshakeAuth = { token, protocolVersion: PROTOCOL_VERSION };
  return io({
    auth,
    // Websocket only: no long-polling upgrade round trips on join, and no sticky sessions needed.
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 400,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.3,
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
  const m = /^(TOKEN_[A-Z]+|UNAUTHORIZED|PROTOCOL_MISMATCH|SESSION_ENDED|SESSION_FULL|FORBIDDEN)\b/.exec(msg);
  return m?.[1] ? { code: m[1], message: msg } : null;
}
