import { z } from 'zod';
import { humanIdentifier } from './names.js';

export const ROLES = ['mediator', 'comediator', 'party', 'attorney', 'observer', 'interpreter', 'captioner'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles with the mediator's powers (admit, move, broadcast, ...). */
export const MEDIATOR_ROLES: readonly Role[] = ['mediator', 'comediator'];
export const isMediatorRole = (role: Role): boolean => MEDIATOR_ROLES.includes(role);

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'malformed id');

/** A side is a free label ("Claimant", "Respondent"); mediators and neutral observers have none. */
export const sideSchema = humanIdentifier({ label: 'side', max: 40 }).nullable();
export type Side = z.infer<typeof sideSchema>;

/**
 * Interpreters and captioners (CART) serve one person or one side and follow them between spaces
 * (server/src/signalling/README.md, "Interpreters and captioners follow their person").
 */
export const FOLLOWER_ROLES: readonly Role[] = ['interpreter', 'captioner'];
export const isFollowerRole = (role: Role): boolean => FOLLOWER_ROLES.includes(role);

/** Whom a follower serves: one participant of the session, or everyone of one side. */
export const bindingSchema = z.union([
  z.object({ participantId: idSchema }).strict(),
  z.object({ side: humanIdentifier({ label: 'side', max: 40 }) }).strict(),
]);
export type Binding = z.infer<typeof bindingSchema>;

/** The language an interpreter speaks to the person ("Spanish"), as the mediator types it. */
export const interpretationLanguageSchema = humanIdentifier({ label: 'language', max: 40 });

export const displayNameSchema = humanIdentifier({ label: 'name', max: 60 });
/** A caucus's (or the joint room's) name, as mediators type it. */
export const spaceNameSchema = humanIdentifier({ label: 'room name', max: 60 });

/** Spaces: the waiting room, the joint room, or a caucus. */
export const LOBBY = 'lobby' as const;
export const JOINT = 'joint' as const;
export const spaceIdSchema = z.union([
  z.literal(LOBBY),
  z.literal(JOINT),
  z.string().regex(/^caucus:[A-Za-z0-9_-]{4,40}$/, 'malformed space id'),
]);
export type SpaceId = z.infer<typeof spaceIdSchema>;
export const isCaucus = (space: SpaceId): boolean => space.startsWith('caucus:');

export const sessionTitleSchema = humanIdentifier({ label: 'title', max: 120 });

/** The settings' fields without defaults: a patch must never fill in a field it did not name
 * (zod's `.partial()` keeps defaults, which silently reset untouched settings). */
const sessionSettingsFields = z.object({
  waitingRoom: z.boolean(),
  /** Parties may move themselves between spaces (off by default: "no roaming"). */
  allowRoaming: z.boolean(),
  /** Parties may edit the agreement directly instead of only suggesting. */
  partiesEditAgreement: z.boolean(),
  capacity: z.number().int().min(2).max(50),
  /** Live captions are kept (per space, for who was there) so a late joiner or a reload can read
   * them back. Off by default: the server then keeps no caption at all. */
  keepCaptions: z.boolean(),
});
/** Some settings to change; absent ones stay as they are. */
export const sessionSettingsPatchSchema = sessionSettingsFields.partial();
export type SessionSettingsPatch = z.infer<typeof sessionSettingsPatchSchema>;

export const sessionSettingsSchema = z.object({
  waitingRoom: sessionSettingsFields.shape.waitingRoom.default(true),
  allowRoaming: sessionSettingsFields.shape.allowRoaming.default(false),
  partiesEditAgreement: sessionSettingsFields.shape.partiesEditAgreement.default(false),
  capacity: sessionSettingsFields.shape.capacity.default(12),
  keepCaptions: sessionSettingsFields.shape.keepCaptions.default(false),
});
export type SessionSettings = z.infer<typeof sessionSettingsSchema>;

export const inviteSpecSchema = z.object({
  displayName: displayNameSchema,
  role: roleSchema,
  side: sideSchema.default(null),
  /** Space to place them in when admitted (planned assignment). */
  plannedSpace: spaceIdSchema.optional(),
  /** Interpreters and captioners: whom they serve (they follow that person or side between spaces).
   * Checked against the session by the server (`bindingProblem`). */
  interpretsFor: bindingSchema.optional(),
  /** Interpreters: the language they interpret into ("Spanish"); not the interface language. */
  interpretationLanguage: interpretationLanguageSchema.optional(),
});
export type InviteSpec = z.infer<typeof inviteSpecSchema>;

