/**
 * The room's state and the only code that changes it: who is where and in which state, the
 * spaces and their countdowns (as shown), knocks, hands, names, settings, the chat log, and whether
 * the session ended. No sockets, media, storage or real timers.
 *
 * Every command is one method that validates the whole command against the state and then either
 * refuses it (a typed error; nothing changed) or applies it and returns what changed
 * (`roomChanges.ts`), from which the room publishes, stores and notifies. Outside this class the
 * state is read-only (`RoomPerson`, `Readonly<…>`), so there is no other way to change it.
 *
 * After the session ended, every command is refused; only facts from outside still change the
 * state: a connection going away (`disconnect`) and a link being withdrawn (`remove`).
 *
 * Clock and ids are injected (`RoomEnv`) so the seeded fuzz (roomState.fuzz.test.ts) replays exactly.
 */
import crypto from 'node:crypto';
import {
  bindingProblem,
  can,
  ErrorCode,
  fail,
  isCaucus,
  isFollowerRole,
  isMediatorRole,
  JOINT,
  LIMITS,
  LOBBY,
  ok,
  type Binding,
  type CaptionLine,
  type ChatMessage,
  type ChatTarget,
  type Knock,
  type MediaSource,
  type PersonState,
  type Result,
  type Role,
  type RoomSnapshot,
  type SessionSettings,
  type Side,
  type SpaceId,
  type SpaceSnapshot,
} from '@mediation/shared';
import { nameTaken } from '../../auth/names.js';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';
import { ChatLog, dmThread } from '../chat.js';
import type { StoredChatMessage } from '../../storage/types.js';
import type { Audience } from '../egress.js';
import { CaptionLog } from '../captions.js';
import { boundSpace, followerMoves, servedName } from './follow.js';
import { noChange, type Change, type Connected, type Disconnected, type Removal } from './roomChanges.js';
import type { RoomSeats } from './seats.js';

/** A person as the room holds them. `state` is the person-state union from packages/shared. */
interface Person {
  readonly id: string;
  readonly role: Role;
  readonly side: Side;
  displayName: string;
  state: PersonState;
  /** Where they are (waiting, present), were last (offline), or will be placed (invited). */
  space: SpaceId;
  audioMuted: boolean;
  videoMuted: boolean;
  handRaised: boolean;
  plannedSpace: SpaceId | null;
  /** Has been let out of the waiting room at least once in this room's life (history, not
   * presence: someone put back on hold stays on hold when they reconnect). */
  admitted: boolean;
  /** A name correction the person asked for, until a mediator approves or declines it. */
  proposedName: string | null;
  /** Must still sign the agreement to mediate the session requires (read from the store by the
   * room before joining and admitting): waits in the waiting room whatever the settings. */
  signaturePending?: boolean;
  /** Interpreters and captioners: whom they serve (follow.ts moves them along), or null. */
  interpretsFor: Binding | null;
  interpretationLanguage: string | null;
}

export type RoomPerson = Readonly<Person>;

/** Connected right now (in the waiting room or in a space). */
export const isOnline = (p: { state: PersonState }): boolean => p.state === 'waiting' || p.state === 'present';

/** Where time and fresh ids come from. */
export interface RoomEnv {
  now(): number;
  /** Knock and chat message ids. */
  uuid(): string;
  newCaucusId(): SpaceId;
}

export const systemEnv: RoomEnv = {
  now: () => Date.now(),
  uuid: () => crypto.randomUUID(),
  newCaucusId: () => `caucus:${crypto.randomBytes(6).toString('base64url')}`,
};

/** The typed "names a name check": true when someone else in the session holds a name that reads the same. */
export type NameTaken = (name: string) => boolean;

const ended = () => fail(ErrorCode.SESSION_ENDED, 'This session has ended.');
const notAdmitted = () => fail(ErrorCode.NOT_ADMITTED, 'You are in the waiting room; the mediator will bring you in.');
/** Words written in one space arrived after their writer was moved to another: refused, never
 * delivered to the new space (chat and captions name the space they were written in). */
const movedBeforeArrival = (now: string | undefined) =>
  fail(ErrorCode.CONFLICT, `You were moved to ${now ?? 'another space'} before this arrived, so it was not sent. Check who will read it now, then send it again.`);
const noSuchParticipant = () => fail(ErrorCode.NOT_FOUND, 'No such participant in this session.');
const plural = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/** In the waiting room and not a mediator (mediators are never held, but say it where it matters). */
const waiting = (p: RoomPerson) => p.space === LOBBY && !isMediatorRole(p.role);

export class RoomState {
  readonly sessionId: string;
  readonly title: string;
  private _settings: SessionSettings;
  private _lobbyMessage: string;
  private _endedAt: number | null;
  private readonly people = new Map<string, Person>();
  private readonly spaces = new Map<SpaceId, SpaceSnapshot>();
  private knocks: Knock[] = [];
  private readonly chat = new ChatLog();
  /** Kept only while the session's `keepCaptions` is on; otherwise no caption is held anywhere. */
  private readonly captions = new CaptionLog();

