/**
 * One live session: its state (`RoomState`, the only code that changes it), its router, its
 * connected members. All commands for a room run one at a time through `run`. A command asks the
 * state to change and gets back what changed (`roomChanges.ts`); `commit` turns that into
 * effects: media follows moves, documents hear moves (the `spaceChanged` hook), knockers and
 * countdowns are told, storage is written, and everyone gets the room as they may see it.
 * Media is in `roomMedia.ts`, active speaker in `activeSpeaker.ts`.
 */
import type { types } from 'mediasoup';
import {
  ErrorCode,
  fail,
  isMediatorRole,
  LOBBY,
  ok,
  projectRoom,
  type ChatMessage,
  type MediaSource,
  type NotificationName,
  type NotificationPayload,
  type Result,
  type RoomView,
  type SpaceId,
  type Viewer,
} from '@mediation/shared';
import type { AppContext } from '../../contracts.js';
import { metrics } from '../../metrics.js';
import { send, sendClosing, type Audience, type Recipient, type ServerSocket } from '../egress.js';
import type { PeerMedia } from '../media/peerMedia.js';
import type { SessionRouter } from '../media/sessionRouter.js';
import { SpaceTimers } from '../timers.js';
import { ActiveSpeaker } from './activeSpeaker.js';
import type { Change, Removal, TimerChange } from './roomChanges.js';
import { announceClosed, closeMediaBetween, collectClosedConsumers, openMediaFor } from './roomMedia.js';
import { isOnline, type RoomState } from './roomState.js';
import { unsignedAmong } from './admissionGate.js';
import { SeatsSaver } from './seats.js';

/** A live connection as the room sees it. */
export interface Member {
  readonly participantId: string;
  readonly socket: ServerSocket;
  readonly media: PeerMedia;
}

export interface SpaceChange {
  sessionId: string;
  participantId: string;
  from: SpaceId | null;
  to: SpaceId | null;
}

export interface RoomDeps {
  ctx: AppContext;
  sfu: SessionRouter;
  /** Called synchronously on every change of someone's current space (the `spaceChanged` hook). */
  spaceChanged(e: SpaceChange): void;
  /** Called when the session ends, so the registry forgets the room. */
  ended(sessionId: string): void;
  /** Called when the last connection leaves (the registry may close an idle room later). */
  emptied(sessionId: string): void;
}

export type ClosedReason = 'replaced' | 'removed' | 'ended' | 'revoked' | 'linkReplaced';

const CLOSED_MESSAGES: Record<ClosedReason, string> = {
  replaced: 'You joined from another window or device; this one was disconnected.',
  removed: 'The mediator removed you from this session.',
  ended: 'The mediator ended this session.',
  revoked: 'Your invitation link was withdrawn.',
  linkReplaced: 'The mediator gave you a new link; this one no longer works. Ask the mediator for the new link.',
};

export class Room {
  readonly members = new Map<string, Member>();
  readonly timers = new SpaceTimers();
  /** Who is typing, and in which space: a move or leave must end it there (nobody else will). */
  private readonly typing = new Map<string, SpaceId>();
  private queue: Promise<unknown> = Promise.resolve();
  private chatWrites: Promise<void> = Promise.resolve();
  private closed = false;
  /** Keeps the caucuses and who sits where in storage while the room is live (seats.ts), so the
   * next host of the session (a failover, a restart) seats everyone where they were. */
  readonly seatsSaver: SeatsSaver;

  constructor(
    readonly state: RoomState,
    readonly deps: RoomDeps,
  ) {
    this.speaker = new ActiveSpeaker(this);
    this.listenToLevels();
    this.seatsSaver = new SeatsSaver(state.sessionId, deps.ctx.stores.sessions, deps.ctx.log);
  }

  private readonly speaker: ActiveSpeaker;

  private listenToLevels(): void {
    this.deps.sfu.levels.on('volumes', (volumes: types.AudioLevelObserverVolume[]) => this.speaker.onVolumes(volumes));
    this.deps.sfu.levels.on('silence', () => this.speaker.onVolumes([]));
  }

  /**
   * The worker under this room's router died, taking every transport with it. The room (who is
   * where, chat, timers, knocks) stays; media moves to a router on a live worker. Each member's
   * connection is closed so their page reconnects, rejoins into the space the room says, and
   * builds its media again on the new router.
   */
  replaceRouter(sfu: SessionRouter): void {
    if (this.closed) {
      sfu.close();
      return;
    }
    for (const m of this.members.values()) m.media.closeAll();
    this.deps.sfu = sfu;
    this.listenToLevels();
    for (const m of [...this.members.values()]) m.socket.disconnect(true);
  }

  get sessionId(): string {
    return this.state.sessionId;
  }

  get ctx(): AppContext {
    return this.deps.ctx;
  }

