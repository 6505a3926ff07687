/**
 * One socket.io connection: handshake authentication, then every request validated, rate limited,
 * run through the room queue, and acknowledged with a typed Result. Bad input never throws and
 * never changes state.
 */
import type { ExtendedError } from 'socket.io';
import {
  ErrorCode,
  fail,
  handshakeAuthSchema,
  LIMITS,
  nestingProblem,
  ok,
  PROTOCOL_VERSION,
  requestSchemas,
  type AppError,
  type ParsedRequest,
  type RequestName,
  type Role,
  type Result,
} from '@mediation/shared';
import { resolvePrincipal } from '../auth/principal.js';
import { zodProblem } from '../zodProblem.js';
import type { AppContext, TokenClaims } from '../contracts.js';
import { metrics } from '../metrics.js';
import { isStorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE } from '../storage/types.js';
import type { ServerSocket } from './egress.js';
import { PeerMedia } from './media/peerMedia.js';
import { BINARY_REFUSED } from './textParser.js';
import type { Budgets } from './rateLimit.js';
import type { RoomRegistry } from './registry.js';
import { runCommand, UNQUEUED, type RoomRequest } from './room/commands.js';
import { consumeSpaceFor } from './room/roomMedia.js';
import { connectOwnTransport, declareRtpCapabilities, preconnect, produceData, type PrejoinCaller } from './media/preconnect.js';

/** Requests a connection may make before joining (the join page's pre-connection). */
const PREJOIN_REQUESTS: ReadonlySet<RequestName> = new Set<RequestName>(['media:preconnect', 'media:connectTransport', 'media:setRtpCapabilities']);
import type { Member, Room } from './room/room.js';

function connectError(error: AppError): ExtendedError {
  const err = new Error(error.message) as ExtendedError;
  err.data = error;
  return err;
}

/** Checks the handshake: protocol version, the link (`resolvePrincipal`), session still open. */
export async function authenticate(ctx: AppContext, auth: unknown): Promise<Result<TokenClaims>> {
  const parsed = handshakeAuthSchema.safeParse(auth);
  if (!parsed.success) return fail(ErrorCode.UNAUTHORIZED, 'Connect with { token, protocolVersion }.');
  if (parsed.data.protocolVersion !== PROTOCOL_VERSION) return fail(ErrorCode.PROTOCOL_MISMATCH, `This server speaks protocol ${PROTOCOL_VERSION}; reload the page.`);
  const who = await resolvePrincipal(ctx, parsed.data.token);
  if (!who.ok) return who;
  // The live room is for live sessions; an ended one's record is read over HTTP.
  if (who.data.session.endedAt) return fail(ErrorCode.SESSION_ENDED, 'This session has ended.');
  return { ok: true, data: who.data.claims };
}

export function authMiddleware(ctx: AppContext) {
  return (socket: ServerSocket, next: (err?: ExtendedError) => void): void => {
    authenticate(ctx, socket.handshake.auth).then(
      (r) => {
        if (!r.ok) {
          metrics.rejected.inc({ code: r.error.code });
          return next(connectError(r.error));
        }
        socket.data.claims = r.data;
        // Clustered: only the session's owner takes its sockets; elsewhere the client is told
        // MOVED and asks the route again (cluster/README.md). Embedded: always admitted.
        return ctx.placement.admit(r.data.sessionId).then((a) => {
          if (a.ok) return next();
          metrics.rejected.inc({ code: a.code });
          next(connectError({ code: a.code === 'MOVED' ? ErrorCode.MOVED : ErrorCode.UNAVAILABLE, message: a.reason }));
        });
      },
      (err: unknown) => {
        // PostgreSQL away: the link may be fine; say so (the client retries), not "internal".
        if (isStorageUnavailable(err)) return next(connectError({ code: ErrorCode.UNAVAILABLE, message: STORAGE_UNAVAILABLE_MESSAGE }));
        ctx.log.error({ err }, 'handshake check failed');
        next(connectError({ code: ErrorCode.INTERNAL, message: 'Could not check your link.' }));
      },
    );
  };
}

class Connection implements Member {
  readonly media = new PeerMedia();
  readonly participantId: string;
  readonly sessionId: string;
  private room: Room | null = null;
  private readonly role: Role;
  /** The socket went away: a pre-join request still in flight must leave nothing behind. */
  private gone = false;
  /** Shared with the participant's other (earlier, later) connections: see ParticipantBudgets. */
  private readonly budget: Budgets;

