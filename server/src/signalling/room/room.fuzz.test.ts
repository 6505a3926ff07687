/**
 * Seeded fuzz one level up from roomState.fuzz.test.ts: random requests go through the real
 * handlers (`runCommand`), `Room.commit`, `publishState` and egress, with stand-in sockets that
 * record every notification, and in-memory storage. No media (the SFU is a stand-in), no network.
 *
 * After every step: each connected person's last `room:state` is exactly their projection of the
 * room now; every notification went only to someone entitled to it when it was sent (checked
 * against the room as it was at that moment, independently of the policy code): chat of a space
 * only to its members and mediators, a private line only to its owner and mediators, typing only
 * within the typer's space, knock answers only to the knocker, broadcasts only where addressed,
 * caption lines only to who is in the captioner's space (mediators elsewhere included), an
 * interpreter and a captioner always where whom they serve is,
 * nothing but their own view to the waiting room; removed people and an ended room's people get
 * nothing more; chat history only holds what the reader could read.
 *
 * Replays exactly by seed: `ROOM_FUZZ_SEED=7 pnpm exec vitest run src/signalling/room/room.fuzz.test.ts`.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  isMediatorRole,
  LOBBY,
  type Binding,
  type CaptionLine,
  projectRoom,
  requestSchemas,
  sessionSettingsSchema,
  type ChatMessage,
  type RequestName,
  type Role,
  type RoomView,
  type SpaceId,
} from '@mediation/shared';
import type { AppContext, ParticipantRecord, SessionRecord } from '../../contracts.js';
import type { ServerSocket } from '../egress.js';
import { PeerMedia } from '../media/peerMedia.js';
import type { SessionRouter } from '../media/sessionRouter.js';
import { runCommand, type RoomRequest } from './commands.js';
import { Room, type Member } from './room.js';
import { fuzzCast } from './fuzzCast.js';
import { Dice } from './seededRandom.js';
import { isOnline, RoomState, type RoomEnv } from './roomState.js';


const SEEDS = 60;
const STEPS = 150;

/** Seeds that once failed, each with what it found. Kept as named tests. */
const REGRESSIONS: ReadonlyArray<{ seed: number; found: string }> = [];

/** The shared cast, plus Ana's interpreter and a captioner for side B (they follow them). */
const CAST: Array<{ id: string; role: Role; side: string | null; interpretsFor?: Binding }> = [
  ...fuzzCast('r'),
  { id: 'r-int-08', role: 'interpreter', side: 'A', interpretsFor: { participantId: 'r-ana-03' } },
  { id: 'r-cap-09', role: 'captioner', side: 'B', interpretsFor: { side: 'B' } },
];

/** Where someone was when a notification reached them, as the room said at that moment. */
interface Delivery {
  to: string;
  event: string;
  payload: unknown;
  /** The receiver's space and role then; null when the room no longer had them online. */
  at: { space: SpaceId; role: Role } | null;
  /** Every person's space then (for the sender's side of the check). */
  spaces: ReadonlyMap<string, SpaceId>;
  removed: boolean;
  ended: boolean;
}

class Harness extends Dice {
  readonly records = new Map<string, ParticipantRecord>();
  readonly room: Room;
  readonly deliveries: Delivery[] = [];
  readonly trace: string[] = [];
  /** Connections by participant: the live one and every earlier one (a takeover leaves the old socket). */
  readonly sockets = new Map<string, { member: Member; closed: boolean }[]>();
  /** Who sent each knock, by knock id. */
  readonly knockers = new Map<string, string>();
  /** An hour ahead of the real clock: the room's countdowns run on real timers, and none of them
   * (at most 11 minutes) may fire during a run, so the steps replay the same way every time. */
  private clock = Date.now() + 3_600_000;
  private ids = 0;