  /** Runs room commands one at a time; a failing command does not stop the queue. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // ---------------------------------------------------------------- egress helpers

  viewerOf(participantId: string): Viewer | null {
    const p = this.state.person(participantId);
    if (!p || !isOnline(p) || this.members.get(participantId) === undefined) return null;
    return { id: p.id, role: p.role, space: p.space };
  }

  recipient(member: Member): Recipient {
    return { participantId: member.participantId, socket: member.socket, viewer: () => (this.members.get(member.participantId) === member ? this.viewerOf(member.participantId) : null) };
  }

  /** Sends one notification to every member the audience allows (egress applies the policy per person). */
  sendToAll<N extends NotificationName>(event: N, payload: NotificationPayload<N>, audience: Audience): number {
    let n = 0;
    for (const m of this.members.values()) if (send(this.recipient(m), event, payload, audience)) n++;
    return n;
  }

  sendTo<N extends NotificationName>(participantId: string, event: N, payload: NotificationPayload<N>, audience: Audience): boolean {
    const m = this.members.get(participantId);
    return m ? send(this.recipient(m), event, payload, audience) : false;
  }

  viewFor(participantId: string): RoomView | null {
    return projectRoom(this.state.snapshot(), participantId);
  }

  /**
   * The last room view sent on each connection, serialised. Keyed by connection, so a new,
   * replacing or recovered connection always gets a fresh view.
   */
  private readonly lastViewSent = new WeakMap<Member, string>();

  /**
   * Everyone gets the room as they may see it; there is no other path for presence. A member is
   * sent a view only when it differs from the last one they got: otherwise a change they may not
   * see (a caucus starts talking, knocks, mutes, runs a timer) would still reach them as a frame,
   * and the joint room could time what happens in a caucus.
   */
  publishState(): void {
    if (this.closed) return;
    const snap = this.state.snapshot();
    for (const m of this.members.values()) {
      const view = projectRoom(snap, m.participantId);
      if (!view) continue;
      const text = JSON.stringify(view);
      if (this.lastViewSent.get(m) === text) continue;
      if (send(this.recipient(m), 'room:state', view, { kind: 'self', participantId: m.participantId })) this.lastViewSent.set(m, text);
    }
    // Every change of the room ends here: the seats are saved when they differ (not awaited).
    this.seatsSaver.offer(this.state.seats());
  }

  audit(actorId: string, action: string, detail: Record<string, unknown> = {}): void {
    if (this.closed) return;
    const actor = this.state.person(actorId);
    // Entries are stored in the order of the calls (storage/auditTrail.ts) without waiting here.
    void this.ctx.audit(this.sessionId, { id: actorId, name: actor?.displayName ?? 'system' }, action, detail);
  }

  /**
   * Keeps a chat message in storage for the session's next host (a restart, a failover), without
   * holding up its delivery. One write after another, so the history reads back in the order it
   * was said. A failed write is logged: the message was delivered; only its history after a
   * restart is lost.
   */
  keepChat(message: ChatMessage, readers: string[]): void {
    const { sessionId } = this;
    this.chatWrites = this.chatWrites
      .then(() => this.deps.ctx.stores.chat.append(sessionId, { message, readers }))
      .catch((err: unknown) => this.deps.ctx.log.warn({ err: (err as Error).message, sessionId }, 'chat message not kept'));
  }

  /** Tells the typer's space (everyone but the typer) that they started or stopped typing. */
  setTyping(participantId: string, space: SpaceId, active: boolean): void {
    if (active) this.typing.set(participantId, space);
    else this.typing.delete(participantId);
    for (const m of this.members.values()) {
      if (m.participantId === participantId) continue;
      this.sendTo(m.participantId, 'typing:update', { participantId, active }, { kind: 'space', space, channel: 'typing' });
    }
  }

  /** Someone went offline in `space`: if they were typing there, it stops there. */
  private stopTypingIn(participantId: string, space: SpaceId): void {
    if (this.typing.get(participantId) === space) this.setTyping(participantId, space, false);
  }

  // ---------------------------------------------------------------- applying a change

