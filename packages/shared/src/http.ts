/** HTTP API bodies. Invite tokens travel in the URL fragment (`/join#t=...`) so they never reach
 * server logs or Referer headers; the client posts them to the API in the Authorization header. */
import { z } from 'zod';
import { displayNameSchema, idSchema, inviteSpecSchema, roleSchema, sessionSettingsPatchSchema, sessionTitleSchema, sideSchema, spaceIdSchema } from './domain.js';

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
});
export type InviteInfo = z.infer<typeof inviteInfoSchema>;

export const PROTOCOL_HEADER = 'x-protocol-version';