  constructor(
    session: SessionRecord,
    participants: readonly ParticipantRecord[],
    private readonly env: RoomEnv = systemEnv,
  ) {
    this.sessionId = session.id;
    this.title = session.title;
    this._settings = session.settings;
    this._lobbyMessage = session.lobbyMessage;
    this._endedAt = session.endedAt;
    this.spaces.set(LOBBY, emptySpace(LOBBY, 'Waiting room'));
    this.spaces.set(JOINT, emptySpace(JOINT, 'Joint session'));
    for (const p of participants) this.insert(p);
  }

  // ================================================================ reading

  get settings(): Readonly<SessionSettings> {
    return this._settings;
  }

  get lobbyMessage(): string {
    return this._lobbyMessage;
  }

  get endedAt(): number | null {
    return this._endedAt;
  }

  get ended(): boolean {
    return this._endedAt !== null;
  }

  /** Someone in the session (not removed). */
  person(id: string): RoomPerson | undefined {
    const p = this.people.get(id);
    return p && p.state !== 'removed' ? p : undefined;
  }

  /** Whether the room has heard of this id at all (removed people included). */
  knows(id: string): boolean {
    return this.people.has(id);
  }

  /** Everyone in the session, connected or not (removed people excluded). */
  everyone(): RoomPerson[] {
    return [...this.people.values()].filter((p) => p.state !== 'removed');
  }

  online(): RoomPerson[] {
    return [...this.people.values()].filter(isOnline);
  }

  membersOf(space: SpaceId): RoomPerson[] {
    return this.online().filter((p) => p.space === space);
  }

  hasSpace(space: SpaceId): boolean {
    return this.spaces.has(space);
  }

  space(id: SpaceId): Readonly<SpaceSnapshot> | undefined {
    return this.spaces.get(id);
  }

  spaceList(): ReadonlyArray<Readonly<SpaceSnapshot>> {
    return [...this.spaces.values()];
  }

  knockList(): ReadonlyArray<Readonly<Knock>> {
    return this.knocks;
  }

  caucusCount(): number {
    return this.spaces.size - 2;
  }

  /** Where someone goes when they leave the waiting room: their planned caucus if it still exists. */
  admissionTarget(p: RoomPerson): SpaceId {
    // An interpreter or captioner is let in where whom they serve is.
    const bound = boundSpace(p, this.people.values());
    if (bound !== null) return bound;
    return p.plannedSpace && p.plannedSpace !== LOBBY && this.hasSpace(p.plannedSpace) ? p.plannedSpace : JOINT;
  }

  /** Where someone is placed on joining: mediators in joint, others back where they were once admitted. */
  placementOnJoin(p: RoomPerson): SpaceId {
    if (isMediatorRole(p.role)) return this.hasSpace(p.space) && p.space !== LOBBY ? p.space : JOINT;
    if (p.admitted) {
      if (!this.hasSpace(p.space)) return JOINT;
      // Put back on hold stays on hold; otherwise an interpreter comes back to whom they serve.
      return p.space === LOBBY ? LOBBY : boundSpace(p, this.people.values()) ?? p.space;
    }
    return this._settings.waitingRoom || p.signaturePending ? LOBBY : this.admissionTarget(p);
  }

  /** Chat history as this person may read it now (chat.ts keeps each message's readers). */
  historyFor(participantId: string): ChatMessage[] {
    const p = this.person(participantId);
    if (!p) return [];
    return this.chat.historyFor({ id: p.id, mediator: isMediatorRole(p.role), space: p.space });
  }

  /** The whole room as the projection (`projectRoom` in packages/shared) reads it. */
  snapshot(): RoomSnapshot {
    return {
      sessionId: this.sessionId,
      title: this.title,
      settings: this._settings,
      lobbyMessage: this._lobbyMessage,
      participants: this.everyone().map((p) => ({
        id: p.id, displayName: p.displayName, role: p.role, side: p.side, space: p.space, online: isOnline(p),
        audioMuted: p.audioMuted, videoMuted: p.videoMuted, handRaised: p.handRaised, proposedName: p.proposedName,
        interpretsFor: p.interpretsFor, interpretationLanguage: p.interpretationLanguage,
      })),
      spaces: [...this.spaces.values()].map((s) => ({ ...s })),
      knocks: this.knocks.map((k) => ({ ...k })),
      endedAt: this._endedAt,
    };
  }

  /** The caucuses and where everyone who has been in the room sits (seats.ts): what the next host
   * of the session seats them by. Someone never connected is left out: their place is the plan. */
  seats(): RoomSeats {
    return {
      v: 1,
      caucuses: [...this.spaces.values()].filter((s) => isCaucus(s.id)).map((s) => ({ id: s.id, name: s.name })),
      people: [...this.people.values()].filter((p) => p.state !== 'invited' && p.state !== 'removed').map((p) => ({ id: p.id, space: p.space, admitted: p.admitted })),
      timers: this.runningTimers().map((t) => ({ ...t, label: this.spaces.get(t.space)!.timerLabel })),
      knocks: this.knocks.map((k) => ({ ...k })),
    };
  }

  /** The countdowns still running, by space (a restored room's are armed again: Room.resumeTimers). */
  runningTimers(): Array<{ space: SpaceId; endsAt: number }> {
    return [...this.spaces.values()].filter((s) => s.timerEndsAt !== null && !s.timerExpired).map((s) => ({ space: s.id, endsAt: s.timerEndsAt! }));
  }