/** What a participant looks like on the wire (never includes tokens). */
export const participantViewSchema = z.object({
  id: idSchema,
  displayName: z.string(),
  role: roleSchema,
  side: sideSchema,
  online: z.boolean(),
  /** Exact space for people the viewer may locate; coarse 'caucus' otherwise. */
  whereabouts: z.union([spaceIdSchema, z.literal('caucus'), z.literal('offline')]),
  audioMuted: z.boolean().optional(),
  videoMuted: z.boolean().optional(),
  handRaised: z.boolean().optional(),
  /** A name correction this person asked for, waiting for a mediator (shown to mediators and to
   * the person themself only). */
  proposedName: z.string().optional(),
  /** Interpreters and captioners: whom they serve ("Interpreter for Ana (Spanish)"). */
  interpretsFor: bindingSchema.optional(),
  interpretationLanguage: z.string().optional(),
});
export type ParticipantView = z.infer<typeof participantViewSchema>;

export const spaceViewSchema = z.object({
  id: spaceIdSchema,
  name: z.string(),
  memberIds: z.array(idSchema),
  /** Epoch ms when the countdown ends, or null. */
  timerEndsAt: z.number().nullable(),
  timerLabel: z.string().nullable(),
  /** The countdown reached zero and the mediator has not cleared or restarted it ("time is up"). */
  timerExpired: z.boolean().optional(),
  /** Mediators only: is someone talking there right now, and when a mediator last visited. */
  talking: z.boolean().optional(),
  mediatorLastVisitAt: z.number().nullable().optional(),
  mediatorPresent: z.boolean(),
});
export type SpaceView = z.infer<typeof spaceViewSchema>;

/**
 * A session's phase, derived from its stored record (never kept as a separate flag):
 * - scheduled: set up for a later time, not yet open (no session is scheduled yet; the phase exists
 *   so intake and agreement-to-mediate work can come before the room);
 * - live: the room is open;
 * - ended: the mediator ended it; its people may still read and export what they were entitled to
 *   (`recordAccess` in policy.ts) for the retention period the practice sets;
 * - archived: the retention period is over; only mediators can still read the record.
 */
export const SESSION_PHASES = ['scheduled', 'live', 'ended', 'archived'] as const;
export const sessionPhaseSchema = z.enum(SESSION_PHASES);
export type SessionPhase = z.infer<typeof sessionPhaseSchema>;

/** How long an ended session's record stays readable by its people, unless the practice sets it. */
export const DEFAULT_RETENTION_DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;

export interface PhaseFields {
  endedAt: number | null;
  /** When the session is to open, if it was scheduled for later. */
  scheduledFor?: number | null;
}

export function sessionPhase(rec: PhaseFields, now: number, retentionDays: number = DEFAULT_RETENTION_DAYS): SessionPhase {
  if (rec.endedAt === null) return rec.scheduledFor != null && now < rec.scheduledFor ? 'scheduled' : 'live';
  return now < rec.endedAt + retentionDays * DAY_MS ? 'ended' : 'archived';
}

/** Until when an ended session's record is readable by its people (epoch ms), or null while not ended. */
export function retainedUntil(rec: PhaseFields, retentionDays: number = DEFAULT_RETENTION_DAYS): number | null {
  return rec.endedAt === null ? null : rec.endedAt + retentionDays * DAY_MS;
}

/**
 * A person's state in a session, derived from what the server knows of them:
 * invited (has a link, never came in), waiting (in the waiting room), present (in the joint room
 * or a caucus), offline (came in before, not connected now), removed (link withdrawn or removed).
 */
export const PERSON_STATES = ['invited', 'waiting', 'present', 'offline', 'removed'] as const;
export const personStateSchema = z.enum(PERSON_STATES);
export type PersonState = z.infer<typeof personStateSchema>;

export interface PersonFields {
  revoked: boolean;
  /** Removed from the room by the mediator (their link may still exist). */
  removed?: boolean;
  /** Has joined the room at least once. */
  joined: boolean;
  online: boolean;
  /** Where they are when online. */
  space: SpaceId | null;
}

export function personState(p: PersonFields): PersonState {
  if (p.revoked || p.removed) return 'removed';
  if (!p.joined) return 'invited';
  if (!p.online || p.space === null) return 'offline';
  return p.space === LOBBY ? 'waiting' : 'present';
}
