/**
 * THE check of an invite link, for every channel that accepts one: the socket.io handshake (and
 * join), the Yjs websocket upgrade, and the HTTP API. Signature and expiry (the token service),
 * then the session and the person it names, then that it is the person's current link and was not
 * withdrawn. Each channel then decides what the session's phase allows (live room, ended record),
 * which differs by channel; who the caller is does not.
 */
import { ErrorCode, fail, LINK_REPLACED_MESSAGE, ok, type Result } from '@mediation/shared';
import type { AppContext, ParticipantRecord, SessionRecord, TokenClaims } from '../contracts.js';

export interface Principal {
  claims: TokenClaims;
  participant: ParticipantRecord;
  session: SessionRecord;
}

export const WITHDRAWN_MESSAGE = 'This link has been withdrawn by the mediator.';

export async function resolvePrincipal(ctx: Pick<AppContext, 'tokens' | 'stores'>, token: string | null | undefined): Promise<Result<Principal>> {
  if (!token) return fail(ErrorCode.UNAUTHORIZED, 'Missing invite token.');
  const verified = await ctx.tokens.verify(token);
  if (!verified.ok) return verified;
  const claims = verified.data;
  const session = await ctx.stores.sessions.getSession(claims.sessionId);
  if (!session) return fail(ErrorCode.TOKEN_INVALID, 'This link does not belong to any session.');
  const participant = await ctx.stores.sessions.getParticipant(claims.participantId);
  if (!participant || participant.sessionId !== session.id) return fail(ErrorCode.TOKEN_INVALID, 'This link does not belong to anyone in the session.');
  if (participant.revoked) return fail(ErrorCode.TOKEN_REVOKED, WITHDRAWN_MESSAGE);
  // The person is still invited but holds a newer link (re-issued): this one was replaced.
  if (participant.tokenId !== claims.jti) return fail(ErrorCode.TOKEN_REVOKED, LINK_REPLACED_MESSAGE);
  return ok({ claims, participant, session });
}