  /** The chat kept in storage for this session (chat.ts): read when the room opens (a restart, a failover, after idling). */
  restoreChat(kept: readonly StoredChatMessage[]): void {
    this.chat.restore(kept);
  }

  /**
   * Only for a room just opened, before anyone connects (a failover, a restart): its caucuses come
   * back, and everyone who had been in the room is back in their seat, offline until they
   * reconnect (`placementOnJoin` then seats them there, or in the waiting room if they were never
   * let in or were put back on hold). A seat of someone no longer in the session, or in a space
   * that is not restored, is skipped: that person starts as a newcomer.
   */
  restoreSeats(seats: RoomSeats): void {
    if (this.ended || this.online().length > 0) return;
    for (const c of seats.caucuses) {
      if (isCaucus(c.id) && !this.spaces.has(c.id) && this.caucusCount() < LIMITS.maxCaucuses) this.spaces.set(c.id, emptySpace(c.id, c.name));
    }
    // A countdown keeps its end: one that ran out while no node hosted the room expires on opening.
    for (const t of seats.timers ?? []) {
      const space = this.spaces.get(t.space);
      if (!space) continue;
      space.timerEndsAt = t.endsAt;
      space.timerLabel = t.label;
      space.timerExpired = false;
    }
    for (const s of seats.people) {
      const p = this.people.get(s.id);
      if (!p || p.state === 'removed' || !this.spaces.has(s.space)) continue;
      p.space = s.space;
      p.admitted = s.admitted || isMediatorRole(p.role);
      p.state = 'offline';
    }
    // A knock comes back if its knocker is back in the seat it was made from (not the lobby).
    for (const k of seats.knocks ?? []) {
      const knocker = this.people.get(k.fromId);
      if (!knocker || knocker.state === 'removed' || knocker.space !== k.space || k.space === LOBBY || this.knocks.some((x) => x.fromId === k.fromId)) continue;
      this.knocks.push({ ...k, fromName: knocker.displayName });
    }
  }

  /** Everything the state holds, removed people and chat included: the fuzz compares it before
   * and after a refused command (a refusal changes nothing). */
  dump(): string {
    return JSON.stringify({
      snapshot: this.snapshot(),
      people: [...this.people.values()],
      chat: this.chat.historyFor({ id: '', mediator: true, space: LOBBY }).map((m) => m.id),
      captions: this.captions.size,
    });
  }

  // ================================================================ people coming and going

  /** Someone invited while the room is live. False when already known (or the session ended). */
  addPerson(rec: ParticipantRecord): boolean {
    if (this.ended || this.people.has(rec.id)) return false;
    this.insert(rec);
    return true;
  }

  /** Whether this person may connect now (nothing changes). The same connection asking again is
   * the caller's business (it is already in). */
  mayConnect(participantId: string): Result<RoomPerson> {
    if (this.ended) return ended();
    const p = this.people.get(participantId);
    if (!p) return fail(ErrorCode.NOT_FOUND, 'You are not on this session’s list.');
    if (p.state === 'removed') return fail(ErrorCode.TOKEN_REVOKED, 'Your invitation link was withdrawn.');
    const othersOnline = this.online().filter((o) => o.id !== p.id).length;
    if (!isMediatorRole(p.role) && othersOnline >= this._settings.capacity) {
      return fail(ErrorCode.SESSION_FULL, `This session is full (${this._settings.capacity} people).`);
    }
    return ok(p);
  }

  /** Whether the person must still sign the agreement to mediate (an input read from the store,
   * not a change anyone sees): a pending signer is placed in the waiting room on joining and is
   * not let in by turning the waiting room off. */
  markSignaturePending(participantId: string, pending: boolean): void {
    const p = this.people.get(participantId);
    if (p) p.signaturePending = pending;
  }

  /** A connection for this person: they are placed (waiting room, or where they belong). */
  connect(participantId: string): Result<Connected> {
    const allowed = this.mayConnect(participantId);
    if (!allowed.ok) return allowed;
    const p = this.people.get(participantId)!;
    const space = this.placementOnJoin(p);
    p.space = space;
    p.state = space === LOBBY ? 'waiting' : 'present';
    if (space !== LOBBY) p.admitted = true;
    if (isMediatorRole(p.role)) this.markMediatorVisit(space);
    // Let in straight to a planned caucus (waiting room off), or here for the first time, someone's
    // interpreter goes where they are.
    const followers = noChange();
    this.follow(followers);
    return ok({ participantId, space, followers: this.settle(followers) });
  }

  /** Their connection went away: offline where they were, microphone and camera off, hand down. */
  disconnect(participantId: string): Disconnected | null {
    const p = this.people.get(participantId);
    if (!p || !isOnline(p)) return null;
    p.state = 'offline';
    p.audioMuted = true;
    p.videoMuted = true;
    p.handRaised = false;
    if (isMediatorRole(p.role)) this.markMediatorVisit(p.space);
    return { participantId, from: p.space };
  }

