/**
 * A loaded document: the Y.Doc, its awareness, and its connections. All sends to clients go
 * through `send` (the egress path), which refuses anyone whose current access is 'none'.
 *
 * Writes are async (the document store) and keep two guarantees through the document's write
 * queue (persistence.ts): an update is stored before it is sent to anyone, and updates are stored
 * and sent in the order they arrived. A client update is handed to the group commit as it arrives
 * (groupCommit.ts: one transaction for everything that arrives together, across documents); a
 * queued task waits until it is stored, then applies and broadcasts it, so the in-memory document
 * never holds a client's update that storage lacks.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, type DocRef } from '@mediation/shared';
import type { Logger } from 'pino';
import { Connection } from './connection.js';
import { updateFrame, type UpdateFrame } from './frames.js';
import { AwarenessLimitError, stampIdentity } from './identity.js';
import type { CollabLimits } from './limits.js';
import { awarenessMessage, decodeIncoming, syncStep1Message, syncStep2Message, updateMessage } from './messages.js';
import type { DocumentStore } from '../storage/types.js';
import type { GroupCommit } from './groupCommit.js';
import { loadInto, type DocWriteQueue } from './persistence.js';

/** Origin of updates replayed from storage: neither stored again nor broadcast. */
export const LOAD_ORIGIN = Symbol('load');

/** Told of every update applied and sent (the registry announces it to the features). */
export type UpdateListener = (doc: SharedDoc, update: Uint8Array, origin: unknown) => void;

/** Closes the connections of a document dropped from memory after a client update failed half
 * way (see `applyClientUpdate`). 1012 ("service restart") is not one of our permanent 44xx
 * codes, so the stock provider reconnects and resyncs with the state reloaded from storage. */
export const RESYNC_CLOSE_CODE = 1012;

export class SharedDoc {
  readonly doc = new Y.Doc();
  /** Made on first use (a connection): a document loaded only for the server (a read, a change,
   * an export) or left by everyone before it unloads never pays for one (maps and a timer). */
  private presence: awarenessProtocol.Awareness | null = null;
  readonly conns = new Set<Connection>();
  private lastSeq = 0;
  /** Client updates already stored (their seq known) but not yet applied here: a compaction must
   * not fold the log past the lowest of them, since the snapshot would lack it (a server change
   * or a guard's correction, appended later, can get a higher seq and be applied first). */
  private storedNotApplied: Set<number> | null = null;
  private appendedSinceCompact = 0;
  /** When the last connection left (or a server-side use ended); null while connected. The
   * registry's sweep unloads documents idle for longer than the unload delay. */
  idleSince: number | null = Date.now();
  refused = 0;
  /** While a client update is being applied, what its transaction(s) emitted: delivered only once
   * Yjs has returned without throwing (a push per update, no extra decoding). */
  private held: Array<[Uint8Array, unknown]> | null = null;
  /** Set once the in-memory state may differ from storage; the document is then unusable. */
  broken = false;
  /** Set once unloaded: queued writes still land, nothing is applied or sent any more. */
  private destroyed = false;
  /** Told of every malformed frame (the registry refuses a participant who keeps sending them). */
  onBadFrame: (conn: Connection) => void = () => {};
  /** Judges an update from a connection with 'suggest' access (parties on the agreement): true
   * lets it through like a writer's. Installed by the agreement module; without it, such updates
   * are refused like a reader's. */
  suggestionGuard: ((participantId: string, update: Uint8Array) => boolean) | null = null;

  constructor(
    readonly name: string,
    readonly ref: DocRef,
    private readonly store: DocumentStore,
    /** Appends to the update log (batched across documents); the store itself compacts and discards. */
    private readonly commits: GroupCommit,
    private readonly queue: DocWriteQueue,
    private readonly limits: CollabLimits,
    private readonly log: Logger,
    private readonly announce: UpdateListener,
    /** Called when the in-memory doc can no longer be trusted: the registry drops it. */
    private readonly onBroken: (d: SharedDoc) => void = () => {},
  ) {
  }