  constructor(seed: number) {
    super(seed);
    for (const p of CAST) {
      this.records.set(p.id, {
        id: p.id, sessionId: 'sess-room', displayName: `Person ${p.id.slice(2, 5)}`, role: p.role, side: p.side, plannedSpace: null,
        tokenId: `t-${p.id}`, token: 'x', expiresAt: 0, revoked: false, createdAt: 0, interpretsFor: p.interpretsFor ?? null,
      });
    }
    const session: SessionRecord = {
      id: 'sess-room', title: 'Room fuzz', lobbyMessage: 'wait', createdAt: 0, endedAt: null,
      settings: sessionSettingsSchema.parse({ waitingRoom: this.rnd() < 0.7, allowRoaming: this.rnd() < 0.4, keepCaptions: this.rnd() < 0.5 }),
    };
    const env: RoomEnv = { now: () => this.clock, uuid: () => `00000000-0000-4000-8000-${String(++this.ids).padStart(12, '0')}`, newCaucusId: () => `caucus:room${String(++this.ids).padStart(4, '0')}` };
    const state = new RoomState(session, [...this.records.values()], env);
    const sessions = {
      getParticipant: async (id: string) => this.records.get(id) ?? null,
      listParticipants: async () => [...this.records.values()],
      updateSession: async () => undefined,
      updateParticipant: async (id: string, patch: Partial<ParticipantRecord>) => {
        const r = this.records.get(id);
        if (r) this.records.set(id, { ...r, ...patch });
      },
      listAudit: async () => [],
      saveRoomSeats: async () => undefined,
      clearRoomSeats: async () => undefined,
    };
    const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
    const ctx = {
      log: quiet,
      audit: async () => undefined,
      // No agreement to mediate is required here (the admission gate has its own tests).
      stores: { sessions, intake: { agreementToMediate: { getRequirement: async () => null, listSignatures: async () => [] }, plans: { get: async () => null } } },
      hooks: { spaceChanged: () => undefined, settingsChanged: () => undefined, phaseChanged: () => undefined },
      // As the app: the link is withdrawn, then the signalling feature hears `participantRevoked`.
      revokeParticipant: async (_sessionId: string, participantId: string) => {
        const r = this.records.get(participantId);
        if (r) this.records.set(participantId, { ...r, revoked: true });
        void this.room.run(() => this.room.remove(participantId, 'revoked'));
      },
    } as unknown as AppContext;
    const sfu = { levels: new EventEmitter(), router: { canConsume: () => false, rtpCapabilities: {} }, close: () => undefined } as unknown as SessionRouter;
    this.room = new Room(state, { ctx, sfu, spaceChanged: () => undefined, ended: () => undefined, emptied: () => undefined });
  }

  /** A stand-in socket that records what the room sends, with where the receiver was at that moment. */
  newMember(participantId: string): Member {
    const entry = { member: null as unknown as Member, closed: false };
    const socket = {
      emit: (event: string, payload: unknown) => {
        const state = this.room.state;
        const p = state.person(participantId);
        const live = this.room.members.get(participantId) === entry.member;
        this.deliveries.push({
          to: participantId, event, payload: structuredClone(payload),
          at: p && isOnline(p) && live ? { space: p.space, role: p.role } : null,
          spaces: new Map(state.everyone().map((x) => [x.id, x.space])),
          removed: !p, ended: state.ended,
        });
        return true;
      },
      disconnect: () => {
        entry.closed = true;
      },
    } as unknown as ServerSocket;
    entry.member = { participantId, socket, media: new PeerMedia() };
    this.sockets.set(participantId, [...(this.sockets.get(participantId) ?? []), entry]);
    return entry.member;
  }

  /** Mostly someone connected (so commands do something), sometimes anyone or a stranger. */
  anyId(): string {
    const online = [...this.room.members.keys()];
    if (online.length > 0 && this.chance(0.7)) return this.pick(online)!;
    return this.pick([...CAST.map((p) => p.id), 'r-nobody-99'])!;
  }

  /** Someone to connect: mostly someone who is not connected yet. */
  joiner(): string {
    const away = CAST.map((p) => p.id).filter((id) => !this.room.members.has(id));
    return away.length > 0 && this.chance(0.8) ? this.pick(away)! : this.anyId();
  }

  anySpace(): SpaceId {
    const spaces = this.room.state.spaceList().map((s) => s.id);
    return this.pick(this.chance(0.9) ? spaces : [...spaces, 'caucus:gone'])!;
  }