  /**
   * Out of the session for good (removed by a mediator, or their link withdrawn). Every path goes
   * through here, so nothing of theirs stays behind: knocks, raised hand, planned caucus, pending
   * name correction. The caller closes their connection first (`disconnect`). Null when already gone.
   */
  remove(participantId: string): Removal | null {
    const p = this.people.get(participantId);
    if (!p || p.state === 'removed') return null;
    p.state = 'removed';
    p.audioMuted = true;
    p.videoMuted = true;
    p.handRaised = false;
    p.plannedSpace = null;
    p.proposedName = null;
    const droppedKnocks = this.knocks.filter((k) => k.fromId === participantId);
    this.knocks = this.knocks.filter((k) => k.fromId !== participantId);
    // Their own interpreter or captioner is released (stays where they are, movable on their own);
    // the last of a side leaving a space: that side's interpreter goes where the side now is.
    const followers = noChange();
    for (const f of this.people.values()) {
      if (f.interpretsFor && 'participantId' in f.interpretsFor && f.interpretsFor.participantId === participantId) {
        f.interpretsFor = null;
        followers.participants.push({ participantId: f.id, interpretsFor: null });
      }
    }
    this.follow(followers);
    return { participantId, droppedKnocks, followers: this.settle(followers) };
  }

  /** The session ends: nothing is accepted any more; knocks and hands are moot, countdowns stop. */
  end(): Result<Change & { endedAt: number }> {
    if (this.ended) return ended();
    const endedAt = this.env.now();
    this._endedAt = endedAt;
    this.knocks = [];
    for (const p of this.people.values()) {
      p.handRaised = false;
      p.proposedName = null;
    }
    const change = noChange();
    for (const s of this.spaces.values()) if (s.timerEndsAt !== null) change.timers.push({ space: s.id, endsAt: null });
    change.session = { endedAt };
    return ok({ ...change, endedAt });
  }

  // ================================================================ moves (mediator controls)

  admit(ids: readonly string[] | 'all'): Result<Change & { admitted: string[] }> {
    if (this.ended) return ended();
    let people: Person[];
    if (ids === 'all') {
      people = [...this.people.values()].filter((p) => isOnline(p) && p.space === LOBBY);
    } else {
      const r = this.resolve(ids);
      if (!r.ok) return r;
      const notWaiting = r.data.find((p) => p.space !== LOBBY);
      if (notWaiting) return fail(ErrorCode.CONFLICT, `${notWaiting.displayName} is not in the waiting room.`);
      people = r.data;
    }
    const change = noChange();
    const admitted = this.admitPeople(people, change);
    return ok({ ...this.settle(change), admitted });
  }

  hold(ids: readonly string[]): Result<Change> {
    if (this.ended) return ended();
    const r = this.resolve(ids);
    if (!r.ok) return r;
    const mediator = r.data.find((p) => isMediatorRole(p.role));
    if (mediator) return fail(ErrorCode.CONFLICT, `${mediator.displayName} is a mediator; mediators do not wait.`);
    const change = noChange();
    this.relocate(r.data, LOBBY, change);
    return ok(this.settle(change));
  }

  move(ids: readonly string[], to: SpaceId): Result<Change> {
    if (this.ended) return ended();
    const space = this.existingSpace(to);
    if (!space.ok) return space;
    const r = this.resolve(ids);
    if (!r.ok) return r;
    const stays = this.followerLeftBehind(r.data, to);
    if (stays) return stays;
    const change = noChange();
    this.relocate(r.data, to, change);
    return ok(this.settle(change));
  }

  allToJoint(): Result<Change> {
    if (this.ended) return ended();
    const change = noChange();
    this.relocate([...this.people.values()].filter((p) => p.state !== 'removed' && p.space !== LOBBY && p.space !== JOINT), JOINT, change);
    return ok(this.settle(change));
  }

  /** A person chooses a space: mediators always, others only when the session allows roaming. */
  enter(participantId: string, space: SpaceId): Result<Change> {
    if (this.ended) return ended();
    const p = this.people.get(participantId);
    if (!p || p.state === 'removed') return noSuchParticipant();
    if (!isMediatorRole(p.role)) {
      if (!this._settings.allowRoaming || !can(p.role, 'roam')) return fail(ErrorCode.FORBIDDEN, 'Only the mediator moves people between rooms in this session.');
      if (waiting(p)) return notAdmitted();
    }
    if (space === LOBBY) return fail(ErrorCode.FORBIDDEN, 'Nobody enters the waiting room by choice.');
    if (!this.hasSpace(space)) return fail(ErrorCode.NOT_FOUND, 'No such room.');
    const stays = this.followerLeftBehind([p], space);
    if (stays) return stays;
    const change = noChange();
    this.relocate([p], space, change);
    return ok(this.settle(change));
  }

