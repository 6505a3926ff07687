/**
 * The agreement's rules: who may do what, freezing and signing, versions, and server-side changes
 * to the joint document (always through `DocService.change`, so they are stored and broadcast like
 * any client update). Every refusal is a typed error returned before anything changes.
 */
import * as Y from 'yjs';
import crypto from 'node:crypto';
import {
  can, docName, ErrorCode, fail, isMediatorRole, isRequiredSigner, JOINT, ok, sessionPhase,
  type AgreementChange, type AgreementState, type Author, type DocAccess, type DocRef, type Redline, type Result, type SignBody, type SigningStatus,
  type SuggestionBody, type SuggestionDecision, type VersionMeta, typedNameMatches,
} from '@mediation/shared';
import type { AppContext, DocService, Principal } from '../contracts.js';
import type { HookPayloads } from '../features.js';
import { newId } from '../ids.js';
import { MarkLedger, removeCommentAnchors, restampSuggestions, suggestionMarksIn, type SuggestionStamp } from './authorship.js';
import { announce } from './announce.js';
import { anchorComment } from './comments.js';
import { guardFrozen } from './frozenGuard.js';
import { cleanNodes, fragmentOf, isEmptyDoc, readDoc, replaceDoc, toPMNodes, type PMNode } from './model.js';
import { contentHash, textOf } from './render.js';
import { redline } from './redline.js';
import type { AgreementStore, NewVersion } from '../storage/types.js';
import type { FreezeRecord } from './store.js';
import { agreementTemplate } from './template.js';
import { DocPositionError, decideByAuthor, decideSuggestion, listSuggestions, suggestBlocks, suggestDelete, suggestInsert, suggestReplace } from './suggestions.js';

export interface Caller extends Principal {
  author: Author;
}

const agreementRef = (sessionId: string): DocRef => ({ sessionId, kind: 'agreement', scope: JOINT });
export const agreementDocName = (sessionId: string): string => docName(sessionId, 'agreement', JOINT);
const AGREEMENT_DOC = /^([^/]+)\/agreement\/joint$/;

const forbidden = (message: string) => fail(ErrorCode.FORBIDDEN, message);
const frozenError = () => fail(ErrorCode.FROZEN, 'The agreement is frozen for signature; it cannot take suggestions or comments.');
const frozenForEdits = () => fail(ErrorCode.FROZEN, 'The agreement is frozen for signature, so it cannot be changed. A mediator can unfreeze it first, which voids every signature.');

/** A short, stable reference for a participant, printed on the sign-off page next to their name:
 * it tells two people of the same name apart without exposing the id behind their link. */
export const participantReference = (participantId: string): string =>
  `P-${crypto.createHash('sha256').update(participantId).digest('hex').slice(0, 8).toUpperCase()}`;

export class AgreementService {
  /** Per-session queue so freeze checks and server changes never interleave. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Who first stamped each suggestion, and which threads are anchored (see authorship.ts). */
  private readonly marks = new MarkLedger();

  /** Each session's freeze as last read or written here. The frozen guard decides inside a Yjs
   * apply, which cannot wait for storage, so the freeze of a session whose document may be edited
   * is read ahead (`primeFreeze`: when anyone enters the room, and on load) and kept current by
   * the freeze and unfreeze below, the only writers. */
  private readonly freezes = new Map<string, FreezeRecord | null>();

  constructor(private readonly ctx: AppContext, readonly store: AgreementStore) {}

  /** The session's freeze, read once and then kept current here. */
  async freezeOf(sessionId: string): Promise<FreezeRecord | null> {
    if (!this.freezes.has(sessionId)) {
      const stored = await this.store.getFreeze(sessionId);
      // A freeze or unfreeze that landed meanwhile is newer than what was read.
      if (!this.freezes.has(sessionId)) this.freezes.set(sessionId, stored);
    }
    return this.freezes.get(sessionId) ?? null;
  }

  /** Reads the session's freeze ahead of any edit (see `freezes`). */
  primeFreeze(sessionId: string): void {
    if (this.freezes.has(sessionId)) return;
    this.freezeOf(sessionId).catch((err: unknown) => this.ctx.log.error({ err, sessionId }, 'agreement freeze could not be read'));
  }

  /** Whether the session's agreement is frozen, for the frozen guard. Not read yet (the few
   * microseconds between a load and its freeze read) counts as frozen: wrongly undoing a keystroke
   * is a glitch, wrongly letting one change the text people sign is not. */
  private frozenForGuard(sessionId: string): boolean {
    return !this.freezes.has(sessionId) || this.freezes.get(sessionId) !== null;
  }

