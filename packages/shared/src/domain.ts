import { z } from 'zod';
import { humanIdentifier } from './names.js';

export const ROLES = ['mediator', 'comediator', 'party', 'attorney', 'observer', 'interpreter'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles with the mediator's powers (admit, move, broadcast, ...). */
export const MEDIATOR_ROLES: readonly Role[] = ['mediator', 'comediator'];
export const isMediatorRole = (role: Role): boolean => MEDIATOR_ROLES.includes(role);

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'malformed id');

/** A side is a free label ("Claimant", "Respondent"); mediators and neutral observers have none. */
export const sideSchema = humanIdentifier({ label: 'side', max: 40 }).nullable();
export type Side = z.infer<typeof sideSchema>;

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
});
/** Some settings to change; absent ones stay as they are. */
export const sessionSettingsPatchSchema = sessionSettingsFields.partial();
export type SessionSettingsPatch = z.infer<typeof sessionSettingsPatchSchema>;

export const sessionSettingsSchema = z.object({
  waitingRoom: sessionSettingsFields.shape.waitingRoom.default(true),
  allowRoaming: sessionSettingsFields.shape.allowRoaming.default(false),
  partiesEditAgreement: sessionSettingsFields.shape.partiesEditAgreement.default(false),
  capacity: sessionSettingsFields.shape.capacity.default(12),
});
export type SessionSettings = z.infer<typeof sessionSettingsSchema>;

export const inviteSpecSchema = z.object({
  displayName: displayNameSchema,
  role: roleSchema,
  side: sideSchema.default(null),
  /** Space to place them in when admitted (planned assignment). */
  plannedSpace: spaceIdSchema.optional(),
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
