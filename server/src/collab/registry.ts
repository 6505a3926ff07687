/**
 * The loaded documents and every live connection, indexed by participant so a move, a revoked
 * link or the end of a session can close the right connections synchronously. Also the
 * server-side `DocService`.
 *
 * Loading is async (the document store): concurrent opens of one document share one load (the
 * `loading` map), and a load waits for the document's queued writes (an unloaded copy's last
 * compaction) before it reads, so two copies of a document never exist and none misses a write.
 */
import type * as Y from 'yjs';
import { CloseCode, docAccess, hasGenerations, type DocAccess, type DocRef, type SessionSettings, type SpaceId } from '@mediation/shared';
import type { AppContext, DocService } from '../contracts.js';
import type { DocumentStore } from '../storage/types.js';
import { writerOf } from '../docWriter.js';
import { currentAccess, parseDocName, resolveCurrent, setGenerations, type Principal } from './access.js';
import { CaucusGenerations, type Generation } from './generations.js';
import type { Connection } from './connection.js';
import type { CollabLimits } from './limits.js';
import { GroupCommit } from './groupCommit.js';
import { DocWriteQueue } from './persistence.js';
import { RESYNC_CLOSE_CODE, SharedDoc, type UpdateListener } from './shared-doc.js';
import { Strikes } from './strikes.js';

const key = (sessionId: string, participantId: string) => `${sessionId}\u0000${participantId}`;

export class DocRegistry implements DocService {
  readonly docs = new Map<string, SharedDoc>();
  private readonly loading = new Map<string, Promise<SharedDoc>>();
  private readonly writes = new DocWriteQueue();
  /** One group commit for every document: updates arriving together share one transaction. */
  readonly commits: GroupCommit;
  private readonly byParticipant = new Map<string, Set<Connection>>();

  private readonly compactTimer: NodeJS.Timeout;
  private readonly sweepTimer: NodeJS.Timeout;
  /** Every applied update is announced to the features (the `documentUpdated` hook). */
  private readonly announceUpdate: UpdateListener = (d, update, origin) => {
    if (this.docs.get(d.name) === d) this.ctx.hooks.documentUpdated({ name: d.name, kind: d.ref.kind, doc: d.doc, update, origin, writer: writerOf(origin) });
  };
  private readonly strikes: Strikes;
  readonly generations: CaucusGenerations;
  /** Shared by every loaded document rather than a closure per document (memory per document is
   * measured against the reference server: yjs bench). */
  private readonly onBroken = (d: SharedDoc): void => this.dropBroken(d);
  private readonly onBadFrame = (c: Connection): void => {
    if (this.strikes.strike(key(c.doc.sessionId, c.participantId))) this.ctx.log.warn({ doc: c.docName, participantId: c.participantId }, 'refusing Yjs reconnects after repeated malformed frames');
  };

  constructor(private readonly ctx: AppContext, private readonly store: DocumentStore, private readonly limits: CollabLimits) {
    this.commits = new GroupCommit(store, limits.groupCommitMs);
    this.strikes = new Strikes(limits.badFramesPerMinute, 60_000, limits.badFrameBlockMs);
    this.generations = new CaucusGenerations(ctx.stores.generations);
    setGenerations(ctx, this.generations);
    // Besides every `compactEvery` updates, fold quiet documents' logs into snapshots now and then,
    // so a restart replays little (failures are logged by the document).
    this.compactTimer = setInterval(() => {
      for (const d of this.docs.values()) void d.compact();
    }, limits.compactIntervalMs);
    this.compactTimer.unref();
    // One sweep for all documents instead of a timer per idle document.
    this.sweepTimer = setInterval(() => this.sweep(), Math.max(20, Math.min(limits.unloadDelayMs / 2, 5_000)));
    this.sweepTimer.unref();
  }

  private sweep(): void {
    const now = Date.now();
    for (const d of [...this.docs.values()]) {
      if (d.conns.size === 0 && d.idleSince !== null && now - d.idleSince >= this.limits.unloadDelayMs) this.unload(d);
    }
  }