  /** The live documents (the collaboration feature's port), read when used. */
  private get docs(): DocService {
    return this.ctx.docs;
  }

  /** The session ended: the authorship ledger of its agreement is no longer needed. */
  sessionEnded(sessionId: string): void {
    this.marks.forget(agreementDocName(sessionId));
    this.freezes.delete(sessionId);
  }

  /** Every agreement update (the `documentUpdated` hook): authorship of typed suggestions, and
   * what a writer tried while the agreement was frozen (the frozen guard has already undone it;
   * see frozenGuard.ts). */
  documentUpdated({ name, update, writer }: HookPayloads['documentUpdated']): void {
    const m = AGREEMENT_DOC.exec(name);
    if (!m?.[1]) return;
    const sessionId = m[1];
    const author = writer ? { id: writer.participantId, name: writer.displayName } : null;
    // Frozen when the update came (not later): known here unless the freeze is still being read.
    const known = this.freezes.has(sessionId) ? this.freezes.get(sessionId) !== null : null;
    // Every update goes through the ledger (the server's own too), so it knows each
    // suggestion's first stamp and which threads were anchored before a writer's update.
    void this.docs.read(name, (d) => this.marks.review(name, d, update, author)).then(async (review) => {
      const frozen = known ?? (await this.freezeOf(sessionId)) !== null;
      if (author && frozen) {
        // No suggestions on a frozen version, from the API or typed in an editor's suggest mode
        // (none can be pending while frozen, so every suggestion mark in the update is refused).
        const ids = new Set(suggestionMarksIn(update).keys());
        if (ids.size) setImmediate(() => void this.serial(sessionId, () => this.refuseFrozenSuggestions(sessionId, ids, author)));
        // Nor new comment anchors; anchors that existed are left alone (the binding rewrites them).
        if (review.newThreads.size) setImmediate(() => void this.serial(sessionId, () => this.refuseFrozenComments(sessionId, review.newThreads, author)));
        if (!ids.size && !review.newThreads.size) this.auditRefusedEdit(sessionId, author);
      } else if (author && review.restamp.size) {
        setImmediate(() => void this.serial(sessionId, () => this.restamp(sessionId, review.restamp, author)));
      }
    }).catch((err: unknown) => this.ctx.log.error({ err, doc: name }, 'agreement update review failed'));
  }

  /** A document was loaded from storage: seed the authorship ledger and guard the freeze
   * (agreement documents only). */
  documentLoaded(name: string, doc: Y.Doc): void {
    const sessionId = AGREEMENT_DOC.exec(name)?.[1];
    if (!sessionId) return;
    this.marks.seed(name, doc);
    this.primeFreeze(sessionId);
    const unguard = guardFrozen(doc, { frozen: () => this.frozenForGuard(sessionId) });
    doc.once('destroy', unguard);
  }

  /** When someone last had an edit undone because the agreement is frozen (the audit says so
   * once per person and minute, not once per keystroke). */
  private readonly refusedAudited = new Map<string, number>();
  private auditRefusedEdit(sessionId: string, author: Author): void {
    const key = `${sessionId}/${author.id}`;
    const now = Date.now();
    if (now - (this.refusedAudited.get(key) ?? 0) < 60_000) return;
    this.refusedAudited.set(key, now);
    void this.ctx.audit(sessionId, author, 'agreement.edit.refused-frozen', {});
  }

  /** Why the agreement is closed to this caller, in their terms. */
  private async noAccessMessage(caller: Principal): Promise<string> {
    if (await this.isLive(caller.participant.sessionId)) return 'The agreement is open in the joint session; it is not available from where you are now.';
    return isMediatorRole(caller.participant.role) || can(caller.participant.role, 'sign')
      ? 'This session’s records are no longer available.'
      : 'The session has ended. Observers do not keep a copy of the agreement; ask the mediator.';
  }

  private async isLive(sessionId: string): Promise<boolean> {
    const session = await this.ctx.stores.sessions.getSession(sessionId);
    return !!session && session.endedAt === null;
  }

  private serial<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(sessionId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.queues.set(sessionId, next.catch(() => undefined));
    return next;
  }

  access(caller: Principal): Promise<DocAccess> {
    return this.docs.accessOf(caller, agreementRef(caller.participant.sessionId));
  }

