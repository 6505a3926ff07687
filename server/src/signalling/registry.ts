/**
 * Live rooms by session id, created on first join. Also the `SpaceDirectory` port other features
 * ask "where is this person now?" (moves are announced as the `spaceChanged` hook).
 */
import { ErrorCode, fail, LIMITS, ok, type Result, type SessionSettings, type SpaceId } from '@mediation/shared';
import type { AppContext, ParticipantRecord, SpaceDirectory } from '../contracts.js';
import { metrics } from '../metrics.js';
import type { WorkerPool } from './media/workers.js';
import { createSessionRouter, type SessionRouter } from './media/sessionRouter.js';
import { ParticipantBudgets, SlidingWindowLimiter } from './rateLimit.js';
import { Room } from './room/room.js';
import { isOnline, RoomState } from './room/roomState.js';
import { parseSeats } from './room/seats.js';
import { ChatLog } from './chat.js';

/**
 * A room nobody is connected to keeps its router and its state (caucuses, chat, knocks) for a
 * while, so a short break does not lose anything; after this long it is closed.
 */
export const IDLE_ROOM_CLOSE_MS = 30 * 60_000;

export class RoomRegistry implements SpaceDirectory {
  readonly rooms = new Map<string, Room>();
  private readonly opening = new Map<string, Promise<Result<Room>>>();
  /** Request budgets by participant, outliving any one connection. */
  readonly budgets = new ParticipantBudgets(() => ({
    requests: new SlidingWindowLimiter(LIMITS.requestsPer10s, 10_000),
    controls: new SlidingWindowLimiter(LIMITS.controlPer10s, 10_000),
    captions: new SlidingWindowLimiter(LIMITS.captionsPer10s, 10_000),
  }));

  constructor(
    private readonly ctx: AppContext,
    private readonly pool: WorkerPool,
  ) {}

  get(sessionId: string): Room | undefined {
    return this.rooms.get(sessionId);
  }

  open(sessionId: string): Promise<Result<Room>> {
    const live = this.rooms.get(sessionId);
    if (live) return Promise.resolve(ok(live));
    let pending = this.opening.get(sessionId);
    if (!pending) {
      pending = this.create(sessionId).finally(() => this.opening.delete(sessionId));
      this.opening.set(sessionId, pending);
    }
    return pending;
  }

  private async create(sessionId: string): Promise<Result<Room>> {
    const session = await this.ctx.stores.sessions.getSession(sessionId);
    if (!session) return fail(ErrorCode.NOT_FOUND, 'No such session.');
    if (session.endedAt) return fail(ErrorCode.SESSION_ENDED, 'This session has ended.');
    const sfu = await createSessionRouter(this.pool.next(), this.ctx.config.mediasoup);
    const state = new RoomState(session, await this.ctx.stores.sessions.listParticipants(sessionId));
    // Seats kept by the session's previous host (it died, or this process restarted): everyone
    // goes back to where they were instead of the mediator rebuilding the caucuses (seats.ts).
    const seats = parseSeats(await this.ctx.stores.sessions.getRoomSeats(sessionId), this.ctx.log);
    if (seats) state.restoreSeats(seats);
    // The chat so far, with who may read each message (a party who joined later sees only what
    // was written where and when they could have read it).
    state.restoreChat(await this.ctx.stores.chat.recent(sessionId, ChatLog.MAX));
    const room = new Room(state, {
      ctx: this.ctx,
      sfu,
      // Every feature hears the move synchronously, before it is acknowledged (features.ts).
      spaceChanged: (e) => this.ctx.hooks.spaceChanged(e),
      ended: (id) => this.rooms.delete(id),
      emptied: (id) => {
        setTimeout(() => {
          const idle = this.rooms.get(id);
          if (idle === room && room.members.size === 0) {
            this.rooms.delete(id);
            room.close({ forgetSeats: true });
          }
        }, IDLE_ROOM_CLOSE_MS).unref();
      },
    });
    if (seats) room.seatsSaver.known(seats);
    room.resumeTimers();
    this.rooms.set(sessionId, room);
    metrics.sessions.inc();
    this.rehomeWhenWorkerDies(room, sfu);
    return ok(room);
  }

  /** A dead worker must not leave its sessions without media: their rooms get a router on a live
   * worker (the pool replaces the dead one), and their people reconnect to it. */
  private rehomeWhenWorkerDies(room: Room, sfu: SessionRouter): void {
    sfu.router.once('workerclose', () => {
      if (room.isClosed || this.rooms.get(room.sessionId) !== room) return;
      this.ctx.log.warn({ sessionId: room.sessionId }, 'the mediasoup worker of this session died; moving its media to a live worker');
      // The router is made outside the room queue: waiting for a worker must not hold up chat
      // and moves (media requests on the dead router just fail meanwhile).
      void (async () => {
        const next = await createSessionRouter(await this.pool.live(), this.ctx.config.mediasoup);
        await room.run(() => room.replaceRouter(next));
        if (!room.isClosed) this.rehomeWhenWorkerDies(room, next);
      })().catch((err: unknown) => this.ctx.log.error({ err, sessionId: room.sessionId }, 'could not move the session to a live worker'));
    });
  }

  /**
   * Someone was invited while the room is live: the room learns of them now (queued ahead of any
   * later request), so mediators see them under "Not here yet" and can plan their assignment.
   * A room opened later reads them from storage anyway.
   */
  invited(record: ParticipantRecord): void {
    const room = this.rooms.get(record.sessionId);
    if (!room) return;
    void room.run(() => {
      if (!room.isClosed && room.state.addPerson(record)) room.publishState();
    });
  }

  /** A link was withdrawn (by a mediator's "remove", or over HTTP): the person leaves the live
   * room the one way out (`Room.remove`); already gone is fine. */
  revoked(sessionId: string, participantId: string): void {
    const room = this.rooms.get(sessionId);
    if (room) void room.run(() => room.remove(participantId, 'revoked'));
  }

  /** A re-issued link: the person stays in the session, but a page still open with the old link closes. */
  linkReplaced(sessionId: string, participantId: string): void {
    const room = this.rooms.get(sessionId);
    // The connection open now is the old link's (a page opened with the new link comes later).
    const live = room?.members.get(participantId);
    if (room && live) void room.run(() => room.evict(live, 'linkReplaced'));
  }

  currentSpace(sessionId: string, participantId: string): SpaceId | null {
    const room = this.rooms.get(sessionId);
    const p = room?.state.person(participantId);
    if (!room || !p || !isOnline(p) || room.state.ended) return null;
    return p.space;
  }

  /** The live room's settings (they change there first), or null when no room is live: the
   * stored session record has them then. */
  settings(sessionId: string): SessionSettings | null {
    return this.rooms.get(sessionId)?.state.settings ?? null;
  }

  closeAll(): void {
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
  }
}
