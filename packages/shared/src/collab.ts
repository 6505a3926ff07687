/**
 * Yjs documents and who may open them. Document names are `<sessionId>/<kind>/<scope>`:
 *   board/joint, board/caucus:<id>  the option-brainstorming boards
 *   agreement/joint                 the settlement agreement
 *   draft/caucus:<id>               a side's private draft in its caucus
 *   notes/mediators                 mediator-only notes
 * The scope is a space id; the isolation policy (`canReceive(..., 'doc')`) decides access.
 */
import { z } from 'zod';
import { idSchema, isMediatorRole, JOINT, spaceIdSchema, type SpaceId } from './domain.js';
import { can, canReceive, type Viewer } from './policy.js';

export const DOC_KINDS = ['board', 'agreement', 'draft', 'notes'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const docNameSchema = z.string().max(200).transform((name, ctx) => {
  const [sessionId, kind, scope, ...rest] = name.split('/');
  const session = idSchema.safeParse(sessionId);
  const docKind = z.enum(DOC_KINDS).safeParse(kind);
  if (!session.success || !docKind.success || rest.length > 0 || scope === undefined) {
    ctx.addIssue({ code: 'custom', message: 'unknown document name' });
    return z.NEVER;
  }
  if (docKind.data === 'notes') {
    if (scope !== 'mediators') { ctx.addIssue({ code: 'custom', message: 'unknown notes scope' }); return z.NEVER; }
    return { sessionId: session.data, kind: docKind.data, scope: 'mediators' as const };
  }
  const space = spaceIdSchema.safeParse(scope);
  if (!space.success || space.data === 'lobby' || (docKind.data === 'agreement' && space.data !== JOINT) || (docKind.data === 'draft' && space.data === JOINT)) {
    ctx.addIssue({ code: 'custom', message: 'unknown document scope' });
    return z.NEVER;
  }
  return { sessionId: session.data, kind: docKind.data, scope: space.data as SpaceId };
});
export type DocRef = z.output<typeof docNameSchema>;

export const docName = (sessionId: string, kind: DocKind, scope: string): string => `${sessionId}/${kind}/${scope}`;

/** 'suggest': the update is accepted only if all it does is the sender's own suggestions
 * (parties on the agreement; the server's suggestion guard judges each update). */
export type DocAccess = 'write' | 'suggest' | 'read' | 'none';

/** Who may open a document, and whether their updates are accepted. */
export function docAccess(viewer: Viewer, doc: DocRef, opts: { partiesEditAgreement?: boolean } = {}): DocAccess {
  if (doc.kind === 'notes') return isMediatorRole(viewer.role) ? 'write' : 'none';
  if (!canReceive(viewer, doc.scope, 'doc')) return 'none';
  if (doc.kind === 'agreement') {
    // Parties suggest by typing in suggest mode (the server lets only their suggestions through)
    // unless the session lets them edit.
    if (can(viewer.role, 'editAgreement') || (opts.partiesEditAgreement && viewer.role === 'party')) return 'write';
    return can(viewer.role, 'suggestAgreement') ? 'suggest' : 'read';
  }
  return can(viewer.role, 'editBoard') ? 'write' : 'read';
}