  /**
   * A mediator binds an interpreter or captioner to a person or side (they join that person's
   * space at once, in this change), or releases them (`null`) so they can be moved on their own.
   * The side they were invited on stays theirs (their link carries it): a binding to another side
   * is refused; invite a new interpreter for that side instead.
   */
  bind(followerId: string, binding: Binding | null): Result<Change> {
    if (this.ended) return ended();
    const f = this.people.get(followerId);
    if (!f || f.state === 'removed') return noSuchParticipant();
    if (!isFollowerRole(f.role)) return fail(ErrorCode.BAD_REQUEST, `${f.displayName} is not an interpreter or captioner.`);
    if (binding !== null) {
      const problem = bindingProblem({ id: f.id, role: f.role, side: f.side }, binding, this.everyone());
      if (!problem.ok) return fail(ErrorCode.BAD_REQUEST, problem.message);
      if (problem.side !== f.side) return fail(ErrorCode.CONFLICT, `${f.displayName} was invited on ${f.side === null ? 'no side' : `side ${f.side}`}; invite another interpreter for ${problem.side === null ? 'someone without a side' : `side ${problem.side}`}.`);
    }
    f.interpretsFor = binding;
    const change = noChange();
    change.participants.push({ participantId: f.id, interpretsFor: binding });
    this.follow(change);
    return ok(this.settle(change));
  }

  // ================================================================ spaces

  createSpace(name: string): Result<Change & { space: SpaceId }> {
    if (this.ended) return ended();
    if (this.caucusCount() >= LIMITS.maxCaucuses) return fail(ErrorCode.CONFLICT, `At most ${LIMITS.maxCaucuses} caucuses.`);
    let id = this.env.newCaucusId();
    while (this.spaces.has(id)) id = this.env.newCaucusId();
    this.spaces.set(id, emptySpace(id, name));
    return ok({ ...noChange(), space: id });
  }

  renameSpace(space: SpaceId, name: string): Result<Change & { from: string }> {
    if (this.ended) return ended();
    const s = this.spaces.get(space);
    if (!s) return fail(ErrorCode.NOT_FOUND, `No such room: ${space}.`);
    if (space === LOBBY) return fail(ErrorCode.BAD_REQUEST, 'The waiting room keeps its name.');
    const from = s.name;
    s.name = name;
    return ok({ ...noChange(), from });
  }

  /** Closes a caucus; everyone in it (online or not) goes to `sendTo` (mediators to joint, never to the waiting room). */
  closeSpace(space: SpaceId, sendTo: SpaceId): Result<Change & { moved: string[] }> {
    if (this.ended) return ended();
    if (space === JOINT || space === LOBBY) return fail(ErrorCode.CONFLICT, 'The joint room and the waiting room cannot be closed.');
    if (!this.hasSpace(space)) return fail(ErrorCode.NOT_FOUND, `No such room: ${space}.`);
    if (sendTo === space) return fail(ErrorCode.BAD_REQUEST, 'Send its members somewhere else.');
    const dest = this.existingSpace(sendTo, { lobbyAllowed: true });
    if (!dest.ok) return dest;
    const inside = [...this.people.values()].filter((p) => p.state !== 'removed' && p.space === space);
    const mediatorsToJoint = (p: Person) => isMediatorRole(p.role) && sendTo === LOBBY;
    const change = noChange();
    this.relocate(inside.filter((p) => !mediatorsToJoint(p)), sendTo, change);
    this.relocate(inside.filter(mediatorsToJoint), JOINT, change);
    if (this.spaces.get(space)!.timerEndsAt !== null) change.timers.push({ space, endsAt: null });
    this.spaces.delete(space);
    return ok({ ...this.settle(change), moved: change.moves.map((m) => m.participantId) });
  }

  /** Starts, restarts or (seconds null) clears a space's countdown. Either way "time is up" ends. */
  setTimer(space: SpaceId, seconds: number | null, label: string): Result<Change> {
    if (this.ended) return ended();
    const exists = this.existingSpace(space);
    if (!exists.ok) return exists;
    const s = this.spaces.get(space)!;
    s.timerExpired = false;
    if (seconds === null) {
      s.timerEndsAt = null;
      s.timerLabel = null;
    } else {
      s.timerEndsAt = this.env.now() + seconds * 1000;
      s.timerLabel = label || null;
    }
    return ok({ ...noChange(), timers: [{ space, endsAt: s.timerEndsAt }] });
  }

  /**
   * The countdown that was set to end at `endsAt` reached zero. It stays at zero, label kept, until
   * the mediator clears or restarts it, so anyone arriving or reconnecting still sees that time is
   * up. Null when that countdown no longer runs (cleared, restarted, space closed, session ended).
   */
  expireTimer(space: SpaceId, endsAt: number): { space: SpaceId; label: string | null } | null {
    if (this.ended) return null;
    const s = this.spaces.get(space);
    if (!s || s.timerEndsAt !== endsAt || s.timerExpired) return null;
    s.timerExpired = true;
    return { space, label: s.timerLabel };
  }

  // ================================================================ knocks, hands, media flags

  knock(participantId: string, message: string): Result<Change & { knock: Knock }> {
    if (this.ended) return ended();
    const p = this.person(participantId);
    if (!p) return noSuchParticipant();
    if (!can(p.role, 'knock')) return fail(ErrorCode.FORBIDDEN, 'Mediators and observers do not knock.');
    if (waiting(p)) return notAdmitted();
    if (this.knocks.some((k) => k.fromId === p.id)) return fail(ErrorCode.CONFLICT, 'You already asked for the mediator; they will come.');
    const knock: Knock = { id: this.env.uuid(), fromId: p.id, fromName: p.displayName, space: p.space, message, at: this.env.now() };
    this.knocks.push(knock);
    return ok({ ...noChange(), knock: { ...knock } });
  }

