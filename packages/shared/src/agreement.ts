/**
 * The agreement API (HTTP, under /api/sessions/:sessionId/agreement). Editors change the Yjs
 * document directly; everyone else suggests and comments through these requests, which the server
 * applies to the document with the author taken from the token. Positions are ProseMirror
 * positions in the joint agreement document (or in a caucus draft, for proposals).
 */
import { z } from 'zod';
import { idSchema, roleSchema, sessionPhaseSchema, sideSchema, spaceIdSchema, type Role } from './domain.js';
import { humanIdentifier } from './names.js';

/** A ProseMirror document position. */
export const docPosSchema = z.number().int().min(0).max(5_000_000);
const suggestionText = z.string().min(1).max(20_000);

/** Extra keys (e.g. a forged `authorId`) are stripped, never trusted. */
export const suggestionBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('insert'), at: docPosSchema, text: suggestionText }),
  z.object({ kind: z.literal('delete'), from: docPosSchema, to: docPosSchema }),
  z.object({ kind: z.literal('replace'), from: docPosSchema, to: docPosSchema, text: suggestionText }),
]).refine((b) => b.kind === 'insert' || b.from < b.to, 'from must be before to');
export type SuggestionBody = z.infer<typeof suggestionBodySchema>;

export const suggestionDecisionSchema = z.enum(['accept', 'reject']);
export type SuggestionDecision = z.infer<typeof suggestionDecisionSchema>;

/** Accept or reject every open suggestion by one author. */
export const bulkDecisionBodySchema = z.object({ authorId: idSchema, decision: suggestionDecisionSchema });

export const commentBodyTextSchema = z.string().trim().min(1).max(4000);
export const createThreadBodySchema = z.object({ from: docPosSchema, to: docPosSchema, body: commentBodyTextSchema })
  .refine((b) => b.from < b.to, 'from must be before to');
export const replyBodySchema = z.object({ body: commentBodyTextSchema });

export const versionNameSchema = humanIdentifier({ label: 'version name', max: 120 });
export const createVersionBodySchema = z.object({ name: versionNameSchema });
export const freezeBodySchema = z.object({ name: versionNameSchema.optional() });

export const signBodySchema = z.object({
  versionId: idSchema,
  /** The hash the signer was shown; must equal the frozen version's hash. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  typedName: z.string().trim().min(2, 'type your full name').max(120),
  confirm: z.literal(true, 'confirm that you have read the frozen version'),
});
export type SignBody = z.infer<typeof signBodySchema>;

/** Propose whole blocks (a clause) of a caucus draft into the joint agreement. */
export const proposalBodySchema = z.object({
  draftSpace: spaceIdSchema.refine((s) => s.startsWith('caucus:'), 'drafts live in a caucus'),
  from: docPosSchema,
  to: docPosSchema,
}).refine((b) => b.from < b.to, 'from must be before to');
export const approveProposalBodySchema = z.object({ at: docPosSchema.optional() });

export const exportFormatSchema = z.enum(['docx', 'pdf']);
export const exportQuerySchema = z.object({
  format: exportFormatSchema,
  /** Include pending suggestions and comment threads (off by default: clean export). */
  annotate: z.enum(['0', '1']).default('0'),
});

export const templateBodySchema = z.object({ replace: z.boolean().default(false) });

// ---- views ----

export const authorSchema = z.object({ id: z.string(), name: z.string() });
export type Author = z.infer<typeof authorSchema>;

export const suggestionViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['insert', 'delete', 'replace']),
  author: authorSchema,
  at: z.number(),
  inserted: z.string(),
  deleted: z.string(),
});
export type SuggestionView = z.infer<typeof suggestionViewSchema>;

export const commentViewSchema = z.object({ id: z.string(), author: authorSchema, body: z.string(), at: z.number() });
export const threadViewSchema = z.object({
  id: z.string(),
  quote: z.string(),
  status: z.enum(['open', 'resolved']),
  createdAt: z.number(),
  comments: z.array(commentViewSchema),
});
export type ThreadView = z.infer<typeof threadViewSchema>;

export const versionKindSchema = z.enum(['manual', 'freeze', 'restore', 'before-restore', 'accept-all', 'edit-after-freeze', 'template']);
export const versionMetaSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  name: z.string(),
  kind: versionKindSchema,
  hash: z.string(),
  createdAt: z.number(),
  author: authorSchema,
});
export type VersionMeta = z.infer<typeof versionMetaSchema>;

export const signoffViewSchema = z.object({
  id: z.string(),
  versionId: z.string(),
  hash: z.string(),
  participantId: z.string(),
  role: roleSchema,
  typedName: z.string(),
  at: z.number(),
  voidedAt: z.number().nullable(),
});
export type SignoffView = z.infer<typeof signoffViewSchema>;