  /** The loaded document, loading it on first use; concurrent callers share one load. */
  load(name: string): Promise<SharedDoc> {
    const existing = this.docs.get(name);
    if (existing) return Promise.resolve(existing);
    const pending = this.loading.get(name);
    if (pending) return pending;
    const ref = parseDocName(name);
    if (!ref) return Promise.reject(new Error(`unknown document name: ${name}`));
    const loaded = (async () => {
      // An earlier copy's queued writes (its last compaction, a server change) land first.
      await this.writes.idle(name);
      const d = new SharedDoc(name, ref, this.store, this.commits, this.writes, this.limits, this.ctx.log, this.announceUpdate, this.onBroken);
      await d.init();
      d.onBadFrame = this.onBadFrame;
      this.docs.set(name, d);
      this.ctx.hooks.documentLoaded({ name, doc: d.doc, gateSuggestions: (gate) => void (d.suggestionGuard = gate) });
      return d;
    })();
    this.loading.set(name, loaded);
    const done = () => {
      if (this.loading.get(name) === loaded) this.loading.delete(name);
    };
    loaded.then(done, done);
    return loaded;
  }

  /** Why a new connection of this participant is refused before it opens anything, if it is. */
  refusal(sessionId: string, participantId: string): { code: number; reason: string } | null {
    if (this.strikes.blocked(key(sessionId, participantId))) return { code: CloseCode.RATE_LIMITED, reason: 'too many malformed messages; try again later' };
    return null;
  }

  /** A client update failed half way: the next use loads the document again from storage, and
   * its clients (who were sent none of that update) reconnect and resync with it. */
  private dropBroken(d: SharedDoc): void {
    if (this.docs.get(d.name) === d) this.docs.delete(d.name);
    for (const c of [...d.conns]) c.close(RESYNC_CLOSE_CODE, 'document reloaded, resync');
    d.destroy();
  }

  private unload(d: SharedDoc): void {
    if (this.docs.get(d.name) !== d || d.conns.size > 0) return;
    this.docs.delete(d.name);
    d.destroy();
  }

  /** Registers the connection at once (a move or a revoked link closes it even while its
   * document loads), then opens the document; what the client sent before (`early`) and sends
   * meanwhile is kept and handled in order once the document is there. */
  async connect(conn: Connection, early: Array<[Buffer, boolean]> = []): Promise<void> {
    const k = key(conn.doc.sessionId, conn.participantId);
    let set = this.byParticipant.get(k);
    if (!set) this.byParticipant.set(k, (set = new Set()));
    set.add(conn);
    conn.whenClosed(() => {
      set.delete(conn);
      if (set.size === 0 && this.byParticipant.get(k) === set) this.byParticipant.delete(k);
    });
    const keep = (data: Buffer, isBinary: boolean) => void early.push([data, isBinary]);
    conn.ws.on('message', keep);
    try {
      await this.generations.markUsed(conn.doc);
      const d = await this.load(conn.docName);
      conn.ws.off('message', keep);
      if (!conn.closed) d.add(conn, early);
    } catch (err) {
      conn.ws.off('message', keep);
      this.ctx.log.error({ err, doc: conn.docName }, 'yjs document could not be opened');
      conn.close(1011, 'internal error');
    }
  }

  /** Runs synchronously inside the move: lost access closes at once; write may become read. */
  spaceChanged(sessionId: string, participantId: string, to: SpaceId | null): void {
    // The caucus generations: an entrant from another side starts fresh documents, and everyone
    // still on the previous generation is told to open the new one. Who the person is comes from
    // storage, so this finishes a moment later; the session's later access checks wait for it.
    const person = async () => {
      const p = await this.ctx.stores.sessions.getParticipant(participantId);
      return p ? { id: p.id, role: p.role, side: p.side } : null;
    };
    this.generations.moved(sessionId, person, to).then(
      (started) => started && this.supersede(started),
      (err: unknown) => this.ctx.log.error({ err, sessionId, participantId }, 'caucus generations could not follow a move'),
    );
    const conns = this.byParticipant.get(key(sessionId, participantId));
    if (!conns) return;
    const settings = this.ctx.spaces.settings(sessionId) ?? undefined;
    for (const conn of [...conns]) this.reassess(conn, to, settings);
  }

  /** Closes every connection to an earlier generation of `g`'s caucus documents (4409): the
   * client opens the current one with a fresh Y.Doc, so nothing old is carried into it. */
  private supersede(g: Generation): void {
    for (const c of this.connectionsIn(g.sessionId)) {
      const r = c.doc;
      if (r.scope !== g.space || !hasGenerations(r.kind, r.scope) || (r.generation ?? 1) >= g.number) continue;
      c.close(CloseCode.SUPERSEDED, 'a new generation of this caucus started');
    }
  }

  /** Every connection of the session, those whose document is still loading included (they
   * would otherwise miss a close or a change of access that happens during the load). */
  private connectionsIn(sessionId: string): Connection[] {
    const out: Connection[] = [];
    for (const set of this.byParticipant.values()) for (const c of set) if (c.doc.sessionId === sessionId) out.push(c);
    return out;
  }