  /** A mediator answers a knock; with `join` they go to the knocker's space (not the waiting room). */
  answerKnock(mediatorId: string, knockId: string, join: boolean): Result<Change & { knock: Knock }> {
    if (this.ended) return ended();
    const knock = this.knocks.find((k) => k.id === knockId);
    if (!knock) return fail(ErrorCode.NOT_FOUND, 'No such knock (perhaps another mediator answered it).');
    const mediator = this.person(mediatorId);
    if (!mediator) return noSuchParticipant();
    const knocker = this.person(knock.fromId);
    this.knocks = this.knocks.filter((k) => k.id !== knockId);
    const change = noChange();
    if (join && knocker && knocker.space !== LOBBY && this.hasSpace(knocker.space)) this.relocate([this.people.get(mediatorId)!], knocker.space, change);
    return ok({ ...this.settle(change), knock: { ...knock } });
  }

  setHand(participantId: string, raised: boolean): Result<Change> {
    if (this.ended) return ended();
    const p = this.people.get(participantId);
    if (!p || !isOnline(p)) return noSuchParticipant();
    p.handRaised = raised;
    return ok(noChange());
  }

  /** A producer was paused, resumed, opened or closed. True when the shown flag changed. */
  setMuted(participantId: string, source: MediaSource, muted: boolean): boolean {
    if (this.ended) return false;
    const p = this.people.get(participantId);
    if (!p || p.state === 'removed') return false;
    const before = source === 'mic' ? p.audioMuted : p.videoMuted;
    if (source === 'mic') p.audioMuted = muted;
    else p.videoMuted = muted;
    return before !== muted;
  }

  /** The coarse "someone is talking there" flag mediators see. True when it changed. */
  setTalking(space: SpaceId, talking: boolean): boolean {
    if (this.ended) return false;
    const s = this.spaces.get(space);
    if (!s || s.talking === talking) return false;
    s.talking = talking;
    return true;
  }

  // ================================================================ chat

  /**
   * A chat message: into the writer's space, on their private line to the mediators, or (mediators
   * only) on one participant's private line. Its readers are fixed now: who may read it later
   * never grows by arriving in that space afterwards.
   */
  say(participantId: string, to: ChatTarget, text: string): Result<{ message: ChatMessage; audience: Audience; label: string; count: number; readers: string[] }> {
    if (this.ended) return ended();
    const person = this.person(participantId);
    if (!person) return noSuchParticipant();
    // Observers do not write in a space's chat, but may write privately to the mediators.
    const allowed = to.kind === 'mediators' ? can(person.role, 'messageMediator') : can(person.role, 'chat');
    if (!allowed) return fail(ErrorCode.FORBIDDEN, 'Observers write only privately to the mediators.');
    if (waiting(person)) return notAdmitted();
    const mediators = this.online().filter((p) => isMediatorRole(p.role));
    let thread: string;
    let audience: Audience;
    let readers: string[];
    let label: string;
    if (to.kind === 'space') {
      // Written for another space than the one the sender is in now (a move crossed the message):
      // nobody reads it, and the sender is told (protocol.ts chatTargetSchema).
      if (to.space !== undefined && to.space !== person.space) return movedBeforeArrival(this.spaces.get(person.space)?.name);
      thread = person.space;
      audience = { kind: 'space', space: person.space, channel: 'chat' };
      readers = [...new Set([...this.membersOf(person.space), ...mediators].map((p) => p.id))];
      label = `${this.spaces.get(person.space)?.name ?? person.space} (${plural(readers.length - 1)})`;
    } else if (to.kind === 'mediators') {
      thread = dmThread(person.id);
      audience = { kind: 'privateLine', participantId: person.id };
      readers = [...new Set([person.id, ...mediators.map((p) => p.id)])];
      label = `Mediators only (${plural(readers.length - 1)})`;
    } else {
      if (!isMediatorRole(person.role)) return fail(ErrorCode.FORBIDDEN, 'Only mediators write privately to one participant.');
      const target = this.person(to.participantId);
      if (!target) return noSuchParticipant();
      if (isMediatorRole(target.role)) return fail(ErrorCode.BAD_REQUEST, 'Write to mediators with the mediators line.');
      // Nothing reaches the waiting room but its own message (the policy); say so instead of queueing.
      if (target.space === LOBBY) return fail(ErrorCode.CONFLICT, `${target.displayName} is in the waiting room; use the waiting-room message.`);
      thread = dmThread(target.id);
      audience = { kind: 'privateLine', participantId: target.id };
      readers = [...new Set([target.id, ...mediators.map((p) => p.id)])];
      label = `${target.displayName} and the mediators (private)`;
    }
    const message: ChatMessage = { id: this.env.uuid(), thread, fromId: person.id, fromName: person.displayName, fromRole: person.role, text, at: this.env.now() };
    this.chat.append(message, readers);
    return ok({ message, audience, label, count: readers.length - 1, readers });
  }

  // ================================================================ captions

