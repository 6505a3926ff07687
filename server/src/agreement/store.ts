/**
 * What the agreement keeps outside the Yjs document: versions (content snapshots), the freeze,
 * sign-offs, comment threads, and clause proposals from drafts. Comment text and sign-offs are
 * server records so no client can rewrite them. They are kept by the agreement store
 * (`ctx.stores.agreement`, interface in storage/types.ts); these are the records' shapes.
 */
import type { ProposalView } from '@mediation/shared';
import type { PMNode } from './model.js';

export interface FreezeRecord { versionId: string; hash: string; frozenAt: number }
export interface ProposalRecord extends ProposalView { content: PMNode[] }
