/**
 * One websocket to one document. Holds who it is (from the token), what it may do (kept current
 * by the registry on every move), its rate limits and the awareness ids it speaks for.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { CloseCode, type DocAccess, type DocRef } from '@mediation/shared';
import { DOC_WRITER, type WriterOrigin } from '../docWriter.js';
import type { DocWriter } from '../features.js';
import type { Principal } from './access.js';
import type { UpdateFrame } from './frames.js';
import type { AwarenessUser } from './identity.js';
import { TokenBucket, type CollabLimits } from './limits.js';

export class Connection implements WriterOrigin {
  access: DocAccess;
  readonly awarenessIds = new Set<number>();
  readonly updates: TokenBucket;
  readonly awarenessRate: TokenBucket;
  /** Set once closing starts; nothing is sent or accepted after that. */
  closed = false;
  private onClosed: Array<() => void> = [];
  /** The websocket's own TCP socket, for frames built once for every recipient (frames.ts); null
   * when it cannot take them (an extension was negotiated) and `ws.send` frames each message. */
  private readonly raw: Duplex | null;

  private writer: DocWriter | null = null;

  /** The person whose edits this connection applies, for other features' rules (docWriter.ts).
   * Made once per connection (the principal is fixed at connect), not on every edit: the
   * registry announces each update with its writer. Frozen, since every reader shares it. */
  get [DOC_WRITER](): DocWriter {
    if (this.writer) return this.writer;
    const p = this.principal.participant;
    return (this.writer = Object.freeze({ participantId: p.id, displayName: p.displayName, role: p.role, side: p.side }));
  }

  constructor(
    readonly ws: WebSocket,
    readonly docName: string,
    readonly doc: DocRef,
    readonly principal: Principal,
    readonly user: AwarenessUser,
    access: Exclude<DocAccess, 'none'>,
    limits: CollabLimits,
    /** The socket the websocket was upgraded on (attach.ts). */
    socket: Duplex | null = null,
  ) {
    this.access = access;
    this.raw = socket && ws.extensions === '' ? socket : null;
    this.updates = new TokenBucket(limits.updatesPerSecond, limits.burst);
    // Cursor moves are chattier than edits; allow more, but not unbounded.
    this.awarenessRate = new TokenBucket(limits.updatesPerSecond * 2, limits.burst * 2);
    ws.on('close', () => this.close(CloseCode.NORMAL, 'closed by peer'));
  }

  get participantId(): string {
    return this.principal.participant.id;
  }

  whenClosed(fn: () => void): void {
    this.onClosed.push(fn);
  }

  /** Raw send; only `SharedDoc.send` (the egress path) calls this. */
  transmit(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(message);
  }

  /** `transmit` of an update framed once for all its recipients (frames.ts): the same bytes
   * `ws.send` would write for its message. Only `SharedDoc`'s egress path calls this. */
  transmitFrame(out: UpdateFrame): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.raw) this.raw.write(out.frame);
    else this.ws.send(out.frame.subarray(out.payloadAt));
  }

  /** Stops everything at once: deregisters synchronously, then closes the socket with `code`. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.access = 'none';
    for (const fn of this.onClosed.splice(0)) fn();
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }
}
