/**
 * The isolation policy: the one place that says who may receive what.
 * The server's egress path calls `canReceive` for every message it sends; nothing else decides.
 * Pure functions only, so they are unit-tested exhaustively and shared with the client (which uses
 * them only to explain, never to enforce).
 */
import { isMediatorRole, JOINT, LOBBY, type Role, type SessionPhase, type SpaceId } from './domain.js';

export interface Viewer {
  id: string;
  role: Role;
  space: SpaceId;
}

/**
 * What travels. Space-scoped channels carry things said or done inside one space.
 * - media, speaking, typing: live signals; only for people physically in that space (mediators too:
 *   a mediator hears a caucus only by being in it).
 * - chat: space chat; members of the space, plus mediators (who may read every space's chat).
 * - timer, presence: the space's own countdown and exact member list; members and mediators.
 * - broadcast: a mediator's message to a space; its members, and mediators.
 * - doc: Yjs documents scoped to the space (board, private drafts); members and mediators.
 * - activity: the coarse "is someone talking there" flag for the control tower; mediators only.
 * - captions: live caption lines (CART), a written form of what is being said: like media, only
 *   for people physically in that space (a mediator elsewhere does not read a caucus's captions).
 *
 * Interpreters and captioners need no rule of their own: they are moved with the person they serve
 * (server/src/signalling/room/follow.ts), so "the space they are in" is that person's space, and
 * they carry that person's side for side-scoped material (board scores, caucus generations).
 */
export type Channel =
  | 'media'
  | 'speaking'
  | 'typing'
  | 'chat'
  | 'timer'
  | 'presence'
  | 'broadcast'
  | 'doc'
  | 'activity'
  | 'captions';

const LIVE_CHANNELS: ReadonlySet<Channel> = new Set(['media', 'speaking', 'typing', 'captions']);

/**
 * A connection that has not joined: the join page connects early (socket, media device, both
 * transports with ICE and DTLS done) while the person looks at their preview. It is nobody in the
 * room, not even the waiting room: it receives nothing on any channel, whatever the space.
 */
export const PREJOINED = Object.freeze({ prejoined: true } as const);
export type Prejoined = typeof PREJOINED;

export function canReceive(viewer: Viewer | Prejoined, sourceSpace: SpaceId, channel: Channel): boolean {
  if (viewer === PREJOINED || 'prejoined' in viewer) return false;
  const mediator = isMediatorRole(viewer.role);
  if (channel === 'activity') return mediator;
  // Nothing said in a room reaches the waiting room, and nothing from the waiting room is "said"
  // anywhere except to mediators (who admit people).
  if (viewer.space === LOBBY && !mediator) return false;
  if (sourceSpace === LOBBY) return mediator && (channel === 'presence' || channel === 'chat' || channel === 'broadcast');
  if (LIVE_CHANNELS.has(channel)) return viewer.space === sourceSpace;
  if (viewer.space === sourceSpace) return true;
  return mediator;
}

/** Actions a role may perform; checked on every request before any state changes. */
export type Action =
  | 'control' // admit, hold, move, spaces, broadcast, timers, audit, invites
  | 'produce' // send audio/video
  | 'chat'
  | 'knock'
  | 'roam' // choose own space, when the session allows it
  | 'editBoard'
  | 'editAgreement'
  | 'suggestAgreement'
  | 'sign'
  | 'messageMediator' // the private line to the mediators (observers included: their only way to write)
  | 'caption'; // send live caption lines (CART)

export function can(role: Role, action: Action): boolean {
  switch (action) {
    case 'control':
      return isMediatorRole(role);
    case 'produce':
      // A captioner types; they need no camera or microphone.
      return role !== 'observer' && role !== 'captioner';
    case 'chat':
      return role !== 'observer';
    case 'knock':
    case 'roam':
      return !isMediatorRole(role) && role !== 'observer';
    case 'editBoard':
      return role !== 'observer' && role !== 'captioner';
    case 'editAgreement':
      return isMediatorRole(role) || role === 'attorney';
    case 'suggestAgreement':
      return role !== 'observer' && role !== 'captioner';
    case 'sign':
      return role === 'party' || role === 'attorney';
    case 'messageMediator':
      return true;
    case 'caption':
      return role === 'captioner';
  }
}

/**
 * How precisely a viewer may know where someone else is. Mediators and members of the same space
 * see the exact space; everyone else sees only "joint", "caucus" (not which one) or "waiting".
 */
export function whereaboutsFor(viewer: Viewer, targetSpace: SpaceId): SpaceId | 'caucus' {
  if (isMediatorRole(viewer.role) || targetSpace === viewer.space) return targetSpace;
  if (targetSpace === JOINT || targetSpace === LOBBY) return targetSpace;
  return 'caucus';
}

/**
 * Phases. While a session is scheduled or live, the rules above decide everything (where you are
 * now). Once it has ended, nothing is live: no channel carries anything, nothing is writable, and
 * the record (documents and exports) is read under `recordAccess` below.
 */
export function liveChannelsOpen(phase: SessionPhase): boolean {
  return phase === 'scheduled' || phase === 'live';
}

/** What an ended session keeps: the agreement, the joint board, caucus material (a caucus's board
 * and private draft), and the mediators' notes. */
export type Holding = 'agreement' | 'joint-board' | 'caucus-material' | 'mediator-notes';
export type RecordOperation = 'read' | 'export' | 'write';

export interface RecordHolder {
  role: Role;
  /** For caucus material: it is this person's own side's (only their side ever used that caucus,
   * and they were in it), so they could read it while the session was live. */
  ownSide: boolean;
}

/**
 * Who may still read or export what after a session ended. Nothing is writable. During the
 * retention period ('ended'): mediators read everything they could read live; parties and
 * attorneys read the agreement they negotiated (signed or not), the joint board, and their own
 * side's caucus material, never another side's (caucus material stays exactly as private as it
 * was); observers and interpreters keep nothing. After it ('archived'): mediators only.
 * In 'scheduled' and 'live' this says nothing (false): access then is `canReceive`/`docAccess`.
 */
export function recordAccess(phase: SessionPhase, holder: RecordHolder, holding: Holding, op: RecordOperation): boolean {
  if (op === 'write') return false;
  if (phase !== 'ended' && phase !== 'archived') return false;
  if (isMediatorRole(holder.role)) return true;
  if (phase === 'archived') return false;
  if (holder.role !== 'party' && holder.role !== 'attorney') return false;
  switch (holding) {
    case 'agreement':
    case 'joint-board':
      return true;
    case 'caucus-material':
      return holder.ownSide;
    case 'mediator-notes':
      return false;
  }
}