  constructor(
    readonly socket: ServerSocket,
    claims: TokenClaims,
    private readonly ctx: AppContext,
    private readonly registry: RoomRegistry,
  ) {
    this.participantId = claims.participantId;
    this.role = claims.role;
    this.sessionId = claims.sessionId;
    this.budget = registry.budgets.for(claims.participantId);
  }

  /** The room, if this connection is currently the participant's live one. */
  private joinedRoom(): Room | null {
    return this.room && this.room.members.get(this.participantId) === this ? this.room : null;
  }

  async handle(name: string, args: unknown[]): Promise<void> {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (r: Result<unknown>) => void) : undefined;
    const payload = ack ? (args.length > 1 ? args[0] : undefined) : args[0];
    let result: Result<unknown>;
    try {
      // Before anything recursive (the size check's JSON.stringify, zod, mediasoup's structuredClone)
      // touches the payload: a deeply nested one would overflow the stack and answer INTERNAL.
      const shape = this.inputProblem(args.length - (ack ? 1 : 0), payload);
      result = shape ? this.refuse(shape) : await this.dispatch(name, payload);
    } catch (err) {
      if (isStorageUnavailable(err)) {
        result = fail(ErrorCode.UNAVAILABLE, STORAGE_UNAVAILABLE_MESSAGE);
      } else {
        this.ctx.log.error({ err, event: name }, 'request failed');
        result = fail(ErrorCode.INTERNAL, 'Something went wrong on the server.');
      }
    }
    if (!result.ok) metrics.rejected.inc({ code: result.error.code });
    ack?.(result);
  }

  /** A request carries one payload, bounded in depth and size (see `nestingProblem`). */
  private inputProblem(payloadCount: number, payload: unknown): string | null {
    if (payloadCount > 1) return 'A request carries one payload.';
    if (payload === BINARY_REFUSED) return 'Binary payloads are not accepted.';
    const problem = nestingProblem(payload);
    return problem ? `Payload is ${problem}.` : null;
  }

  /** A malformed request still spends the budget, so a flood of them is limited like any other. */
  private refuse(message: string): Result<unknown> {
    if (!this.budget.requests.tryTake()) return fail(ErrorCode.RATE_LIMITED, 'Too many requests; slow down.');
    return fail(ErrorCode.BAD_REQUEST, message);
  }

  private async dispatch(name: string, payload: unknown): Promise<Result<unknown>> {
    // Every event counts against the budget, known or not, so a flood of junk is limited too.
    if (!this.budget.requests.tryTake()) return fail(ErrorCode.RATE_LIMITED, 'Too many requests; slow down.');
    if (!Object.hasOwn(requestSchemas, name)) return fail(ErrorCode.BAD_REQUEST, `Unknown event: ${name.slice(0, 60)}.`);
    const event = name as RequestName;
    if (event.startsWith('control:') && !this.budget.controls.tryTake()) return fail(ErrorCode.RATE_LIMITED, 'Too many mediator commands; slow down.');
    if (event === 'caption:send' && this.budget.captions && !this.budget.captions.tryTake()) return fail(ErrorCode.RATE_LIMITED, 'Too many caption lines; send longer phrases.');
    const size = payload === undefined ? 0 : Buffer.byteLength(JSON.stringify(payload) ?? '');
    if (size > LIMITS.maxSocketMessageBytes) return fail(ErrorCode.PAYLOAD_TOO_LARGE, `Message is ${size} bytes; the limit is ${LIMITS.maxSocketMessageBytes}.`);
    const parsed = requestSchemas[event].safeParse(payload ?? {});
    if (!parsed.success) return fail(ErrorCode.BAD_REQUEST, zodProblem(parsed.error));
    if (event === 'session:join') return this.join();
    if (event === 'media:getRouterCapabilities' && !this.joinedRoom()) return this.routerCapabilitiesBeforeJoin();
    if (!this.joinedRoom() && PREJOIN_REQUESTS.has(event)) return this.beforeJoin(event, parsed.data);
    // The pre-connection's data channel touches only this connection's own send transport.
    if (event === 'media:produceData') return produceData(this.caller, parsed.data as ParsedRequest<'media:produceData'>);

    const room = this.joinedRoom();
    if (!room) return fail(ErrorCode.CONFLICT, 'You are not in the session yet (still joining); try again in a moment.');
    // Re-resolved inside the queue (runCommand): an earlier command may have moved, held or removed this person.
    const run = () => (this.joinedRoom() === room ? runCommand(room, this, event as RoomRequest, parsed.data as never) : fail(ErrorCode.CONFLICT, 'You are no longer in the session.'));
    return UNQUEUED.has(event) ? run() : room.run(run);
  }

  private async join(): Promise<Result<unknown>> {
    // The link is checked again at join (it may have been revoked since the handshake).
    const still = await authenticate(this.ctx, this.socket.handshake.auth);
    if (!still.ok) return still;
    const opened = await this.registry.open(this.sessionId);
    if (!opened.ok) return opened;
    const room = opened.data;
    return room.run(async () => {
      const r = await room.join(this);
      if (r.ok) {
        this.room = room;
        this.socket.data.joined = true;
        // Transports made before joining (the pre-connection) are already connected: what the
        // person's space offers is consumed now, in one message (nothing in the waiting room).
        await consumeSpaceFor(room, this);
      }
      return r;
    });
  }

  /** The codecs the session's router speaks (nothing about anyone in it), asked for by the join
   * page so the browser's media device is loaded while the person still looks at their preview:
   * that takes the device load off the path from "Join" to the first frame. */
  private async routerCapabilitiesBeforeJoin(): Promise<Result<unknown>> {
    const opened = await this.registry.open(this.sessionId);
    if (!opened.ok) return opened;
    const room = opened.data;
    // This may have opened the room for someone who never joins: it closes when idle, like any room.
    if (room.members.size === 0) room.deps.emptied(room.sessionId);
    return ok({ rtpCapabilities: room.deps.sfu.router.rtpCapabilities });
  }

  private get caller(): PrejoinCaller {
    return { participantId: this.participantId, role: this.role, media: this.media };
  }

  /** The pre-connection (media/preconnect.ts), before joining: the caller's own transports on the
   * session's router, and nothing of the room (no state, presence, producers: this connection is
   * not a member, so the room's egress never addresses it). */
  private async beforeJoin(event: RequestName, payload: unknown): Promise<Result<unknown>> {
    switch (event) {
      case 'media:preconnect': {
        const opened = await this.registry.open(this.sessionId);
        if (!opened.ok) return opened;
        const room = opened.data;
        // Like the capabilities: a room opened for someone who never joins closes when idle.
        if (room.members.size === 0) room.deps.emptied(room.sessionId);
        const r = await preconnect(room.deps.sfu, this.caller, (payload as ParsedRequest<'media:preconnect'>).direction);
        // The page closed (or joined elsewhere) while the transport was being made: nothing stays behind.
        if (this.gone) this.media.closeAll();
        return r;
      }
      case 'media:connectTransport': {
        const p = payload as ParsedRequest<'media:connectTransport'>;
        return connectOwnTransport(this.caller, p.transportId, p.dtlsParameters);
      }
      case 'media:setRtpCapabilities':
        return declareRtpCapabilities(this.media, (payload as ParsedRequest<'media:setRtpCapabilities'>).rtpCapabilities);
      default:
        return fail(ErrorCode.CONFLICT, 'You are not in the session yet (still joining); try again in a moment.');
    }
  }

  /** Socket gone (network drop, tab closed, server-side disconnect). */
  closed(): void {
    this.gone = true;
    const room = this.room;
    if (!room) {
      this.media.closeAll();
      return;
    }
    void room.run(() => room.detach(this, 'disconnected'));
  }
}

export function acceptConnection(socket: ServerSocket, ctx: AppContext, registry: RoomRegistry): void {
  const claims = socket.data.claims as TokenClaims;
  const conn = new Connection(socket, claims, ctx, registry);
  // socket.io also accepts numeric event names; they are just unknown events here.
  socket.onAny((event: unknown, ...args: unknown[]) => void conn.handle(String(event), args));
  socket.on('disconnect', () => conn.closed());
  // A recovered connection (connection-state recovery) passed the handshake check again above;
  // it rejoins at once so its current space is re-read from the room, not trusted from before.
  if (socket.recovered && socket.data.joined) void conn.handle('session:join', [{}]);
}