  /** What the caller's role and place allow while the session is live (after the end, nothing:
   * the agreement is only read and exported). The actions check the freeze themselves, so a
   * refusal says FROZEN rather than "your role cannot". */
  private async rights(caller: Principal): Promise<AgreementState['permissions']> {
    const access = await this.access(caller);
    const role = caller.participant.role;
    const live = access !== 'none' && (await this.isLive(caller.participant.sessionId));
    return {
      edit: live && access === 'write',
      suggest: live && can(role, 'suggestAgreement'),
      comment: live && can(role, 'suggestAgreement'),
      sign: live && can(role, 'sign'),
      control: live && can(role, 'control'),
    };
  }

  /** What the page may offer now: the rights, less editing and suggesting while frozen (frozen
   * means not editable, for everyone). */
  async permissions(caller: Principal): Promise<AgreementState['permissions']> {
    const r = await this.rights(caller);
    const frozen = (await this.freezeOf(caller.participant.sessionId)) !== null;
    return { ...r, edit: r.edit && !frozen, suggest: r.suggest && !frozen };
  }

  private readNodes(sessionId: string): Promise<PMNode[]> {
    return this.docs.read(agreementDocName(sessionId), readDoc);
  }

  async state(caller: Principal): Promise<Result<AgreementState>> {
    const sessionId = caller.participant.sessionId;
    const permissions = await this.permissions(caller);
    if ((await this.access(caller)) === 'none') return forbidden(await this.noAccessMessage(caller));
    const { nodes, suggestions } = await this.docs.read(agreementDocName(sessionId), (d) => ({ nodes: readDoc(d), suggestions: listSuggestions(d) }));
    const freeze = await this.freezeOf(sessionId);
    const versions = await this.store.listVersions(sessionId);
    const frozenVersion = freeze ? versions.find((v) => v.id === freeze.versionId) : undefined;
    const signoffs = await this.store.listSignoffs(sessionId);
    const live = signoffs.filter((s) => s.voidedAt === null && s.versionId === freeze?.versionId);
    const people = await this.ctx.stores.sessions.listParticipants(sessionId);
    const signers = people.filter((p) => can(p.role, 'sign') && !p.revoked)
      .map((p) => ({
        participantId: p.id, name: p.displayName, role: p.role, signed: live.some((s) => s.participantId === p.id),
        side: p.side, required: isRequiredSigner(p, people), reference: participantReference(p.id),
      }));
    const mediator = isMediatorRole(caller.participant.role);
    const session = await this.ctx.stores.sessions.getSession(sessionId);
    return ok({
      docName: agreementDocName(sessionId),
      empty: isEmptyDoc(nodes),
      currentHash: contentHash(nodes),
      frozen: freeze && frozenVersion ? { versionId: freeze.versionId, number: frozenVersion.number, name: frozenVersion.name, hash: freeze.hash, at: freeze.frozenAt } : null,
      signoffs,
      signers,
      versions,
      suggestions,
      threads: await this.store.listThreads(sessionId),
      proposals: (await this.store.listProposals(sessionId)).filter((p) => mediator || p.author.id === caller.participant.id).map(({ content: _c, ...p }) => p),
      permissions,
      signing: await this.signingStatus(sessionId, contentHash(nodes)),
      phase: session ? sessionPhase(session, Date.now(), this.ctx.config.retentionDays) : 'ended',
    });
  }

  /**
   * Where signing stands. The version concerned is the frozen one, or after an unfreeze the last
   * one frozen before (its signatures void). Fully signed: still frozen, and every required
   * signer (`isRequiredSigner`: every party) has a valid signature on it.
   */
  async signingStatus(sessionId: string, currentHash: string): Promise<SigningStatus> {
    const freeze = await this.freezeOf(sessionId);
    const versions = await this.store.listVersions(sessionId);
    const version = freeze ? versions.find((v) => v.id === freeze.versionId) : versions.filter((v) => v.kind === 'freeze').at(-1);
    if (!version) return { state: 'none', version: null, fullySignedAt: null, awaiting: [], currentIsFrozenVersion: false };
    const view = { versionId: version.id, number: version.number, name: version.name, hash: version.hash, frozenAt: freeze?.versionId === version.id ? freeze.frozenAt : version.createdAt };
    const people = await this.ctx.stores.sessions.listParticipants(sessionId);
    const valid = (await this.store.listSignoffs(sessionId)).filter((x) => x.versionId === version.id && x.voidedAt === null);
    const required = people.filter((p) => isRequiredSigner(p, people));
    const awaiting = required.filter((p) => !valid.some((x) => x.participantId === p.id)).map((p) => p.displayName);
    const current = currentHash === version.hash;
    if (!freeze) return { state: 'void', version: view, fullySignedAt: null, awaiting, currentIsFrozenVersion: current };
    if (required.length === 0 || awaiting.length > 0) return { state: 'awaiting', version: view, fullySignedAt: null, awaiting, currentIsFrozenVersion: current };
    const fullySignedAt = Math.max(...valid.filter((x) => required.some((p) => p.id === x.participantId)).map((x) => x.at));
    return { state: 'fully-signed', version: view, fullySignedAt, awaiting: [], currentIsFrozenVersion: current };
  }

