/**
 * One live session: its state, its router, its connected members. All commands for a room run one
 * at a time through `run`, so a command sees a state nobody else is changing, validates it whole,
 * and only then changes it. Membership and moves live here; the media that follows membership is
 * in `roomMedia.ts`, active speaker in `activeSpeaker.ts`.
 */
import type { types } from 'mediasoup';
import {
  ErrorCode,
  fail,
  isMediatorRole,
  LOBBY,
  ok,
  projectRoom,
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
import { ChatLog } from '../chat.js';
import { send, sendClosing, type Audience, type Recipient, type ServerSocket } from '../egress.js';
import type { PeerMedia } from '../media/peerMedia.js';
import type { SessionRouter } from '../media/sessionRouter.js';
import { SpaceTimers } from '../timers.js';
import { ActiveSpeaker } from './activeSpeaker.js';
import { closeMediaBetween, openMediaFor } from './roomMedia.js';
import type { RoomState } from './roomState.js';

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
  /** Called synchronously on every change of someone's current space (SpaceDirectory listeners). */
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
  readonly chat = new ChatLog();
  readonly timers = new SpaceTimers();
  /** Who is typing, and in which space: a move or leave must end it there (nobody else will). */
  private readonly typing = new Map<string, SpaceId>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly state: RoomState,
    readonly deps: RoomDeps,
  ) {
    this.speaker = new ActiveSpeaker(this);
    this.listenToLevels();
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
    if (!p || !p.online || this.members.get(participantId) === undefined) return null;
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
    const snap = this.state.snapshot();
    for (const m of this.members.values()) {
      const view = projectRoom(snap, m.participantId);
      if (!view) continue;
      const text = JSON.stringify(view);
      if (this.lastViewSent.get(m) === text) continue;
      if (send(this.recipient(m), 'room:state', view, { kind: 'self', participantId: m.participantId })) this.lastViewSent.set(m, text);
    }
  }

  audit(actorId: string, action: string, detail: Record<string, unknown> = {}): void {
    if (this.closed) return;
    const actor = this.state.people.get(actorId);
    this.ctx.audit(this.sessionId, { id: actorId, name: actor?.displayName ?? 'system' }, action, detail);
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

  // ---------------------------------------------------------------- membership

  /**
   * Names are set at invitation: a name sent with the join is not applied (it once was, and let
   * anyone re-join as "Maria Mediator" or as the other party). The ack carries the name in use; a
   * person who wants it corrected asks the mediators (`name:propose`).
   */
  join(member: Member): Result<{ room: RoomView; replacedEarlierConnection: boolean; displayName: string }> {
    if (this.state.endedAt) return fail(ErrorCode.SESSION_ENDED, 'This session has ended.');
    if (this.closed) return fail(ErrorCode.CONFLICT, 'The room was just closed after being idle; join again.');
    const pid = member.participantId;
    let person = this.state.people.get(pid);
    if (!person) {
      const rec = this.ctx.storage.getParticipant(pid);
      if (!rec || rec.sessionId !== this.sessionId) return fail(ErrorCode.NOT_FOUND, 'You are not on this session’s list.');
      person = this.state.addPerson(rec);
    }
    if (person.removed) return fail(ErrorCode.TOKEN_REVOKED, 'Your invitation link was withdrawn.');
    const existing = this.members.get(pid);
    if (existing === member) {
      return ok({ room: this.viewFor(pid)!, replacedEarlierConnection: false, displayName: person.displayName });
    }
    const othersOnline = this.state.online().filter((p) => p.id !== pid).length;
    if (!isMediatorRole(person.role) && othersOnline >= this.state.settings.capacity) {
      return fail(ErrorCode.SESSION_FULL, `This session is full (${this.state.settings.capacity} people).`);
    }
    // Take over: the newest window wins, the earlier one is told why it was closed.
    if (existing) this.evict(existing, 'replaced');

    const space = this.state.placementOnJoin(person);
    person.space = space;
    person.online = true;
    if (space !== LOBBY) person.admitted = true;
    this.members.set(pid, member);
    metrics.participants.inc();
    if (isMediatorRole(person.role)) this.markMediatorVisit(space);
    this.deps.spaceChanged({ sessionId: this.sessionId, participantId: pid, from: null, to: space });
    this.audit(pid, existing ? 'participant.rejoined' : 'participant.joined', { space });
    this.publishState();
    return ok({ room: this.viewFor(pid)!, replacedEarlierConnection: !!existing, displayName: person.displayName });
  }

  /** A connection goes away (leave, disconnect, eviction): its media closes, the person goes offline. */
  detach(member: Member, why: string): void {
    const pid = member.participantId;
    if (this.members.get(pid) !== member) {
      member.media.closeAll();
      return;
    }
    const person = this.state.people.get(pid)!;
    const from = person.space;
    // Closing the producers closes everyone's consumers of them ('producerclose').
    member.media.closeAll();
    this.members.delete(pid);
    metrics.participants.dec();
    person.online = false;
    person.audioMuted = true;
    person.videoMuted = true;
    person.handRaised = false;
    if (isMediatorRole(person.role)) this.markMediatorVisit(from);
    this.stopTypingIn(pid, from);
    this.deps.spaceChanged({ sessionId: this.sessionId, participantId: pid, from, to: null });
    this.audit(pid, 'participant.left', { why, space: from });
    this.publishState();
    if (this.members.size === 0) this.deps.emptied(this.sessionId);
  }

  /** Closes a connection on the server's initiative, telling the client why first. */
  evict(member: Member, reason: ClosedReason): void {
    sendClosing(member.socket, { reason, message: CLOSED_MESSAGES[reason] });
    this.detach(member, reason);
    member.socket.disconnect(true);
  }

  markMediatorVisit(space: SpaceId): void {
    const s = this.state.spaces.get(space);
    if (s) s.mediatorLastVisitAt = Date.now();
  }

  // ---------------------------------------------------------------- moves

  /**
   * Moves people (already validated by the caller). For each mover, everything the old space gave
   * is closed first (consumers in both directions), then the space changes and listeners hear it,
   * synchronously. Media of the new space is opened afterwards, in the room queue.
   */
  relocate(ids: readonly string[], to: SpaceId): string[] {
    const moved: string[] = [];
    for (const id of ids) {
      const p = this.state.person(id);
      if (!p || p.space === to) continue;
      const from = p.space;
      closeMediaBetween(this, id);
      // Someone put on hold stops sending too: nobody could receive it, but their camera and
      // microphone should not be streaming to the server while they wait. Admission starts anew.
      if (to === LOBBY && !isMediatorRole(p.role)) this.members.get(id)?.media.closeAll();
      p.space = to;
      if (to !== LOBBY) p.admitted = true;
      p.handRaised = false;
      // No "stopped typing" to the space they left: that would be a signal about someone who is
      // now elsewhere. The old space's clients drop them from "typing" when the room state that
      // follows no longer puts them there.
      this.typing.delete(id);
      if (isMediatorRole(p.role)) {
        this.markMediatorVisit(from);
        this.markMediatorVisit(to);
      }
      moved.push(id);
      if (p.online) this.deps.spaceChanged({ sessionId: this.sessionId, participantId: id, from, to });
    }
    if (moved.length > 0) {
      this.settleKnocks();
      this.publishState();
      void this.run(() => openMediaFor(this, moved));
    }
    return moved;
  }

  /**
   * Knocks follow their knocker: a knock asks for a mediator where the knocker *is*, so after a
   * move (or a closed caucus) it names the new space. It is answered once a mediator is there, and
   * moot once the knocker waits in the lobby.
   */
  private settleKnocks(): void {
    this.state.knocks = this.state.knocks.filter((k) => {
      const knocker = this.state.person(k.fromId);
      if (!knocker || knocker.space === LOBBY) return false;
      k.space = knocker.space;
      const mediator = this.state.membersOf(knocker.space).find((p) => isMediatorRole(p.role));
      if (!mediator) return true;
      // The knocker's page stops showing "waiting for the mediator".
      this.sendTo(k.fromId, 'knock:answered', { knockId: k.id, reply: null, byName: mediator.displayName }, { kind: 'privateLine', participantId: k.fromId });
      return false;
    });
  }

  setMuted(participantId: string, source: MediaSource, muted: boolean): void {
    const p = this.state.person(participantId);
    if (!p) return;
    const before = source === 'mic' ? p.audioMuted : p.videoMuted;
    if (source === 'mic') p.audioMuted = muted;
    else p.videoMuted = muted;
    if (before !== muted && !this.closed) this.publishState();
  }

  // ---------------------------------------------------------------- end

  end(actorId: string): void {
    if (this.closed) return;
    this.state.endedAt = Date.now();
    this.ctx.storage.updateSession(this.sessionId, { endedAt: this.state.endedAt });
    this.audit(actorId, 'session.ended');
    for (const m of [...this.members.values()]) this.evict(m, 'ended');
    this.close();
    this.ctx.hooks.phaseChanged({ sessionId: this.sessionId, from: 'live', to: 'ended' });
    this.deps.ended(this.sessionId);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timers.clearAll();
    for (const m of this.members.values()) m.media.closeAll();
    // Late disconnect events find nobody here and only close their own (already closed) media.
    this.members.clear();
    this.deps.sfu.close();
    metrics.sessions.dec();
  }
}