  /** A random request payload for `event` (sometimes one the schema refuses). */
  payloadFor(event: RoomRequest): unknown {
    const ids = () => Array.from({ length: 1 + this.int(2) }, () => this.anyId());
    const text = (kind: string) => `${kind}-${this.seed}-${++this.ids}`;
    switch (event) {
      case 'chat:send': {
        const to = this.chance(0.5) ? { kind: 'space' } : this.chance(0.5) ? { kind: 'mediators' } : { kind: 'participant', participantId: this.anyId() };
        return { to, text: text('chat') };
      }
      case 'typing:set': return { active: this.chance(0.6) };
      case 'knock:send': return { message: text('knock') };
      case 'hand:set': return { raised: this.chance(0.6) };
      case 'space:enter': return { space: this.anySpace() };
      case 'name:propose': return { displayName: `Proposed ${this.int(50)}` };
      case 'control:admit': return this.chance(0.3) ? { all: true } : { participantIds: ids() };
      case 'control:hold': return { participantIds: ids() };
      case 'control:move': return { participantIds: ids(), to: this.anySpace() };
      case 'control:createSpace': return { name: `Room ${this.int(100)}` };
      case 'control:renameSpace': return { space: this.anySpace(), name: `Renamed ${this.int(100)}` };
      case 'control:closeSpace': return { space: this.anySpace(), sendTo: this.anySpace() };
      case 'control:broadcast': return { text: text('broadcast'), to: this.chance(0.4) ? 'all' : this.anySpace() };
      case 'control:setTimer': return { space: this.anySpace(), seconds: this.chance(0.3) ? null : 60 + this.int(600), label: 'Time' };
      case 'control:answerKnock': return { knockId: this.pick([...this.knockers.keys()]) ?? '00000000-0000-4000-8000-000000000000', join: this.chance(0.5), ...(this.chance(0.5) ? { reply: text('reply') } : {}) };
      case 'control:setLobbyMessage': return { text: 'Please wait' };
      case 'control:updateSettings': return this.chance(0.5) ? { waitingRoom: this.chance(0.5) } : { allowRoaming: this.chance(0.5) };
      case 'control:planAssignment': return { participantId: this.anyId(), space: this.chance(0.3) ? null : this.anySpace() };
      case 'control:remove': return { participantId: this.anyId() };
      case 'control:renameParticipant': return { participantId: this.anyId(), displayName: `Renamed ${this.int(50)}` };
      case 'control:answerNameProposal': return { participantId: this.anyId(), approve: this.chance(0.5) };
      case 'caption:send': return { text: text('caption') };
      case 'control:bind': return { participantId: this.chance(0.7) ? this.pick(['r-int-08', 'r-cap-09'])! : this.anyId(), interpretsFor: this.chance(0.2) ? null : this.chance(0.6) ? { participantId: this.anyId() } : { side: this.pick(['A', 'B'])! } };
      default: return {};
    }
  }

  /** One step: a connection event or a request from someone connected. */
  async step(): Promise<string> {
    this.clock += 1 + this.int(3000);
    const room = this.room;
    const roll = this.rnd();
    // Fewer than three connected: mostly someone joins.
    if (roll < 0.12 || (room.members.size < 3 && this.chance(0.6))) {
      const id = this.joiner();
      const member = this.newMember(id);
      const r = await room.run(() => room.join(member));
      return `join ${id} -> ${r.ok ? r.data.room.self.space : r.error.code}`;
    }
    if (roll < 0.16) {
      const m = this.pick([...room.members.values()]);
      if (!m) return 'disconnect (nobody)';
      await room.run(() => room.detach(m, 'disconnected'));
      return `disconnect ${m.participantId}`;
    }
    if (roll < 0.165) {
      const id = this.anyId();
      await this.room.ctx.revokeParticipant(room.sessionId, id, { id: 'admin', name: 'Admin' });
      return `revoke ${id}`;
    }
    const member = this.pick([...room.members.values()]);
    if (!member) return 'request (nobody connected)';
    const mediator = isMediatorRole(room.state.person(member.participantId)?.role ?? 'party');
    const events = (Object.keys(requestSchemas) as RequestName[]).filter((e): e is RoomRequest =>
      e !== 'session:join' && !e.startsWith('media:') && (mediator || !e.startsWith('control:') || this.chance(0.05)) && (e !== 'control:endSession' || this.chance(0.3)) && (e !== 'session:leave' || this.chance(0.2)));
    // Mediators mostly move people around: caucuses and moves are where isolation is at stake.
    const moving: RoomRequest[] = ['control:move', 'control:move', 'control:createSpace', 'control:closeSpace', 'control:admit', 'control:hold', 'control:allToJoint'];
    const event = mediator && this.chance(0.35) ? this.pick(moving)! : this.pick(events)!;
    const parsed = requestSchemas[event].safeParse(this.payloadFor(event));
    if (!parsed.success) return `${event} (bad payload)`;
    const r = await room.run(() => runCommand(room, member, event, parsed.data as never));
    if (event === 'knock:send' && r.ok) this.knockers.set((r.data as { knock: { id: string } }).knock.id, member.participantId);
    if (event === 'chat:history' && r.ok) checkHistory(this, member.participantId, (r.data as { messages: ChatMessage[] }).messages);
    return `${member.participantId} ${event} -> ${r.ok ? 'ok' : r.error.code}`;
  }

