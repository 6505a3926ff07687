/**
 * Signalling and media: socket.io on the app's HTTP server, the mediasoup worker pool, the live
 * rooms. Provides the `spaces` (where is everyone) and `notifier` (send through the room's egress)
 * ports, and closes connections of revoked or replaced links.
 */
import { Server } from 'socket.io';
import { LIMITS, type ClientToServerEvents, type ServerToClientEvents } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';
import { acceptConnection, authMiddleware } from './connection.js';
import { textOnlyParser } from './textParser.js';
import { createWorkerPool, type WorkerPool } from './media/workers.js';
import { RoomRegistry } from './registry.js';

export interface Signalling {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  registry: RoomRegistry;
  pool: WorkerPool;
}

const attached = new WeakMap<AppContext, Signalling>();
/** For tests and diagnostics: the live signalling objects of an app. */
export const signallingOf = (ctx: AppContext): Signalling | undefined => attached.get(ctx);

/**
 * Messages between LIMITS.maxSocketMessageBytes and this hard cap get a typed PAYLOAD_TOO_LARGE
 * answer; anything larger is cut off by socket.io itself (the connection closes).
 */
export const SOCKET_HARD_CAP_BYTES = LIMITS.maxSocketMessageBytes * 4;

export const PING_INTERVAL_MS = 10_000;
export const PING_TIMEOUT_MS = 5_000;

export function signallingFeature(): Feature {
  let signalling: Signalling | null = null;
  let configured = 0;
  return {
    name: 'signalling',
    async attach(ctx) {
      configured = ctx.config.mediasoup.numWorkers;
      signalling = await attachSignalling(ctx);
    },
    health() {
      const pool = signalling?.pool;
      const alive = pool ? pool.workers.filter((w) => !w.closed).length : 0;
      // Without a live mediasoup worker nobody gets media (workers are respawned, see workers.ts).
      return { ok: alive > 0, mediaWorkers: { alive, configured: pool?.size ?? configured } };
    },
    onParticipantInvited(record) {
      signalling?.registry.invited(record);
    },
    onParticipantRevoked({ sessionId, participantId }) {
      signalling?.registry.revoked(sessionId, participantId);
    },
    onLinkReplaced({ sessionId, participantId }) {
      signalling?.registry.linkReplaced(sessionId, participantId);
    },
  };
}

async function attachSignalling(ctx: AppContext): Promise<Signalling> {
  const pool = await createWorkerPool(ctx.config.mediasoup, ctx.log);
  const registry = new RoomRegistry(ctx, pool);
  ctx.provide('spaces', registry);
  ctx.provide('notifier', {
    sendTo: (sessionId, participantId, event, payload, audience) => registry.get(sessionId)?.sendTo(participantId, event, payload, audience) ?? false,
  });

  const io = new Server<ClientToServerEvents, ServerToClientEvents>(ctx.http, {
    path: '/socket.io',
    serveClient: false,
    // No binary payloads in this protocol: see textParser.ts (deeply nested binary frames).
    parser: textOnlyParser,
    maxHttpBufferSize: SOCKET_HARD_CAP_BYTES,
    // A laptop that sleeps or loses Wi-Fi sends no FIN, so only missed pings reveal it. socket.io's
    // defaults (25 s + 20 s) leave a dead tile in the room for ~45 s; 10 s + 5 s notices it in about
    // 15 s (the mediator sees "offline", the seat is freed), at one tiny packet per 10 s per socket.
    // The client uses the same numbers to notice a dead server and start reconnecting.
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    // Recovery keeps the socket id across a short drop; the handshake check runs again regardless.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  io.use(authMiddleware(ctx));
  io.on('connection', (socket) => acceptConnection(socket, ctx, registry));

  const signalling = { io, registry, pool };
  attached.set(ctx, signalling);
  ctx.onClose(() => {
    io.disconnectSockets(true);
    io.engine.close();
    registry.closeAll();
    pool.close();
  });
  return signalling;
}