  /** Fills an empty agreement from the template (or replaces it, when asked). */
  applyTemplate(caller: Caller, replace: boolean): Promise<Result<{ applied: boolean }>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).edit) return forbidden('Only editors can start the agreement from the template.');
      if (await this.freezeOf(sessionId)) return frozenForEdits();
      const session = await this.ctx.stores.sessions.getSession(sessionId);
      if (!session) return fail(ErrorCode.NOT_FOUND, 'No such session.');
      const people = (await this.ctx.stores.sessions.listParticipants(sessionId)).filter((p) => !p.revoked);
      const nodes = agreementTemplate(session.title, people);
      let applied = false;
      await this.docs.change(agreementDocName(sessionId), 'agreement:template', (d) => {
        if (!replace && !isEmptyDoc(readDoc(d))) return;
        replaceDoc(d, nodes);
        applied = true;
      });
      if (applied) {
        await this.addVersion(sessionId, caller.author, 'Template', 'template', nodes);
        await this.ctx.audit(sessionId, caller.author, 'agreement.template', {});
        this.changed(caller, 'versions');
      }
      return ok({ applied });
    });
  }

  suggest(caller: Caller, body: SuggestionBody): Promise<Result<{ id: string }>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).suggest) return forbidden('Your role can only read the agreement.');
      if (await this.freezeOf(sessionId)) return frozenError();
      const id = newId();
      // The author is the caller, from the token: nothing in the body names an author.
      const error = await this.changeDoc(sessionId, 'agreement:suggest', (d) => {
        if (body.kind === 'insert') suggestInsert(d, body.at, body.text, caller.author, id);
        else if (body.kind === 'delete') suggestDelete(d, body.from, body.to, caller.author, id);
        else suggestReplace(d, body.from, body.to, body.text, caller.author, id);
      });
      if (error) return error;
      await this.ctx.audit(sessionId, caller.author, 'agreement.suggested', { suggestionId: id, kind: body.kind });
      this.changed(caller, 'suggestions');
      return ok({ id });
    });
  }

  decide(caller: Caller, id: string, decision: SuggestionDecision): Promise<Result<{ id: string }>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).edit) return forbidden('Only editors can accept or reject suggestions.');
      let found = false;
      await this.docs.change(agreementDocName(sessionId), `agreement:${decision}`, (d) => { found = decideSuggestion(d, id, decision); });
      if (!found) return fail(ErrorCode.NOT_FOUND, 'No such suggestion.');
      await this.ctx.audit(sessionId, caller.author, `agreement.suggestion.${decision}ed`, { suggestionId: id });
      this.changed(caller, 'suggestions');
      return ok({ id });
    });
  }

  decideAll(caller: Caller, authorId: string, decision: SuggestionDecision): Promise<Result<{ count: number; version: VersionMeta | null }>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).edit) return forbidden('Only editors can accept or reject suggestions.');
      let count = 0;
      let nodes: PMNode[] = [];
      let authorName = authorId;
      await this.docs.change(agreementDocName(sessionId), `agreement:${decision}-all`, (d) => {
        authorName = listSuggestions(d).find((s) => s.author.id === authorId)?.author.name ?? authorId;
        count = decideByAuthor(d, authorId, decision);
        nodes = readDoc(d);
      });
      if (count === 0) return fail(ErrorCode.NOT_FOUND, 'That person has no open suggestions.');
      await this.ctx.audit(sessionId, caller.author, `agreement.suggestion.${decision}ed-all`, { authorId, count });
      // Accepting a batch is a meaningful moment: snapshot it.
      const version = decision === 'accept' ? await this.addVersion(sessionId, caller.author, `Accepted all suggestions by ${authorName}`, 'accept-all', nodes) : null;
      this.changed(caller, 'suggestions');
      return ok({ count, version });
    });
  }

  createThread(caller: Caller, from: number, to: number, body: string): Promise<Result<{ id: string }>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).comment) return forbidden('Your role can only read the agreement.');
      if (await this.freezeOf(sessionId)) return frozenError();
      const id = newId();
      let quote = '';
      const error = await this.changeDoc(sessionId, 'agreement:comment', (d) => { quote = anchorComment(d, from, to, id); });
      if (error) return error;
      const at = Date.now();
      await this.store.addThread(sessionId, { id, quote, at }, { id: newId(), author: caller.author, body });
      await this.ctx.audit(sessionId, caller.author, 'agreement.comment', { threadId: id });
      this.changed(caller, 'threads');
      return ok({ id });
    });
  }

  async reply(caller: Caller, threadId: string, body: string): Promise<Result<{ id: string }>> {
    const sessionId = caller.participant.sessionId;
    if (!(await this.rights(caller)).comment) return forbidden('Your role can only read the agreement.');
    if (!(await this.store.threadExists(sessionId, threadId))) return fail(ErrorCode.NOT_FOUND, 'No such comment thread.');
    if (await this.freezeOf(sessionId)) return frozenError();
    const id = newId();
    await this.store.addComment(sessionId, threadId, { id, author: caller.author, body, at: Date.now() });
    this.changed(caller, 'threads');
    return ok({ id });
  }

  async setThreadStatus(caller: Caller, threadId: string, status: 'open' | 'resolved'): Promise<Result<{ id: string }>> {
    const sessionId = caller.participant.sessionId;
    if (!(await this.rights(caller)).comment) return forbidden('Your role can only read the agreement.');
    if (!(await this.store.threadExists(sessionId, threadId))) return fail(ErrorCode.NOT_FOUND, 'No such comment thread.');
    await this.store.setThreadStatus(sessionId, threadId, status);
    await this.ctx.audit(sessionId, caller.author, status === 'resolved' ? 'agreement.comment.resolved' : 'agreement.comment.reopened', { threadId });
    this.changed(caller, 'threads');
    return ok({ id: threadId });
  }

  private async addVersion(sessionId: string, author: Author, name: string, kind: VersionMeta['kind'], nodes: PMNode[]): Promise<VersionMeta> {
    const v = await this.store.addVersion(sessionId, newVersion(author, name, kind, nodes));
    await this.auditVersion(sessionId, author, v);
    return v;
  }

  private auditVersion(sessionId: string, author: Author, v: VersionMeta): Promise<void> {
    return this.ctx.audit(sessionId, author, 'agreement.version', { versionId: v.id, number: v.number, name: v.name, kind: v.kind, hash: v.hash });
  }

  createVersion(caller: Caller, name: string): Promise<Result<VersionMeta>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).edit) return forbidden('Only editors can save versions.');
      const v = await this.addVersion(sessionId, caller.author, name, 'manual', await this.readNodes(sessionId));
      this.changed(caller, 'versions');
      return ok(v);
    });
  }

  /**
   * Restores an old version as a new one (the current text is saved first, so nothing is lost).
   * Versions are stored as they were, marks and all (annotated exports show them), but a restore
   * must not bring back suggestions or comment anchors decided since: it writes the version's
   * agreed text, keeping only the marks of suggestions still pending and threads still open now.
   */
  restore(caller: Caller, versionId: string): Promise<Result<VersionMeta>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).edit) return forbidden('Only editors can restore versions.');
      if (await this.freezeOf(sessionId)) return frozenForEdits();
      const target = await this.store.getVersion(sessionId, versionId);
      if (!target) return fail(ErrorCode.NOT_FOUND, 'No such version.');
      const { nodes: current, pending } = await this.docs.read(agreementDocName(sessionId), (d) => ({ nodes: readDoc(d), pending: new Set(listSuggestions(d).map((x) => x.id)) }));
      await this.addVersion(sessionId, caller.author, `Before restoring version ${target.number}`, 'before-restore', current);
      const open = new Set((await this.store.listThreads(sessionId)).filter((t) => t.status === 'open').map((t) => t.id));
      const content = cleanNodes(target.content, { suggestions: pending, threads: open });
      await this.docs.change(agreementDocName(sessionId), 'agreement:restore', (d) => replaceDoc(d, content));
      const restored = await this.addVersion(sessionId, caller.author, `Restored version ${target.number} (${target.name})`, 'restore', content);
      this.changed(caller, 'versions');
      return ok(restored);
    });
  }

  /** The mediator freezes the current text for signature. */
  freeze(caller: Caller, name?: string): Promise<Result<VersionMeta>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).control) return forbidden('Only a mediator can freeze the agreement.');
      const already = await this.freezeOf(sessionId);
      if (already) {
        const v = await this.store.getVersion(sessionId, already.versionId);
        return fail(ErrorCode.CONFLICT, `The agreement is already frozen for signature${v ? ` (version ${v.number})` : ''}.`);
      }
      const { nodes, pending } = await this.docs.read(agreementDocName(sessionId), (d) => ({ nodes: readDoc(d), pending: listSuggestions(d).length }));
      if (isEmptyDoc(nodes)) return fail(ErrorCode.CONFLICT, 'The agreement is empty.');
      if (pending > 0) return fail(ErrorCode.CONFLICT, `Accept or reject the ${pending} open suggestion(s) before freezing.`);
      // The version and the freeze are stored together: never a freeze without its version.
      const frozen = await this.store.freezeNewVersion(sessionId, newVersion(caller.author, name ?? 'Frozen for signature', 'freeze', nodes), Date.now());
      if (!frozen) return fail(ErrorCode.CONFLICT, 'The agreement is already frozen for signature.');
      this.freezes.set(sessionId, frozen.freeze);
      const v = frozen.version;
      await this.auditVersion(sessionId, caller.author, v);
      await this.ctx.audit(sessionId, caller.author, 'agreement.frozen', { versionId: v.id, number: v.number, hash: v.hash });
      this.changed(caller, 'frozen');
      return ok(v);
    });
  }

  /**
   * The mediator opens a frozen agreement for changes again. Every signature on the frozen
   * version becomes void (they were given to that exact text), so the request must confirm it.
   */
  unfreeze(caller: Caller): Promise<Result<{ voided: number; message: string }>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).control) return forbidden('Only a mediator can unfreeze the agreement.');
      const freeze = await this.freezeOf(sessionId);
      if (!freeze) return fail(ErrorCode.CONFLICT, 'The agreement is not frozen.');
      // Voiding the signatures and lifting the freeze are one step: never open with live signatures.
      const voided = (await this.store.unfreeze(sessionId, Date.now())) ?? 0;
      this.freezes.set(sessionId, null);
      await this.ctx.audit(sessionId, caller.author, 'agreement.unfrozen', { versionId: freeze.versionId, hash: freeze.hash, voided });
      if (voided > 0) await this.ctx.audit(sessionId, caller.author, 'agreement.signoffs.voided', { frozenVersionId: freeze.versionId, frozenHash: freeze.hash, voided });
      const message = voided === 0
        ? 'The agreement is open for changes again. Nobody had signed it yet.'
        : `The agreement is open for changes again. ${voided === 1 ? 'The 1 signature it had is' : `All ${voided} signatures it had are`} void; everyone signs again after the next freeze.`;
      this.changed(caller, 'frozen');
      return ok({ voided, message });
    });
  }

  sign(caller: Caller, body: SignBody): Promise<Result<{ id: string }>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).sign) return forbidden('Only parties and attorneys sign the agreement.');
      const freeze = await this.freezeOf(sessionId);
      if (!freeze) return fail(ErrorCode.CONFLICT, 'Nothing is frozen for signature right now, so there is nothing to sign. Reload the agreement.');
      if (freeze.versionId !== body.versionId) return fail(ErrorCode.CONFLICT, 'Only the version frozen for signature can be signed, and this is not it. Reload the agreement.');
      if (freeze.hash !== body.hash) return fail(ErrorCode.CONFLICT, 'The text you were shown is not the text frozen for signature. Reload the agreement and read it again before signing.');
      if ((await this.store.listSignoffs(sessionId)).some((s) => s.voidedAt === null && s.versionId === freeze.versionId && s.participantId === caller.participant.id)) {
        return fail(ErrorCode.CONFLICT, 'You have already signed this version.');
      }
      // The typed name is the signature: it must be the name the person was invited under (the
      // stored participant record, never a name chosen when joining), read fresh from storage.
      const invitedName = (await this.ctx.stores.sessions.getParticipant(caller.participant.id))?.displayName ?? caller.participant.displayName;
      if (!typedNameMatches(body.typedName, invitedName)) {
        return fail(ErrorCode.BAD_REQUEST, `Type your full name as the mediator invited you: ${invitedName}.`);
      }
      const id = newId();
      const at = Date.now();
      await this.store.addSignoff(sessionId, { id, versionId: freeze.versionId, hash: freeze.hash, participantId: caller.participant.id, role: caller.participant.role, typedName: body.typedName, at });
      await this.ctx.audit(sessionId, caller.author, 'agreement.signed', { signoffId: id, versionId: freeze.versionId, hash: freeze.hash, typedName: body.typedName, role: caller.participant.role, confirmed: true, at });
      const status = await this.signingStatus(sessionId, freeze.hash);
      const fullySigned = status.state === 'fully-signed' && status.fullySignedAt === at;
      if (fullySigned) {
        await this.ctx.audit(sessionId, { id: 'system', name: 'Agreement' }, 'agreement.fully-signed', { versionId: freeze.versionId, hash: freeze.hash, at });
      }
      // "Fully signed" is its own moment for everyone reading (the last signer's page refetches itself).
      this.changed(caller, fullySigned ? 'fully-signed' : 'signoffs');
      return ok({ id });
    });
  }

  private async refuseFrozenSuggestions(sessionId: string, ids: Set<string>, author: Author): Promise<void> {
    let removed = 0;
    await this.docs.change(agreementDocName(sessionId), 'agreement:frozen', (d) => {
      for (const id of ids) if (decideSuggestion(d, id, 'reject')) removed++;
    });
    // The frozen guard normally undid them already (removed is then 0); the attempt is audited.
    await this.ctx.audit(sessionId, author, 'agreement.suggestion.refused-frozen', { suggestionIds: [...ids], removedAfterUndo: removed });
  }

  private async refuseFrozenComments(sessionId: string, threadIds: Set<string>, author: Author): Promise<void> {
    let removed = 0;
    await this.docs.change(agreementDocName(sessionId), 'agreement:frozen', (d) => { removed = removeCommentAnchors(d, threadIds); });
    await this.ctx.audit(sessionId, author, 'agreement.comment.refused-frozen', { threadIds: [...threadIds], removedAfterUndo: removed });
  }

  private async restamp(sessionId: string, stamps: Map<string, SuggestionStamp>, author: Author): Promise<void> {
    let fixed = 0;
    await this.docs.change(agreementDocName(sessionId), 'agreement:author', (d) => { fixed = restampSuggestions(d, stamps); });
    if (fixed) await this.ctx.audit(sessionId, author, 'agreement.suggestion.author-corrected', { suggestionIds: [...stamps.keys()] });
  }

  /** Tells whoever may read it that the agreement changed (a content-free hint; see announce.ts). */
  private changed(caller: Caller, what: AgreementChange, caucus?: string): void {
    announce(this.ctx, { sessionId: caller.participant.sessionId, what, caucus, actorId: caller.participant.id });
  }

  /** Waits for the session's queued agreement work (tests and exports wait on this). */
  settle(sessionId: string): Promise<void> {
    return this.serial(sessionId, async () => undefined);
  }

  async versionContent(sessionId: string, versionId: string): Promise<{ nodes: PMNode[]; version: VersionMeta | null } | null> {
    if (versionId === 'current') return { nodes: await this.readNodes(sessionId), version: null };
    const v = await this.store.getVersion(sessionId, versionId);
    return v ? { nodes: v.content, version: v } : null;
  }

  async redline(caller: Principal, fromId: string, toId: string): Promise<Result<Redline>> {
    if ((await this.access(caller)) === 'none') return forbidden(await this.noAccessMessage(caller));
    const sessionId = caller.participant.sessionId;
    const [a, b] = [await this.versionContent(sessionId, fromId), await this.versionContent(sessionId, toId)];
    if (!a || !b) return fail(ErrorCode.NOT_FOUND, 'No such version.');
    return ok({ from: fromId, to: toId, parts: redline(textOf(a.nodes), textOf(b.nodes)) });
  }

  /** A caucus member proposes whole blocks of their side's draft as a clause for the agreement. */
  async propose(caller: Caller, draftSpace: string, from: number, to: number): Promise<Result<{ id: string }>> {
    const sessionId = caller.participant.sessionId;
    // The caucus's current draft generation: earlier ones belong to whoever was there before.
    const draft: DocRef = await this.docs.current({ sessionId, kind: 'draft', scope: draftSpace as DocRef['scope'] });
    if ((await this.docs.accessOf(caller, draft)) !== 'write' || !can(caller.participant.role, 'suggestAgreement')) return forbidden('You can only propose from your own caucus draft.');
    const blocks = await this.docs.read(docName(sessionId, 'draft', draftSpace, draft.generation), (d) => blocksInRange(toPMNodes(fragmentOf(d)), from, to));
    const text = textOf(blocks);
    if (!text.trim()) return fail(ErrorCode.BAD_REQUEST, 'There is no text in that range of the draft.');
    const id = newId();
    await this.store.addProposal(sessionId, { id, draftSpace, author: caller.author, content: blocks, text, createdAt: Date.now() });
    await this.ctx.audit(sessionId, caller.author, 'agreement.proposal', { proposalId: id, draftSpace });
    // Caucus material: only that caucus and the mediators hear of it.
    this.changed(caller, 'proposals', draftSpace);
    return ok({ id });
  }

  decideProposal(caller: Caller, id: string, approve: boolean, at?: number): Promise<Result<{ id: string; suggestionId: string | null }>> {
    const sessionId = caller.participant.sessionId;
    return this.serial(sessionId, async () => {
      if (!(await this.rights(caller)).control) return forbidden('Only a mediator can approve proposals.');
      const p = await this.store.getProposal(sessionId, id);
      if (!p) return fail(ErrorCode.NOT_FOUND, 'No such proposal.');
      if (p.status !== 'pending') return fail(ErrorCode.CONFLICT, 'This proposal was already decided.');
      if (!approve) {
        await this.store.setProposalStatus(sessionId, id, 'rejected');
        await this.ctx.audit(sessionId, caller.author, 'agreement.proposal.rejected', { proposalId: id });
        this.changed(caller, 'proposals', p.draftSpace);
        return ok({ id, suggestionId: null });
      }
      if (await this.freezeOf(sessionId)) return frozenError();
      const suggestionId = newId();
      await this.docs.change(agreementDocName(sessionId), 'agreement:proposal', (d) => {
        suggestBlocks(d, p.content, p.author, suggestionId, insertionIndex(d, at));
      });
      await this.store.setProposalStatus(sessionId, id, 'approved');
      await this.ctx.audit(sessionId, caller.author, 'agreement.proposal.approved', { proposalId: id, suggestionId });
      // The clause is now a suggestion in the joint agreement; the proposal's status is caucus news.
      this.changed(caller, 'suggestions');
      this.changed(caller, 'proposals', p.draftSpace);
      return ok({ id, suggestionId });
    });
  }

  /** Runs a document change that may refuse a position; a refusal leaves the document unchanged. */
  private async changeDoc(sessionId: string, origin: string, fn: (d: Y.Doc) => void): Promise<{ ok: false; error: { code: ErrorCode; message: string } } | null> {
    // Validate on a scratch copy first: a transaction that throws half-way would still be applied.
    const scratch = await this.docs.read(agreementDocName(sessionId), (d) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(d));
      return copy;
    });
    try {
      fn(scratch);
    } catch (e) {
      if (e instanceof DocPositionError) return fail(ErrorCode.BAD_REQUEST, e.message);
      throw e;
    } finally {
      scratch.destroy();
    }
    await this.docs.change(agreementDocName(sessionId), origin, fn);
    return null;
  }
}