  get awareness(): awarenessProtocol.Awareness {
    if (this.presence) return this.presence;
    const awareness = (this.presence = new awarenessProtocol.Awareness(this.doc));
    // The server is not a participant: it has no awareness state of its own.
    awareness.setLocalState(null);
    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const changed = [...added, ...updated, ...removed];
      const msg = awarenessMessage(awareness, changed);
      for (const c of this.conns) this.send(c, msg);
    });
    return awareness;
  }

  /** Loads the stored state, then starts listening. Called once, before anyone can use the doc. */
  async init(): Promise<void> {
    this.lastSeq = await loadInto(this.store, this.name, this.doc, LOAD_ORIGIN, (seq, err) => this.log.error({ err, doc: this.name, seq }, 'skipped an unreadable stored update'));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
  }

  /** Server-side changes (DocService) are queued here: stored, then broadcast. Client updates
   * were stored before they were applied (see `applyClientUpdate`). */
  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    if (this.held) {
      this.held.push([update, origin]);
      return;
    }
    void this.queue.run(this.name, () => this.deliver(update, origin)).catch((err: unknown) => {
      // Applied in memory but not stored: this copy is no longer the truth. Drop it; its clients
      // resync with what storage holds.
      this.log.error({ err, doc: this.name }, 'a server-side change could not be stored');
      this.markBroken();
    });
  }

  private markBroken(): void {
    if (this.broken) return;
    this.broken = true;
    this.onBroken(this);
  }

  /** Resolves once every write queued so far (server changes included) has landed. Rejects if
   * one failed and this copy was dropped. */
  async settled(): Promise<void> {
    await this.queue.idle(this.name);
    if (this.broken) throw new Error(`document ${this.name} could not be stored`);
  }

  /** Runs inside a queued task. */
  private async deliver(update: Uint8Array, origin: unknown): Promise<void> {
    if (!(origin instanceof Connection)) this.appended(await this.commits.append(this.name, update));
    if (this.destroyed) return;
    this.broadcast(update, origin);
  }

  /** Sends a stored update to everyone but its sender, then tells the features. The message is
   * framed once and the same bytes are written to every socket (frames.ts). */
  private broadcast(update: Uint8Array, origin: unknown): void {
    const out = updateFrame(update);
    for (const c of this.conns) if (c !== origin) this.sendFrame(c, out);
    this.notify(update, origin);
  }

  /** A client update that made a rule (the board guard) change the doc synchronously, inside the
   * same apply: the others get the client's update and the correction as one update, so they
   * apply both in one transaction and never see the forbidden state (e.g. a card deleted by a
   * non-author). Only this rare path pays for the merge. */
  private async deliverTogether(sender: Connection, held: Array<[Uint8Array, unknown]>): Promise<void> {
    // Appended together (one commit), in order; the client's own update was stored before it was applied.
    const seqs = await Promise.all(held.filter(([, origin]) => !(origin instanceof Connection)).map(([u]) => this.commits.append(this.name, u)));
    for (const seq of seqs) this.appended(seq);
    if (this.destroyed) return;
    const all = updateMessage(Y.mergeUpdates(held.map(([u]) => u)));
    const corrections = held.filter(([, origin]) => origin !== sender).map(([u]) => u);
    const back = corrections.length > 0 ? updateMessage(Y.mergeUpdates(corrections)) : null;
    for (const c of this.conns) {
      if (c !== sender) this.send(c, all);
      else if (back) this.send(c, back);
    }
    for (const [u, origin] of held) this.notify(u, origin);
  }

  private notify(update: Uint8Array, origin: unknown): void {
    try {
      this.announce(this, update, origin);
    } catch (err) {
      this.log.error({ err }, 'doc update listener failed');
    }
    if (this.appendedSinceCompact >= this.limits.compactEvery) void this.compact();
  }

  private appended(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.appendedSinceCompact++;
  }

  /** Folds the log into a snapshot of what is in memory now. Queued like every write: the
   * snapshot holds exactly what was applied, and `upto` is the last update applied from the log
   * (below any stored update still waiting to be applied), so updates not in the snapshot stay in
   * the log. */
  compact(): Promise<void> {
    if (this.appendedSinceCompact === 0 || this.broken) return Promise.resolve();
    const state = Y.encodeStateAsUpdate(this.doc);
    let upto = this.lastSeq;
    for (const seq of this.storedNotApplied ?? []) upto = Math.min(upto, seq - 1);
    this.appendedSinceCompact = 0;
    return this.queue.run(this.name, () => this.store.compact(this.name, state, upto)).catch((err: unknown) => {
      // Nothing is lost: the log is still there, and the next compaction folds it.
      this.log.error({ err, doc: this.name }, 'yjs compaction failed');
    });
  }

  /** The egress path: with `sendFrame`, the only place a message leaves for a client. */
  send(conn: Connection, message: Uint8Array): void {
    if (this.mayReceive(conn)) conn.transmit(message);
  }

  /** `send` of an update framed once for all its recipients (broadcast). */
  private sendFrame(conn: Connection, out: UpdateFrame): void {
    if (this.mayReceive(conn)) conn.transmitFrame(out);
  }

  private mayReceive(conn: Connection): boolean {
    if (conn.access !== 'none') return true;
    // Only reached if access was withdrawn without the registry closing the connection with its
    // precise reason; never claim a move that may not have happened.
    conn.close(CloseCode.FORBIDDEN, 'no longer allowed');
    return false;
  }

  /** `early`: what the connection sent while the document was loading, handled in order now. */
  add(conn: Connection, early: ReadonlyArray<[Buffer, boolean]> = []): void {
    this.idleSince = null;
    this.conns.add(conn);
    conn.whenClosed(() => this.remove(conn));
    const onMessage = (data: Buffer, isBinary: boolean) => {
      // Nothing a client sends may escape as an exception (that would end the process): every
      // known bad input is refused inside `receive`; anything else is our bug, logged, and only
      // this connection is closed (1011, which the client retries with backoff).
      try {
        this.receive(conn, data, isBinary);
      } catch (err) {
        this.log.error({ err, doc: this.name }, 'a Yjs message could not be handled');
        conn.close(1011, 'internal error');
      }
    };
    conn.ws.on('message', onMessage);
    // Start the y-websocket handshake from our side too, then tell them who is here.
    this.send(conn, syncStep1Message(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) this.send(conn, awarenessMessage(this.awareness, states));
    for (const [data, isBinary] of early) onMessage(data, isBinary);
  }

  private remove(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    if (conn.awarenessIds.size > 0 && this.presence) awarenessProtocol.removeAwarenessStates(this.presence, [...conn.awarenessIds], conn);
    if (this.conns.size === 0) this.idleSince = Date.now();
  }

  /** Closes only the sender of something unreadable; the document and everyone else carry on. */
  private refuseMalformed(conn: Connection, reason: string): void {
    conn.close(CloseCode.MALFORMED, reason);
    this.onBadFrame(conn);
  }

  private receive(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (conn.closed || this.broken) return;
    if (!isBinary) return this.refuseMalformed(conn, 'binary messages only');
    let msg;
    try {
      // A Buffer is a Uint8Array: decoded in place (the update is a view into it, not a copy).
      msg = decodeIncoming(data);
    } catch {
      return this.refuseMalformed(conn, 'malformed message');
    }
    switch (msg.type) {
      case 'step1': {
        // The state vector is decoded only here: an unreadable one must close its sender, not
        // escape the message handler (an exception there would take the server down).
        let reply: Uint8Array;
        try {
          reply = syncStep2Message(this.doc, msg.stateVector);
        } catch {
          return this.refuseMalformed(conn, 'malformed state vector');
        }
        return this.send(conn, reply);
      }
      case 'update':
        return this.applyClientUpdate(conn, msg.update);
      case 'awareness':
        return this.applyAwareness(conn, msg.update);
      case 'queryAwareness':
        // One byte in, every state out: limited like awareness updates, or it amplifies.
        if (!conn.awarenessRate.take()) return conn.close(CloseCode.RATE_LIMITED, 'too many awareness queries');
        return this.send(conn, awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
      case 'ignored':
        return;
    }
  }

  /** Read-only and over-limit updates never touch the doc; valid ones are stored, then applied. */
  private applyClientUpdate(conn: Connection, update: Uint8Array): void {
    // The limit comes first: a read-only connection's updates are dropped, but receiving and
    // counting them still costs the server, so flooding is closed for readers too.
    if (!conn.updates.take()) return conn.close(CloseCode.RATE_LIMITED, 'too many updates');
    // A provider answers the sync handshake with an empty update (no structs, no deletes): skip it.
    const empty = update.length === 2 && update[0] === 0 && update[1] === 0;
    const suggestionOnly = conn.access === 'suggest' && !empty && this.suggestionGuard?.(conn.participantId, update) === true;
    if (conn.access !== 'write' && !suggestionOnly) {
      // Observers' providers still answer the sync handshake; their updates are simply refused.
      // So is anything but their own suggestions from a 'suggest' connection (see the guard).
      this.refused++;
      // A party's refused change leaves their copy with structs the server will never have, and
      // each later change of theirs builds on it, so Yjs would park it as pending forever: their
      // typing would look saved and be lost. Close so the window reopens with a fresh copy.
      if (conn.access === 'suggest' && !empty) conn.close(CloseCode.CHANGE_REFUSED, 'only your own suggestions can be saved');
      return;
    }
    if (empty) return;
    // Nothing queued before it and a store that writes synchronously (SQLite's journal): stored,
    // applied and sent in this call, the write first. No later update can overtake it: this runs
    // to its end before the next message is read.
    if (!this.queue.busy(this.name)) {
      let seq: number | null;
      try {
        seq = this.commits.appendNow(this.name, update);
      } catch (err) {
        // Not stored (so never applied nor sent): the sender's provider resends it after a reconnect.
        this.log.error({ err, doc: this.name }, 'a client update could not be stored');
        return conn.close(1011, 'internal error');
      }
      if (seq !== null) {
        const rest = this.applyNow(conn, update, seq);
        if (rest) {
          void this.queue.run(this.name, rest).catch((err: unknown) => {
            this.log.error({ err, doc: this.name }, 'a client update could not be completed');
            conn.close(1011, 'internal error');
          });
        }
        return;
      }
    }
    // Stored at once, with whatever else arrives in this turn of the event loop (group commit);
    // applied and sent in arrival order, each only once it is stored (the queued task waits).
    const stored = this.commits.append(this.name, update);
    // Registered first, so it runs before anything else learns the update is stored. A failure is
    // handled by the task below; this only keeps it from counting as unhandled meanwhile.
    stored.then((seq) => void (this.storedNotApplied ??= new Set()).add(seq), () => {});
    void this.queue.run(this.name, () => this.applyOnceStored(conn, update, stored)).catch((err: unknown) => {
      // Not stored (so never applied nor sent): the sender's provider resends it after a reconnect.
      this.log.error({ err, doc: this.name }, 'a client update could not be stored');
      conn.close(1011, 'internal error');
    });
  }

  /** A queued task: wait until the update is stored, then apply it, then send it on. */
  private async applyOnceStored(conn: Connection, update: Uint8Array, stored: Promise<number>): Promise<void> {
    const seq = await stored;
    try {
      await this.applyStored(conn, update, seq);
    } finally {
      this.storedNotApplied?.delete(seq);
    }
  }

  private async applyStored(conn: Connection, update: Uint8Array, seq: number): Promise<void> {
    const rest = this.applyNow(conn, update, seq);
    if (rest) await rest();
  }

  /**
   * Applies a stored client update and, in the common case, sends it on at once. Returns what is
   * left to do asynchronously, which must run before anything queued after it: withdrawing an
   * update that failed, or storing what a rule (the board guard) changed in response.
   */
  private applyNow(conn: Connection, update: Uint8Array, seq: number): (() => Promise<void>) | null {
    // Stored but no longer applied here: the next load of the document includes it.
    if (this.broken || this.destroyed) return null;
    // Yjs (13.6) decodes all structs before integrating them, but reads the delete set only after
    // integrating the structs, and its transaction cleanup emits 'update' even when that throws.
    // So nothing this update causes is broadcast or stored until applyUpdate has returned.
    const held: Array<[Uint8Array, unknown]> = (this.held = []);
    // Yjs replaces these objects whenever it parks structs or deletes it cannot integrate yet, so
    // comparing references (free) tells whether a failed update left anything behind.
    const { pendingStructs, pendingDs } = this.doc.store;
    let failure: unknown = null;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      failure = err;
    } finally {
      this.held = null;
    }
    if (failure !== null) {
      const touched = held.length > 0 || this.doc.store.pendingStructs !== pendingStructs || this.doc.store.pendingDs !== pendingDs;
      this.log.warn({ doc: this.name, error: failure instanceof Error ? failure.message : String(failure) }, 'refused an update that failed to apply');
      this.refuseMalformed(conn, 'malformed update');
      // Most garbage fails while Yjs decodes it, before anything is integrated: the document is
      // as it was, so nobody else is disturbed. Only if part of it was integrated (in memory, sent
      // to nobody) is this copy dropped: storage is the truth, and its clients resync (1012).
      if (touched) this.markBroken();
      // Withdraw it from the log so it can never poison a later load.
      return () => this.store.discard(this.name, seq);
    }
    this.appended(seq);
    if (held.length > 1) return () => this.deliverTogether(conn, held);
    const only = held[0];
    if (!only) return null;
    // The client's own update (stored already): sent now. Anything else (a rule's change alone)
    // is stored first.
    if (only[1] === conn) {
      this.broadcast(only[0], conn);
      return null;
    }
    return () => this.deliver(only[0], only[1]);
  }

  private applyAwareness(conn: Connection, update: Uint8Array): void {
    if (!conn.awarenessRate.take()) return conn.close(CloseCode.RATE_LIMITED, 'too many awareness updates');
    let stamped;
    try {
      stamped = stampIdentity(update, conn.user, conn.awarenessIds, (id) => this.ownedByOther(conn, id), {
        maxIds: this.limits.awarenessIdsPerConnection,
        maxStateBytes: this.limits.awarenessStateBytes,
        knownClock: (id) => this.awareness.meta.get(id)?.clock,
        roomForOne: () => this.awareness.getStates().size < this.limits.awarenessStatesPerDoc,
      });
    } catch (err) {
      if (err instanceof AwarenessLimitError) return conn.close(CloseCode.AWARENESS_LIMIT, err.message);
      return this.refuseMalformed(conn, 'malformed awareness update');
    }
    if (!stamped) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped.update, conn);
  }

  private ownedByOther(conn: Connection, clientId: number): boolean {
    for (const c of this.conns) if (c !== conn && c.awarenessIds.has(clientId)) return true;
    return false;
  }

  /** Marks the document idle if nobody is connected (after a server-side read or change). */
  markIdleIfUnused(): void {
    if (this.conns.size === 0) this.idleSince = Date.now();
  }

  destroy(): void {
    // A broken doc's memory is not what was stored: never fold it into the snapshot.
    if (!this.broken) void this.compact();
    this.destroyed = true;
    this.presence?.destroy();
    this.doc.destroy();
  }
}
