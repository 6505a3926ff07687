/**
 * One live session: its state, its router, its connected members. All commands for a room run one
 * at a time through `run`, so a command sees a state nobody else is changing, validates it whole,
 * and only then changes it. Media follows membership: consumers exist only between two people in
 * the same space, created by the server, and are closed before a move is acknowledged.
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
import { mayReceive, send, sendClosing, type Audience, type Recipient, type ServerSocket } from '../egress.js';
import type { PeerMedia, ConsumerInfo, ProducerInfo } from '../media/peerMedia.js';
import { trackConsumer, trackProducer, type SessionRouter } from '../media/sessionRouter.js';
import { SpaceTimers } from '../timers.js';
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

export type ClosedReason = 'replaced' | 'removed' | 'ended' | 'revoked';

const CLOSED_MESSAGES: Record<ClosedReason, string> = {
  replaced: 'You joined from another window or device; this one was disconnected.',
  removed: 'The mediator removed you from this session.',
  ended: 'The mediator ended this session.',
  revoked: 'Your invitation link was withdrawn.',
};

export class Room {
  readonly members = new Map<string, Member>();
  readonly chat = new ChatLog();
  readonly timers = new SpaceTimers();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly state: RoomState,
    readonly deps: RoomDeps,
  ) {
    deps.sfu.levels.on('volumes', (volumes: types.AudioLevelObserverVolume[]) => this.onVolumes(volumes));
    deps.sfu.levels.on('silence', () => this.onVolumes([]));
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

  /** Everyone gets the room as they may see it; there is no other path for presence. */
  publishState(): void {
    const snap = this.state.snapshot();
    for (const m of this.members.values()) {
      const view = projectRoom(snap, m.participantId);
      if (view) send(this.recipient(m), 'room:state', view, { kind: 'self', participantId: m.participantId });
    }
  }

  audit(actorId: string, action: string, detail: Record<string, unknown> = {}): void {
    if (this.closed) return;
    const actor = this.state.people.get(actorId);
    this.ctx.audit(this.sessionId, { id: actorId, name: actor?.displayName ?? 'system' }, action, detail);
  }

  // ---------------------------------------------------------------- membership

  join(member: Member, displayName: string | undefined): Result<{ room: RoomView; replacedEarlierConnection: boolean }> {
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
      return ok({ room: this.viewFor(pid)!, replacedEarlierConnection: false });
    }
    const othersOnline = this.state.online().filter((p) => p.id !== pid).length;
    if (!isMediatorRole(person.role) && othersOnline >= this.state.settings.capacity) {
      return fail(ErrorCode.SESSION_FULL, `This session is full (${this.state.settings.capacity} people).`);
    }
    if (displayName && displayName !== person.displayName) {
      person.displayName = displayName;
      this.ctx.storage.updateParticipant(pid, { displayName });
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
    return ok({ room: this.viewFor(pid)!, replacedEarlierConnection: !!existing });
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
      this.closeMediaBetween(id);
      p.space = to;
      if (to !== LOBBY) p.admitted = true;
      p.handRaised = false;
      if (isMediatorRole(p.role)) {
        this.markMediatorVisit(from);
        this.markMediatorVisit(to);
      }
      moved.push(id);
      if (p.online) this.deps.spaceChanged({ sessionId: this.sessionId, participantId: id, from, to });
    }
    if (moved.length > 0) {
      this.publishState();
      void this.run(() => this.openMediaFor(moved));
    }
    return moved;
  }

  /** Closes every consumer that carries media to or from this person. */
  private closeMediaBetween(participantId: string): void {
    const mine = this.members.get(participantId);
    mine?.media.closeAllConsumers();
    for (const m of this.members.values()) if (m !== mine) m.media.closeConsumersOf(participantId);
  }

  /** Creates the consumers the movers' new spaces allow, in both directions. */
  async openMediaFor(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const mover = this.members.get(id);
      if (!mover) continue;
      for (const other of this.members.values()) {
        if (other === mover) continue;
        for (const producer of other.media.producers.values()) await this.consume(mover, producer);
        for (const producer of mover.media.producers.values()) await this.consume(other, producer);
      }
    }
  }

  // ---------------------------------------------------------------- media

  /** Every producer the viewer's space offers, consumed for them (after they set capabilities or a recv transport). */
  async consumeSpaceFor(viewer: Member): Promise<void> {
    for (const other of this.members.values()) {
      if (other === viewer) continue;
      for (const producer of other.media.producers.values()) await this.consume(viewer, producer);
    }
  }

  /**
   * Server-side consumer creation: only between two people in the same space (the policy's 'media'
   * channel), only once per producer, paused until the viewer asks to resume.
   */
  async consume(viewer: Member, producer: types.Producer): Promise<void> {
    const info = producer.appData as unknown as ProducerInfo;
    if (!this.mediaAllowed(viewer, info.participantId) || producer.closed) return;
    const caps = viewer.media.rtpCapabilities;
    const transport = viewer.media.recvTransport;
    if (!caps || !transport) return;
    for (const c of viewer.media.consumers.values()) if (c.producerId === producer.id) return;
    if (!this.deps.sfu.router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) return;
    let consumer: types.Consumer;
    try {
      const appData: ConsumerInfo = { ownerId: info.participantId, producerId: producer.id };
      consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: caps, paused: true, appData: { ...appData } });
    } catch (err) {
      this.ctx.log.warn({ err }, 'consume failed');
      return;
    }
    // The world may have moved on while the worker answered.
    if (!this.mediaAllowed(viewer, info.participantId) || producer.closed || transport.closed) {
      consumer.close();
      return;
    }
    viewer.media.consumers.set(consumer.id, consumer);
    const self: Audience = { kind: 'self', participantId: viewer.participantId };
    const r = this.recipient(viewer);
    trackConsumer(consumer, () => {
      viewer.media.consumers.delete(consumer.id);
      send(r, 'media:consumerClosed', { consumerId: consumer.id }, self);
    });
    consumer.on('producerpause', () => send(r, 'media:consumerPaused', { consumerId: consumer.id }, self));
    consumer.on('producerresume', () => send(r, 'media:consumerResumed', { consumerId: consumer.id }, self));
    const ownerSpace = this.state.person(info.participantId)!.space;
    const sent = send(r, 'media:newConsumer', {
      consumerId: consumer.id,
      producerId: producer.id,
      participantId: info.participantId,
      kind: consumer.kind,
      source: info.source,
      rtpParameters: consumer.rtpParameters,
      producerPaused: consumer.producerPaused,
    }, { kind: 'space', space: ownerSpace, channel: 'media' });
    if (!sent) consumer.close();
  }

  /** Both online, both in the same space, and the policy lets the viewer receive that space's media. */
  private mediaAllowed(viewer: Member, ownerId: string): boolean {
    if (this.members.get(viewer.participantId) !== viewer || !this.members.has(ownerId)) return false;
    const v = this.viewerOf(viewer.participantId);
    const owner = this.state.person(ownerId);
    if (!v || !owner) return false;
    return v.space === owner.space && mayReceive(v, { kind: 'space', space: owner.space, channel: 'media' });
  }

  async produce(member: Member, transport: types.WebRtcTransport, kind: 'audio' | 'video', rtpParameters: types.RtpParameters, source: MediaSource): Promise<Result<{ producerId: string }>> {
    for (const p of member.media.producers.values()) {
      if ((p.appData as unknown as ProducerInfo).source === source) return fail(ErrorCode.CONFLICT, `You already send your ${source}; close it first.`);
    }
    if ((source === 'mic') !== (kind === 'audio')) return fail(ErrorCode.BAD_REQUEST, 'mic must be audio and cam must be video.');
    let producer: types.Producer;
    try {
      const appData: ProducerInfo = { participantId: member.participantId, source };
      producer = await transport.produce({ kind, rtpParameters, appData: { ...appData } });
    } catch (err) {
      return fail(ErrorCode.BAD_REQUEST, `mediasoup refused the producer: ${(err as Error).message}`);
    }
    if (this.members.get(member.participantId) !== member || transport.closed) {
      producer.close();
      return fail(ErrorCode.CONFLICT, 'You left the room.');
    }
    trackProducer(producer);
    member.media.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      member.media.producers.delete(producer.id);
      this.setMuted(member.participantId, source, true);
    });
    if (kind === 'audio') await this.deps.sfu.levels.addProducer({ producerId: producer.id }).catch(() => undefined);
    this.setMuted(member.participantId, source, producer.paused);
    for (const other of this.members.values()) if (other !== member) await this.consume(other, producer);
    return ok({ producerId: producer.id });
  }

  setMuted(participantId: string, source: MediaSource, muted: boolean): void {
    const p = this.state.person(participantId);
    if (!p) return;
    const before = source === 'mic' ? p.audioMuted : p.videoMuted;
    if (source === 'mic') p.audioMuted = muted;
    else p.videoMuted = muted;
    if (before !== muted && !this.closed) this.publishState();
  }

  // ---------------------------------------------------------------- active speaker

  private readonly speaking = new Map<SpaceId, string>();

  private onVolumes(volumes: types.AudioLevelObserverVolume[]): void {
    const bySpace = new Map<SpaceId, string[]>();
    for (const v of volumes) {
      const pid = (v.producer.appData as unknown as ProducerInfo).participantId;
      const p = this.state.person(pid);
      if (!p || !p.online || p.space === LOBBY) continue;
      bySpace.set(p.space, [...(bySpace.get(p.space) ?? []), pid]);
    }
    let talkingChanged = false;
    for (const space of this.state.spaces.values()) {
      const ids = bySpace.get(space.id) ?? [];
      const key = ids.join(',');
      if ((this.speaking.get(space.id) ?? '') !== key) {
        this.speaking.set(space.id, key);
        this.sendToAll('media:speaking', { participantIds: ids }, { kind: 'space', space: space.id, channel: 'speaking' });
      }
      if (space.talking !== ids.length > 0) {
        space.talking = ids.length > 0;
        talkingChanged = true;
      }
    }
    if (talkingChanged) this.publishState();
  }

  // ---------------------------------------------------------------- end

  end(actorId: string): void {
    if (this.closed) return;
    this.state.endedAt = Date.now();
    this.ctx.storage.updateSession(this.sessionId, { endedAt: this.state.endedAt });
    this.audit(actorId, 'session.ended');
    for (const m of [...this.members.values()]) this.evict(m, 'ended');
    this.close();
    this.ctx.events.emit('session:ended', { sessionId: this.sessionId });
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