/** A version to store: these nodes, hashed, by this author, now. */
function newVersion(author: Author, name: string, kind: VersionMeta['kind'], nodes: PMNode[]): NewVersion {
  return { id: newId(), name, kind, hash: contentHash(nodes), content: nodes, author, at: Date.now() };
}

/** ProseMirror node size, to find which top-level blocks a range touches. */
function nodeSize(n: PMNode): number {
  if (n.type === 'text') return n.text?.length ?? 0;
  if (!n.content && ['hardBreak', 'pageBreak', 'horizontalRule', 'image'].includes(n.type)) return 1;
  return 2 + (n.content ?? []).reduce((a, c) => a + nodeSize(c), 0);
}

export function blocksInRange(nodes: PMNode[], from: number, to: number): PMNode[] {
  const out: PMNode[] = [];
  let pos = 0;
  for (const n of nodes) {
    const end = pos + nodeSize(n);
    if (end > from && pos < to) out.push(n);
    pos = end;
  }
  return cleanNodes(out);
}

/** After the top-level block containing `at`; by default just before the signature page. */
function insertionIndex(d: Y.Doc, at?: number): number {
  const nodes = readDoc(d);
  if (at !== undefined) {
    let pos = 0;
    for (let i = 0; i < nodes.length; i++) {
      pos += nodeSize(nodes[i]!);
      if (at < pos) return i + 1;
    }
    return nodes.length;
  }
  const sig = nodes.findIndex((n) => n.type === 'heading' && textOf([n]).trim() === 'Signatures');
  if (sig < 0) return nodes.length;
  return nodes[sig - 1]?.type === 'pageBreak' ? sig - 1 : sig;
}