  /**
   * A captioner's line to the space they are in. It goes out live to that space only (the
   * 'captions' channel: like media, a mediator elsewhere does not get it), and is kept only when
   * the session keeps captions, readable later by who was in the space when it was written.
   */
  caption(participantId: string, text: string, writtenIn?: SpaceId): Result<{ line: CaptionLine; audience: Audience }> {
    if (this.ended) return ended();
    const p = this.person(participantId);
    if (!p) return noSuchParticipant();
    if (!can(p.role, 'caption')) return fail(ErrorCode.FORBIDDEN, 'Only the captioner sends captions.');
    if (waiting(p)) return notAdmitted();
    // Written in another space than the captioner is in now: what was said there stays there.
    if (writtenIn !== undefined && writtenIn !== p.space) return movedBeforeArrival(this.spaces.get(p.space)?.name);
    const line: CaptionLine = { id: this.env.uuid(), fromId: p.id, fromName: p.displayName, text, at: this.env.now() };
    if (this._settings.keepCaptions) this.captions.append(p.space, line, this.membersOf(p.space).map((m) => m.id));
    return ok({ line, audience: { kind: 'space', space: p.space, channel: 'captions' } });
  }

  /** Captions this person may read back now: none unless kept, and only their current space's,
   * written while they were there. */
  captionHistoryFor(participantId: string): CaptionLine[] {
    const p = this.person(participantId);
    if (!p || !isOnline(p) || !this._settings.keepCaptions) return [];
    return this.captions.historyFor(p.id, p.space);
  }

  // ================================================================ session settings

  setLobbyMessage(text: string): Result<Change> {
    if (this.ended) return ended();
    this._lobbyMessage = text;
    return ok({ ...noChange(), session: { lobbyMessage: text } });
  }

  /** Turning the waiting room off lets everyone waiting in (`admitted`). */
  updateSettings(patch: Partial<SessionSettings>): Result<Change & { settings: SessionSettings; admitted: string[] }> {
    if (this.ended) return ended();
    const before = this._settings;
    const settings = { ...before, ...patch };
    this._settings = settings;
    // Turned off, the captions kept so far are dropped at once: "saved to nothing" means now too.
    if (!settings.keepCaptions) this.captions.clear();
    const change = noChange();
    change.session = { settings };
    const admitted = before.waitingRoom && !settings.waitingRoom ? this.admitPeople([...this.people.values()].filter((p) => isOnline(p) && p.space === LOBBY && !p.signaturePending), change) : [];
    return ok({ ...this.settle(change), settings, admitted });
  }

  /** Where someone goes when admitted (a caucus, or null for joint). */
  planAssignment(participantId: string, space: SpaceId | null): Result<Change> {
    if (this.ended) return ended();
    const target = this.people.get(participantId);
    if (!target || target.state === 'removed') return noSuchParticipant();
    if (space !== null) {
      const s = this.existingSpace(space);
      if (!s.ok) return s;
    }
    target.plannedSpace = space;
    return ok({ ...noChange(), participants: [{ participantId, plannedSpace: space }] });
  }

  // ================================================================ names

  /** A person asks the mediators to correct their name. */
  proposeName(participantId: string, name: string, taken: NameTaken): Result<Change & { from: string }> {
    if (this.ended) return ended();
    const p = this.people.get(participantId);
    if (!p || p.state === 'removed') return noSuchParticipant();
    if (isMediatorRole(p.role)) return fail(ErrorCode.BAD_REQUEST, 'Mediators change names directly, from the people list.');
    if (name === p.displayName) return fail(ErrorCode.CONFLICT, 'That is already your name.');
    if (taken(name)) return nameTaken(name);
    p.proposedName = name;
    return ok({ ...noChange(), from: p.displayName });
  }

  /** A mediator approves (the name changes) or declines a person's name correction. */
  answerNameProposal(participantId: string, approve: boolean, taken: NameTaken): Result<Change & { from: string; proposed: string }> {
    if (this.ended) return ended();
    const target = this.people.get(participantId);
    if (!target || target.state === 'removed') return noSuchParticipant();
    const proposed = target.proposedName;
    if (!proposed) return fail(ErrorCode.NOT_FOUND, `${target.displayName} has not asked for a name correction (or another mediator answered it).`);
    const from = target.displayName;
    if (!approve) {
      target.proposedName = null;
      return ok({ ...noChange(), from, proposed });
    }
    // Someone may have been invited with that name since it was asked for: the proposal stays.
    if (taken(proposed)) return nameTaken(proposed);
    return ok({ ...this.rename(target, proposed), from, proposed });
  }

  /** A mediator renames someone directly; `from === to` when the name was already that. */
  renameParticipant(actorRole: Role, participantId: string, name: string, taken: NameTaken): Result<Change & { from: string }> {
    if (this.ended) return ended();
    const target = this.people.get(participantId);
    if (!target || target.state === 'removed') return noSuchParticipant();
    if (target.role === 'mediator' && actorRole !== 'mediator') return fail(ErrorCode.FORBIDDEN, 'Only the lead mediator can change the lead mediator’s name.');
    const from = target.displayName;
    if (name === from) return ok({ ...noChange(), from });
    if (taken(name)) return nameTaken(name);
    return ok({ ...this.rename(target, name), from });
  }

  // ================================================================ internals