  /**
   * Carries out what a state change changed, in this order: for each mover, what the old space
   * gave is closed (consumers both ways; someone put on hold stops sending) and every feature
   * hears the move, synchronously; the new spaces' consumers are created (paused) and each person
   * concerned gets one `media:consumers` (what was closed, then what was created); knockers whose
   * knock settled are told; countdowns follow; everyone gets their view; storage is written.
   * Handlers call this and nothing else to make a change take effect.
   */
  async commit(change: Change): Promise<void> {
    // Consumers closed here are reported per person in the move's one `media:consumers` message.
    const closed = collectClosedConsumers(() => {
      for (const m of change.moves) {
        closeMediaBetween(this, m.participantId);
        // Someone put on hold stops sending too: nobody could receive it, but their camera and
        // microphone should not be streaming to the server while they wait. Admission starts anew.
        if (m.to === LOBBY && !isMediatorRole(m.role)) this.members.get(m.participantId)?.media.closeAll();
        // No "stopped typing" to the space they left: that would be a signal about someone who is
        // now elsewhere. The old space's clients drop them from "typing" when the room state that
        // follows no longer puts them there.
        this.typing.delete(m.participantId);
        if (m.online) this.deps.spaceChanged({ sessionId: this.sessionId, participantId: m.participantId, from: m.from, to: m.to });
      }
    });
    // The new spaces' consumers are made now (paused: nothing flows until the viewer resumes them),
    // so each person gets one message, closes first, before the room view that shows the move.
    // Those the move only takes from (not a mover, not in a space someone moved into) hear it at
    // once, without waiting for the new consumers.
    const moved = change.moves.map((m) => m.participantId);
    const arrivals = new Set<SpaceId>(change.moves.map((m) => m.to));
    const onlyLosing = new Map([...closed].filter(([member]) => {
      const space = this.state.person(member.participantId)?.space;
      return !moved.includes(member.participantId) && !(space && arrivals.has(space));
    }));
    announceClosed(this, onlyLosing);
    if (moved.length > 0) await openMediaFor(this, moved, new Map([...closed].filter(([member]) => !onlyLosing.has(member))));
    for (const s of change.settled) {
      // The knocker's page stops showing "waiting for the mediator".
      this.sendTo(s.knock.fromId, 'knock:answered', { knockId: s.knock.id, reply: null, byName: s.byName }, { kind: 'privateLine', participantId: s.knock.fromId });
    }
    for (const t of change.timers) this.scheduleTimer(t);
    this.publishState();
    await this.persist(change);
  }

  /**
   * What a handler does with the state's answer: a refusal is passed on as it is (nothing
   * changed); an accepted change is committed, then `after` runs (audit, the ack's data).
   */
  async accept<T extends Change, R>(r: Result<T>, after: (data: T) => R): Promise<Result<R>> {
    if (!r.ok) return r;
    await this.commit(r.data);
    return ok(after(r.data));
  }

  /** Stores what a change says must last; the settings are then announced (access depends on them). */
  private async persist(change: Change): Promise<void> {
    const sessions = this.ctx.stores.sessions;
    if (change.session) await sessions.updateSession(this.sessionId, change.session);
    for (const { participantId, ...patch } of change.participants) await sessions.updateParticipant(participantId, patch);
    // Open Yjs connections' write access depends on partiesEditAgreement: collab recomputes it now.
    if (change.session?.settings) this.ctx.hooks.settingsChanged({ sessionId: this.sessionId, settings: change.session.settings });
  }

  /** Arms the countdowns of a room just restored from its seats (registry.ts). */
  resumeTimers(): void {
    for (const t of this.state.runningTimers()) this.scheduleTimer(t);
  }

  /** A countdown's handle follows the state: cancelled, or set to expire at `endsAt`. */
  private scheduleTimer({ space, endsAt }: TimerChange): void {
    if (endsAt === null) {
      this.timers.clear(space);
      return;
    }
    this.timers.set(space, endsAt, () => void this.run(() => {
      const expired = this.state.expireTimer(space, endsAt);
      if (!expired) return;
      this.sendToAll('timer:expired', expired, { kind: 'space', space, channel: 'timer' });
      this.publishState();
    }));
  }

  // ---------------------------------------------------------------- membership

  /**
   * Names are set at invitation: a name sent with the join is not applied (it once was, and let
   * anyone re-join as "Maria Mediator" or as the other party). The ack carries the name in use; a
   * person who wants it corrected asks the mediators (`name:propose`).
   */
  async join(member: Member): Promise<Result<{ room: RoomView; replacedEarlierConnection: boolean; displayName: string }>> {
    if (this.state.ended) return fail(ErrorCode.SESSION_ENDED, 'This session has ended.');
    if (this.closed) return fail(ErrorCode.CONFLICT, 'The room was just closed after being idle; join again.');
    const pid = member.participantId;
    if (!this.state.knows(pid)) {
      const rec = await this.ctx.stores.sessions.getParticipant(pid);
      if (!rec || rec.sessionId !== this.sessionId) return fail(ErrorCode.NOT_FOUND, 'You are not on this session’s list.');
      this.state.addPerson(rec);
    }
    const existing = this.members.get(pid);
    const known = this.state.person(pid);
    if (existing === member && known) return ok({ room: this.viewFor(pid)!, replacedEarlierConnection: false, displayName: known.displayName });
    const allowed = this.state.mayConnect(pid);
    if (!allowed.ok) return allowed;
    // Take over: the newest window wins, the earlier one is told why it was closed.
    if (existing) this.evict(existing, 'replaced');

    // Someone who must still sign the agreement to mediate waits, even with the waiting room off.
    const person = this.state.person(pid);
    if (person && !person.admitted) this.state.markSignaturePending(pid, (await unsignedAmong(this.ctx.stores.intake.agreementToMediate, this.sessionId, [person])).length > 0);
    const connected = this.state.connect(pid);
    if (!connected.ok) return connected;
    const { space, followers } = connected.data;
    this.members.set(pid, member);
    metrics.participants.inc();
    this.deps.spaceChanged({ sessionId: this.sessionId, participantId: pid, from: null, to: space });
    // Placed straight into a caucus, their interpreter or captioner goes there too (one change).
    if (followers.moves.length > 0) await this.commit(followers);
    this.audit(pid, existing ? 'participant.rejoined' : 'participant.joined', { space });
    this.publishState();
    return ok({ room: this.viewFor(pid)!, replacedEarlierConnection: !!existing, displayName: this.state.person(pid)!.displayName });
  }