  /** Runs synchronously inside control:updateSettings: access that depends on the settings
   * (parties on the agreement) changes on the open connections at once, without a reconnect. The
   * settings come with the event because the room may not have published them yet. */
  settingsChanged(sessionId: string, settings: SessionSettings): void {
    for (const conn of this.connectionsIn(sessionId)) this.reassess(conn, this.ctx.spaces.currentSpace(sessionId, conn.participantId), settings);
  }

  private reassess(conn: Connection, space: SpaceId | null, settings: SessionSettings | undefined): void {
    // Offline for a moment (a dropped connection, a rejoin, another window taking over) is not a
    // move: close with AWAY, which the client retries until the person is back in the room.
    if (space === null) return conn.close(CloseCode.AWAY, 'not in the room right now');
    const access: DocAccess = docAccess({ id: conn.participantId, role: conn.principal.participant.role, space }, conn.doc, { partiesEditAgreement: settings?.partiesEditAgreement });
    if (access === 'none') conn.close(CloseCode.MOVED_OUT, 'moved out of this space');
    else conn.access = access;
  }

  closeParticipant(sessionId: string, participantId: string, code: number, reason: string): void {
    for (const conn of [...(this.byParticipant.get(key(sessionId, participantId)) ?? [])]) conn.close(code, reason);
  }

  closeSession(sessionId: string, code: number, reason: string): void {
    for (const c of this.connectionsIn(sessionId)) c.close(code, reason);
  }

  /** Clustered: this node no longer hosts the session (lease lost, drained, released). Its
   * connections close with SESSION_MOVED (the client asks the route and reconnects to the new
   * owner) and its documents are unloaded, so a later return to this node loads them afresh from
   * storage rather than serving a copy that missed the other node's edits. Resolves once the
   * session's queued writes are done (refused ones included: a stale owner's writes are fenced). */
  async evictSession(sessionId: string, reason: string): Promise<void> {
    this.closeSession(sessionId, CloseCode.SESSION_MOVED, reason);
    const names: string[] = [];
    for (const d of [...this.docs.values()]) {
      if (d.ref.sessionId !== sessionId) continue;
      for (const c of [...d.conns]) c.close(CloseCode.SESSION_MOVED, reason);
      this.docs.delete(d.name);
      d.destroy();
      names.push(d.name);
    }
    await Promise.allSettled(names.map((n) => this.writes.idle(n)));
  }

  /** Sessions with a loaded document or an open connection here (only connections with
   * `connectedOnly`), for the cluster's load figures and leases. */
  liveSessions(connectedOnly = false): Set<string> {
    const out = new Set<string>();
    if (!connectedOnly) for (const d of this.docs.values()) out.add(d.ref.sessionId);
    for (const set of this.byParticipant.values()) for (const c of set) out.add(c.doc.sessionId);
    return out;
  }

  connectionsOf(sessionId: string, participantId: string): number {
    return this.byParticipant.get(key(sessionId, participantId))?.size ?? 0;
  }

  async read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
    const d = await this.load(docName);
    try {
      return fn(d.doc);
    } finally {
      d.markIdleIfUnused();
    }
  }

  /** Resolves once the change is stored and sent (like a client update, stored first). */
  async change(docName: string, origin: string, fn: (doc: Y.Doc) => void): Promise<void> {
    const ref = parseDocName(docName);
    if (ref) await this.generations.markUsed(ref);
    const d = await this.load(docName);
    try {
      d.doc.transact(() => fn(d.doc), origin);
    } finally {
      d.markIdleIfUnused();
    }
    await d.settled();
  }

  current(doc: DocRef): Promise<DocRef> {
    return resolveCurrent(this.ctx, doc);
  }

  accessOf(principal: Principal, doc: DocRef): Promise<DocAccess> {
    return currentAccess(this.ctx, principal, doc);
  }

  /** Closes every connection, folds every document into its snapshot, and waits for every
   * queued write, so the store can be closed after it. */
  async shutdown(): Promise<void> {
    clearInterval(this.compactTimer);
    clearInterval(this.sweepTimer);
    await Promise.allSettled([...this.loading.values()]);
    for (const d of this.docs.values()) {
      for (const c of [...d.conns]) c.close(CloseCode.GOING_AWAY, 'server shutting down');
      d.destroy();
    }
    this.docs.clear();
    await this.writes.drain();
    await this.commits.drain();
  }
}