  private insert(rec: ParticipantRecord): void {
    const mediator = isMediatorRole(rec.role);
    this.people.set(rec.id, {
      id: rec.id,
      role: rec.role,
      side: rec.side,
      displayName: rec.displayName,
      state: rec.revoked ? 'removed' : 'invited',
      space: mediator ? JOINT : LOBBY,
      audioMuted: true,
      videoMuted: true,
      handRaised: false,
      plannedSpace: rec.plannedSpace,
      admitted: mediator,
      proposedName: null,
      interpretsFor: isFollowerRole(rec.role) ? rec.interpretsFor ?? null : null,
      interpretationLanguage: rec.interpretationLanguage ?? null,
    });
  }

  /**
   * Moving an interpreter or captioner on their own to somewhere whom they serve is not (after this
   * command) would separate them: refused with what to do instead. Moving them with their person,
   * or while their person waits, is fine.
   */
  private followerLeftBehind(movers: readonly Person[], to: SpaceId): Result<never> | null {
    const moving = new Set(movers.map((p) => p.id));
    for (const f of movers) {
      if (!f.interpretsFor) continue;
      const bound = boundSpace(f, this.people.values(), (p) => (moving.has(p.id) ? to : p.space));
      if (bound !== null && bound !== to) {
        const whom = servedName(f.interpretsFor, (id) => this.people.get(id)?.displayName);
        return fail(ErrorCode.CONFLICT, `${f.displayName} serves ${whom} and moves with them; move ${whom} instead, or release ${f.displayName} first.`);
      }
    }
    return null;
  }

  /** Interpreters and captioners join whom they serve, as part of `change` (follow.ts). */
  private follow(change: Change): void {
    for (const { id, to } of followerMoves([...this.people.values()])) this.relocate([this.people.get(id)!], to, change);
  }

  /** Every id must name someone in this session; otherwise nothing happens. */
  private resolve(ids: readonly string[]): Result<Person[]> {
    const people: Person[] = [];
    for (const id of new Set(ids)) {
      const p = this.people.get(id);
      if (!p || p.state === 'removed') return fail(ErrorCode.NOT_FOUND, `No such participant: ${id}.`);
      people.push(p);
    }
    return ok(people);
  }

  /** A space people can be sent to or addressed in: it exists, and (unless allowed) is not the waiting room. */
  existingSpace(space: SpaceId, opts: { lobbyAllowed?: boolean } = {}): Result<SpaceId> {
    if (!this.hasSpace(space)) return fail(ErrorCode.NOT_FOUND, `No such room: ${space}.`);
    if (space === LOBBY && !opts.lobbyAllowed) return fail(ErrorCode.BAD_REQUEST, 'Use hold to send someone to the waiting room.');
    return ok(space);
  }

  /** Admits each person to their planned caucus (if it exists) or the joint room; returns who moved. */
  private admitPeople(people: readonly Person[], change: Change): string[] {
    const byTarget = new Map<SpaceId, Person[]>();
    for (const p of people) {
      const target = this.admissionTarget(p);
      byTarget.set(target, [...(byTarget.get(target) ?? []), p]);
    }
    const before = change.moves.length;
    for (const [target, group] of byTarget) this.relocate(group, target, change);
    return change.moves.slice(before).map((m) => m.participantId);
  }

  /** The one place a space changes: state follows (waiting/present), hand goes down, mediators' visits are noted. */
  private relocate(people: readonly Person[], to: SpaceId, change: Change): void {
    for (const p of people) {
      if (p.state === 'removed' || p.space === to) continue;
      const from = p.space;
      p.space = to;
      if (isOnline(p)) p.state = to === LOBBY ? 'waiting' : 'present';
      if (to !== LOBBY) p.admitted = true;
      p.handRaised = false;
      if (isMediatorRole(p.role)) {
        this.markMediatorVisit(from);
        this.markMediatorVisit(to);
      }
      change.moves.push({ participantId: p.id, role: p.role, from, to, online: isOnline(p) });
    }
  }

  /**
   * Knocks follow their knocker: a knock asks for a mediator where the knocker *is*, so after a
   * move (or a closed caucus) it names the new space. It is answered once a mediator is there, and
   * moot once the knocker waits in the lobby.
   */
  private settle(change: Change): Change {
    if (change.moves.length === 0) return change;
    this.follow(change);
    this.knocks = this.knocks.filter((k) => {
      const knocker = this.person(k.fromId);
      if (!knocker || knocker.space === LOBBY) return false;
      k.space = knocker.space;
      const mediator = this.membersOf(knocker.space).find((p) => isMediatorRole(p.role));
      if (!mediator) return true;
      change.settled.push({ knock: { ...k }, byName: mediator.displayName });
      return false;
    });
    return change;
  }

  private rename(target: Person, to: string): Change {
    target.displayName = to;
    target.proposedName = null;
    for (const k of this.knocks) if (k.fromId === target.id) k.fromName = to;
    return { ...noChange(), participants: [{ participantId: target.id, displayName: to }] };
  }

  private markMediatorVisit(space: SpaceId): void {
    const s = this.spaces.get(space);
    if (s) s.mediatorLastVisitAt = this.env.now();
  }
}

export function emptySpace(id: SpaceId, name: string): SpaceSnapshot {
  return { id, name, timerEndsAt: null, timerLabel: null, timerExpired: false, talking: false, mediatorLastVisitAt: null };
}
