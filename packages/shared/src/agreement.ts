/**
 * The agreement API (HTTP, under /api/sessions/:sessionId/agreement). Editors change the Yjs
 * document directly; everyone else suggests and comments through these requests, which the server
 * applies to the document with the author taken from the token. Positions are ProseMirror
 * positions in the joint agreement document (or in a caucus draft, for proposals).
 */
import { z } from 'zod';
import { idSchema, roleSchema, spaceIdSchema } from './domain.js';
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
  signers: z.array(z.object({ participantId: z.string(), name: z.string(), role: roleSchema, signed: z.boolean() })),
  versions: z.array(versionMetaSchema),
  suggestions: z.array(suggestionViewSchema),
  threads: z.array(threadViewSchema),
  proposals: z.array(proposalViewSchema),
  permissions: z.object({ edit: z.boolean(), suggest: z.boolean(), comment: z.boolean(), sign: z.boolean(), control: z.boolean() }),
});
export type AgreementState = z.infer<typeof agreementStateSchema>;

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
