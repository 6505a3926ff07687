/**
 * Yjs documents and who may open them. Document names are `<sessionId>/<kind>/<scope>`:
 *   board/joint, board/caucus:<id>  the option-brainstorming boards
 *   agreement/joint                 the settlement agreement
 *   draft/caucus:<id>               a side's private draft in its caucus
 *   notes/mediators                 mediator-only notes
 * The scope is a space id; the isolation policy (`canReceive(..., 'doc')`) decides access.
 *
 * Caucus documents (board and draft in a caucus) have GENERATIONS: material belongs to the people
 * or sides who were there when it was made (as chat does), and one Yjs document cannot be filtered
 * per reader, so when someone of a side outside the current generation's audience enters the
 * caucus, a new generation with fresh, empty documents starts. Generation 1 is the plain name;
 * later ones add `@<n>` to the scope: `board/caucus:abc@2`. The server decides which generations
 * a person may open (see server/src/collab/generations.ts).
 */
import { z } from 'zod';
import { idSchema, isMediatorRole, JOINT, spaceIdSchema, type Role, type SpaceId } from './domain.js';
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
  // `@<n>` (n >= 2) names a later generation of a caucus document; generation 1 has no suffix, so
  // every document has exactly one name.
  const at = scope.match(/^(caucus:[^@]*)@([1-9][0-9]{0,5})$/);
  const generation = at ? Number(at[2]) : 1;
  const space = spaceIdSchema.safeParse(at ? at[1] : scope);
  if (!space.success || space.data === 'lobby' || (docKind.data === 'agreement' && space.data !== JOINT) || (docKind.data === 'draft' && space.data === JOINT) ||
      (at && (generation < 2 || !hasGenerations(docKind.data, space.data)))) {
    ctx.addIssue({ code: 'custom', message: 'unknown document scope' });
    return z.NEVER;
  }
  return { sessionId: session.data, kind: docKind.data, scope: space.data as SpaceId, generation };
});
/** `generation` is 1 when absent (documents without generations, and a caucus's first one). */
export type DocRef = Omit<z.output<typeof docNameSchema>, 'generation'> & { generation?: number };

/** Board and draft documents of a caucus have generations (see the top of this file). */
export const hasGenerations = (kind: DocKind, scope: string): boolean => (kind === 'board' || kind === 'draft') && scope.startsWith('caucus:');

export const docName = (sessionId: string, kind: DocKind, scope: string, generation = 1): string =>
  `${sessionId}/${kind}/${scope}${generation > 1 && hasGenerations(kind, scope) ? `@${generation}` : ''}`;

/** The name of the document `ref` points to (its generation included). */
export const docNameOf = (ref: DocRef): string => docName(ref.sessionId, ref.kind, ref.scope, ref.generation ?? 1);

/**
 * Whose material a caucus generation is: each side present (non-mediators only; someone without
 * a side counts as themselves). Mediators read every generation and are never part of an audience.
 */
export function audienceKey(p: { id: string; role: Role; side: string | null }): string | null {
  if (isMediatorRole(p.role)) return null;
  return p.side ? `side:${p.side}` : `person:${p.id}`;
}

/** `GET /api/sessions/:sessionId/docs/current?kind=&space=`: which generation of a caucus
 * document the caller opens now (for other documents, the plain name). */
export const currentDocQuerySchema = z.object({
  kind: z.enum(DOC_KINDS),
  space: spaceIdSchema,
});
export const currentDocResponseSchema = z.object({ name: z.string(), generation: z.number().int().min(1) });
export type CurrentDocResponse = z.infer<typeof currentDocResponseSchema>;

/** An optional `generation` query parameter (exports of earlier generations). */
export const generationQuerySchema = z.object({ generation: z.coerce.number().int().min(1).max(999_999).optional() });

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