  /** A connection goes away (leave, disconnect, eviction): its media closes, the person goes offline. */
  detach(member: Member, why: string): void {
    const pid = member.participantId;
    // Closing the producers closes everyone's consumers of them ('producerclose').
    member.media.closeAll();
    if (this.members.get(pid) !== member) return;
    this.members.delete(pid);
    metrics.participants.dec();
    const gone = this.state.disconnect(pid);
    if (gone) {
      this.stopTypingIn(pid, gone.from);
      this.deps.spaceChanged({ sessionId: this.sessionId, participantId: pid, from: gone.from, to: null });
      this.audit(pid, 'participant.left', { why, space: gone.from });
    }
    this.publishState();
    if (this.members.size === 0) this.deps.emptied(this.sessionId);
  }

  /** Closes a connection on the server's initiative, telling the client why first. */
  evict(member: Member, reason: ClosedReason): void {
    sendClosing(member.socket, { reason, message: CLOSED_MESSAGES[reason] });
    this.detach(member, reason);
    member.socket.disconnect(true);
  }

  /**
   * Someone is out of the session for good: removed by a mediator, or their link withdrawn. The
   * one way out (RoomState.remove drops their knocks, hand, planned caucus, name correction): their
   * connection is closed with the reason, then they are gone from everyone's view.
   */
  async remove(participantId: string, reason: 'removed' | 'revoked'): Promise<Removal | null> {
    const live = this.members.get(participantId);
    if (live) this.evict(live, reason);
    const removal = this.state.remove(participantId);
    // Their interpreter released, or a side's interpreter gone where the side now is: committed
    // (media, one state publish, storage) before the caller goes on, like any move.
    if (removal && (removal.followers.moves.length > 0 || removal.followers.participants.length > 0)) await this.commit(removal.followers);
    else if (removal) this.publishState();
    return removal;
  }

  setMuted(participantId: string, source: MediaSource, muted: boolean): void {
    if (this.state.setMuted(participantId, source, muted)) this.publishState();
  }

  // ---------------------------------------------------------------- end

  /**
   * The mediator ends the session. From now on the state refuses every command; the caller is
   * acknowledged first, then every connection (the mediator's too) is closed and the room with it.
   */
  async end(actorId: string): Promise<Result<Record<string, never>>> {
    const r = this.state.end();
    if (!r.ok) return r;
    this.audit(actorId, 'session.ended');
    await this.commit(r.data);
    setImmediate(() => void this.run(() => this.shutDown()));
    return ok({});
  }

  private shutDown(): void {
    if (this.closed) return;
    for (const m of [...this.members.values()]) this.evict(m, 'ended');
    this.close({ forgetSeats: true });
    // The chat was kept for a restart or the next host of a live session; nothing after the end
    // reads it, so it does not outlive the session (as when it lived in memory only).
    const { sessionId } = this;
    this.chatWrites = this.chatWrites
      .then(() => this.deps.ctx.stores.chat.forget(sessionId))
      .catch((err: unknown) => this.deps.ctx.log.warn({ err: (err as Error).message, sessionId }, 'ended session\'s chat not dropped'));
    this.ctx.hooks.phaseChanged({ sessionId: this.sessionId, from: 'live', to: 'ended' });
    this.deps.ended(this.sessionId);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** `forgetSeats`: closed on purpose (idle, or the session ended), so the next opening starts
   * afresh; otherwise (the node lets the session go, or shuts down) the seats stay for the next host. */
  close(opts: { forgetSeats?: boolean } = {}): void {
    if (this.closed) return;
    this.closed = true;
    void this.seatsSaver.stop(opts.forgetSeats ?? false);
    this.timers.clearAll();
    for (const m of this.members.values()) m.media.closeAll();
    // Late disconnect events find nobody here and only close their own (already closed) media.
    this.members.clear();
    this.deps.sfu.close();
    metrics.sessions.dec();
  }
}