export const proposalViewSchema = z.object({
  id: z.string(),
  draftSpace: z.string(),
  author: authorSchema,
  text: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  createdAt: z.number(),
});
export type ProposalView = z.infer<typeof proposalViewSchema>;

export const agreementStateSchema = z.object({
  docName: z.string(),
  empty: z.boolean(),
  currentHash: z.string(),
  frozen: z.object({ versionId: z.string(), number: z.number(), name: z.string(), hash: z.string(), at: z.number() }).nullable(),
  /** Signatures on the frozen version, and signatures voided by a later edit (shown as void). */
  signoffs: z.array(signoffViewSchema),
  /** Who still has to sign the frozen version. */
  signers: z.array(z.object({
    participantId: z.string(), name: z.string(), role: roleSchema, signed: z.boolean(),
    /** The side they sign for, whether the agreement needs their signature (`isRequiredSigner`),
     * and a short stable reference printed on the sign-off page. */
    side: sideSchema.optional(), required: z.boolean().optional(), reference: z.string().optional(),
  })),
  /** Where signing stands, in words the page can show as they are. */
  signing: z.lazy(() => signingStatusSchema).optional(),
  /** The session's phase: after the end the agreement is read-only for everyone. */
  phase: sessionPhaseSchema.optional(),
  versions: z.array(versionMetaSchema),
  suggestions: z.array(suggestionViewSchema),
  threads: z.array(threadViewSchema),
  proposals: z.array(proposalViewSchema),
  permissions: z.object({ edit: z.boolean(), suggest: z.boolean(), comment: z.boolean(), sign: z.boolean(), control: z.boolean() }),
});
export type AgreementState = z.infer<typeof agreementStateSchema>;

/**
 * Signing status of the version people sign (the frozen one; after an unfreeze, the last one
 * frozen before). 'fully-signed' when every required signer has signed it and it is still frozen;
 * 'void' when it was unfrozen after signatures (they no longer count); 'none' when nothing was
 * ever frozen.
 */
export const signingStatusSchema = z.object({
  state: z.enum(['none', 'awaiting', 'fully-signed', 'void']),
  version: z.object({ versionId: z.string(), number: z.number(), name: z.string(), hash: z.string(), frozenAt: z.number() }).nullable(),
  /** When the last required signature came in (state 'fully-signed'). */
  fullySignedAt: z.number().nullable(),
  /** Names of required signers who have not signed yet. */
  awaiting: z.array(z.string()),
  /** The current text is exactly the signed/frozen version (same content hash). */
  currentIsFrozenVersion: z.boolean(),
});
export type SigningStatus = z.infer<typeof signingStatusSchema>;

/** Unfreezing voids every signature, so the mediator must confirm it. */
export const unfreezeBodySchema = z.object({ confirm: z.literal(true, 'Confirm that unfreezing voids every signature.') });

/**
 * Whose signature the agreement needs to be fully signed: every party of the session whose link
 * was not withdrawn. Attorneys and advisers may sign as well (recorded and printed on the
 * sign-off page), but the agreement binds the parties, so theirs is optional. A session without
 * parties needs every attorney's.
 */
export function isRequiredSigner(person: { role: Role; revoked: boolean }, everyone: ReadonlyArray<{ role: Role; revoked: boolean }>): boolean {
  if (person.revoked) return false;
  const hasParties = everyone.some((p) => p.role === 'party' && !p.revoked);
  return person.role === 'party' || (!hasParties && person.role === 'attorney');
}

export const redlinePartSchema = z.object({ type: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export type RedlinePart = z.infer<typeof redlinePartSchema>;
export const redlineSchema = z.object({ from: z.string(), to: z.string(), parts: z.array(redlinePartSchema) });
export type Redline = z.infer<typeof redlineSchema>;

/** Mark names in the Yjs/ProseMirror document (the client registers marks with these names). */
export const AGREEMENT_MARKS = { insert: 'suggestInsert', delete: 'suggestDelete', comment: 'comment' } as const;
/** The Y.XmlFragment Tiptap's Collaboration extension binds to. */
export const AGREEMENT_FIELD = 'default';

/** Letters NFD does not split into base + accent, folded by hand so "Łukasz" matches "Lukasz". */
const FOLD: Record<string, string> = { 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ħ': 'h', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th' };

/**
 * A name as compared for signing: case, surrounding and repeated whitespace, and diacritics do
 * not count (people type "jose muller-capek" for "José Müller-Čapek"); letters and punctuation do.
 */
export function normaliseSignerName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[łøđðħıßæœþ]/g, (c) => FOLD[c] ?? c).replace(/\s+/g, ' ').trim();
}

/** Whether a typed signature names the signer (see `normaliseSignerName`). */
export const typedNameMatches = (typed: string, displayName: string): boolean => normaliseSignerName(typed) === normaliseSignerName(displayName);
