/** HTTP API bodies. Invite tokens travel in the URL fragment (`/join#t=...`) so they never reach
 * server logs or Referer headers; the client posts them to the API in the Authorization header. */
import { z } from 'zod';
import { LanguageSchema } from './language.js';
import { bindingSchema, displayNameSchema, idSchema, inviteSpecSchema, roleSchema, sessionPhaseSchema, sessionSettingsPatchSchema, sessionTitleSchema, sideSchema, spaceIdSchema } from './domain.js';

export const createSessionBodySchema = z.object({
  title: sessionTitleSchema,
  mediatorName: displayNameSchema,
  settings: sessionSettingsPatchSchema.default({}),
  invites: z.array(inviteSpecSchema).max(40).default([]),
  /** Hours until invite links expire (default 72). */
  linkTtlHours: z.number().int().min(1).max(24 * 90).default(72),
}).strict();
export type CreateSessionBody = z.input<typeof createSessionBodySchema>;

export const inviteLinkSchema = z.object({
  participantId: idSchema,
  displayName: z.string(),
  role: roleSchema,
  side: sideSchema,
  plannedSpace: spaceIdSchema.nullable(),
  /** Interpreters and captioners: whom they serve, and the interpretation's language. */
  interpretsFor: bindingSchema.optional(),
  interpretationLanguage: z.string().optional(),
  link: z.string(),
  token: z.string(),
  expiresAt: z.number(),
  revoked: z.boolean(),
});
export type InviteLink = z.infer<typeof inviteLinkSchema>;

export const createSessionResponseSchema = z.object({
  sessionId: idSchema,
  title: z.string(),
  mediator: inviteLinkSchema,
  invites: z.array(inviteLinkSchema),
});
export type CreateSessionResponse = z.infer<typeof createSessionResponseSchema>;

export const createInviteBodySchema = inviteSpecSchema.extend({
  linkTtlHours: z.number().int().min(1).max(24 * 90).default(72),
}).strict();

/** Link validity choices the mediator is offered (hours); any whole number of hours from 1 h to 90
 * days is accepted, so a "valid until" date is sent as the hours up to it. */
export const LINK_TTL_MAX_HOURS = 24 * 90;
export const linkTtlHoursSchema = z.number().int().min(1).max(LINK_TTL_MAX_HOURS);

/** Re-issue one person's link: same participant (id, name, role, side), a new link id, the old link
 * refused from then on. */
export const reissueLinkBodySchema = z.object({ linkTtlHours: linkTtlHoursSchema.default(72) }).strict();
export type ReissueLinkBody = z.input<typeof reissueLinkBodySchema>;

export const inviteListResponseSchema = z.object({ invites: z.array(inviteLinkSchema) });
export type InviteListResponse = z.infer<typeof inviteListResponseSchema>;

/** The message an old link gets after its person was given a new one (the client tells it apart
 * from a link the mediator withdrew; the code stays TOKEN_REVOKED). */
export const LINK_REPLACED_MESSAGE = 'This link was replaced by a new one. Ask the mediator for the new link.';

/** What the join page learns from a valid link before joining. */
export const inviteInfoSchema = z.object({
  sessionId: idSchema,
  title: z.string(),
  participantId: idSchema,
  displayName: z.string(),
  role: roleSchema,
  side: sideSchema,
  expiresAt: z.number(),
  waitingRoom: z.boolean(),
  /** 'ended': the link opens the session's record (the ended page with the signed agreement), not the room. */
  phase: sessionPhaseSchema.default('live'),
  endedAt: z.number().nullable().default(null),
  /** Until when the record stays readable with this link (the practice's retention period). */
  retainedUntil: z.number().nullable().default(null),
  /** The language recorded for this person (intake answer or the mediator's choice): the join
   * page suggests it; the person's own choice in their browser wins. */
  language: LanguageSchema.nullable().default(null),
});
export type InviteInfo = z.infer<typeof inviteInfoSchema>;

export const PROTOCOL_HEADER = 'x-protocol-version';