  /** Lets queued work (media after moves, the end's deferred shutdown) finish. */
  async settle(): Promise<void> {
    await this.room.run(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    await this.room.run(() => undefined);
  }
}

function fail(message: string): never {
  throw new Error(message);
}

/** Everyone connected holds, as their last room:state, exactly their projection of the room now. */
function checkViewsCurrent(h: Harness): void {
  if (h.room.isClosed) return;
  const snap = h.room.state.snapshot();
  for (const m of h.room.members.values()) {
    const last = [...h.deliveries].reverse().find((d) => d.to === m.participantId && d.event === 'room:state');
    const expected = projectRoom(snap, m.participantId);
    if (!last) fail(`${m.participantId} never got a room view`);
    if (JSON.stringify(last.payload) !== JSON.stringify(expected)) fail(`${m.participantId}'s last room view is stale`);
  }
}

/** Each notification went only to someone entitled to it at that moment. */
function checkDelivery(h: Harness, d: Delivery): void {
  const who = `${d.event} to ${d.to}`;
  if (d.event === 'session:closed') return;
  if (d.removed) fail(`${who} after they were removed`);
  if (!d.at) fail(`${who}, who was not in the room`);
  const mediator = isMediatorRole(d.at.role);
  if (d.at.space === LOBBY && !mediator && d.event !== 'room:state') fail(`${who} in the waiting room`);
  switch (d.event) {
    case 'room:state': {
      const view = d.payload as RoomView;
      if (view.self.id !== d.to) fail(`${who} carries ${view.self.id}'s view`);
      // Everyone in the cast is known from the start: not among `spaces` then means removed then.
      const text = JSON.stringify(view);
      for (const { id } of CAST) if (!d.spaces.has(id) && text.includes(id)) fail(`${who} mentions removed ${id}`);
      return;
    }
    case 'chat:message': {
      const m = d.payload as ChatMessage;
      if (mediator) return;
      if (m.thread.startsWith('dm:')) {
        if (m.thread !== `dm:${d.to}`) fail(`${who}: someone else's private line (${m.thread})`);
      } else if (m.thread !== d.at.space) fail(`${who} in ${d.at.space}: chat of ${m.thread}`);
      return;
    }
    case 'typing:update': {
      const { participantId } = d.payload as { participantId: string };
      if (participantId === d.to) fail(`${who}: their own typing`);
      if (d.spaces.get(participantId) !== d.at.space) fail(`${who} in ${d.at.space}: typing of ${participantId} in ${d.spaces.get(participantId)}`);
      return;
    }
    case 'knock:answered': {
      const { knockId } = d.payload as { knockId: string };
      if (h.knockers.get(knockId) !== d.to) fail(`${who}: the answer to someone else's knock`);
      return;
    }
    case 'broadcast:message': {
      const { to } = d.payload as { to: string };
      if (!mediator && to !== 'all' && to !== d.at.space) fail(`${who} in ${d.at.space}: a broadcast to ${to}`);
      return;
    }
    case 'caption:line': {
      // What is said in a space: only those in it, a mediator elsewhere no more than anyone.
      const line = d.payload as CaptionLine;
      if (d.spaces.get(line.fromId) !== d.at.space) fail(`${who} in ${d.at.space}: a caption from ${d.spaces.get(line.fromId)}`);
      return;
    }
    case 'timer:expired': {
      const { space } = d.payload as { space: SpaceId };
      if (!mediator && space !== d.at.space) fail(`${who} in ${d.at.space}: the timer of ${space}`);
      return;
    }
    default:
      fail(`${who}: unexpected notification`);
  }
}

/** An interpreter (bound to Ana) is in her space whenever both are let in; a side's captioner is
 * in a space with someone of that side whenever anyone of it is let in (room/follow.ts). */
function checkFollowers(h: Harness): void {
  const people = h.room.state.everyone();
  const served = (p: (typeof people)[number]) => p.state !== 'invited' && p.space !== LOBBY && !isMediatorRole(p.role) && p.role !== 'interpreter' && p.role !== 'captioner';
  for (const f of people) {
    if (!f.interpretsFor || f.state === 'invited' || f.space === LOBBY) continue;
    const b = f.interpretsFor;
    const mine = 'participantId' in b ? people.filter((p) => p.id === b.participantId && served(p)) : people.filter((p) => p.side === b.side && served(p));
    if (mine.length > 0 && !mine.some((p) => p.space === f.space)) fail(`${f.id} is in ${f.space}, away from whom they serve (${mine.map((p) => `${p.id}@${p.space}`)})`);
  }
}

/** `chat:history` holds only the reader's space and private line (mediators read everything). */
function checkHistory(h: Harness, reader: string, messages: ChatMessage[]): void {
  const p = h.room.state.person(reader);
  if (!p || isMediatorRole(p.role)) return;
  for (const m of messages) if (m.thread !== p.space && m.thread !== `dm:${reader}`) fail(`chat history of ${reader} (in ${p.space}) holds ${m.thread}`);
}

async function runRoomSeed(seed: number, steps = STEPS): Promise<{ deliveries: number; captions: number; ended: boolean }> {
  const h = new Harness(seed);
  let checked = 0;
  try {
    for (let i = 0; i < steps; i++) {
      let what = '';
      try {
        what = await h.step();
        await h.settle();
        h.trace.push(`${i}: ${what}`);
        for (; checked < h.deliveries.length; checked++) checkDelivery(h, h.deliveries[checked]!);
        checkFollowers(h);
        checkViewsCurrent(h);
        // Nothing is sent to an ended room's people once it shut down.
        if (h.room.isClosed && h.room.members.size > 0) fail('a closed room still has members');
        for (const p of h.room.state.everyone()) if (isOnline(p) !== h.room.members.has(p.id) && !h.room.isClosed) fail(`${p.id} is ${p.state} but ${h.room.members.has(p.id) ? 'connected' : 'not connected'}`);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`room fuzz seed ${seed} failed at step ${i} (${what}) (replay: ROOM_FUZZ_SEED=${seed}): ${msg}\n  last steps:\n  ${h.trace.slice(-20).join('\n  ')}`, { cause: err });
      }
    }
    return { deliveries: h.deliveries.length, captions: h.deliveries.filter((d) => d.event === 'caption:line').length, ended: h.room.state.ended };
  } finally {
    h.room.close();
  }
}

describe('room fuzz (handlers, commit, egress)', () => {
  const only = process.env.ROOM_FUZZ_SEED ? Number(process.env.ROOM_FUZZ_SEED) : null;

  it(only !== null ? `replays seed ${only}` : `sends each person only what they are entitled to over ${SEEDS} seeds × ${STEPS} steps`, async () => {
    const seeds = only !== null ? [only] : Array.from({ length: SEEDS }, (_, i) => i + 1);
    let deliveries = 0;
    let captions = 0;
    let ended = 0;
    for (const seed of seeds) {
      const r = await runRoomSeed(seed);
      deliveries += r.deliveries;
      captions += r.captions;
      if (r.ended) ended++;
    }
    // The fuzz must make the room talk, and end some sessions.
    expect(deliveries).toBeGreaterThan(seeds.length * 20);
    if (only === null) expect(captions).toBeGreaterThan(0);
    if (only === null) expect(ended).toBeGreaterThan(0);
  }, 120_000);

  for (const { seed, found } of REGRESSIONS) {
    it(`seed ${seed}: ${found}`, async () => {
      await expect(runRoomSeed(seed)).resolves.toBeDefined();
    });
  }
});
