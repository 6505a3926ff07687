/**
 * The sessions this node owns: admission (claim when unowned, adopt a lease another node placed
 * here, refuse with the owner's prefix otherwise), lease renewal, giving sessions up (lost lease,
 * stale write, idle, drain), and the heartbeat that advertises this node's load.
 */
import type { Logger } from 'pino';
import type { ClusterConfig } from './config.js';
import type { SessionHost } from './host.js';
import type { Leases, Owner } from './leases.js';
import { leastLoaded, type NodeInfo, type NodeRegistry } from './nodes.js';
import type { Admission, SessionPlacement } from './placement.js';

/** Durable-storage fencing (storage/types.ts FencingStore; PostgreSQL's `session_fence`): the new
 * owner raises the session's epoch before serving; writes carrying an older epoch are refused. */
export interface Fencing {
  /** True when the stored epoch is now `epoch`; false when it is already higher. */
  claim(sessionId: string, epoch: number): Promise<boolean>;
  epoch(sessionId: string): Promise<number>;
}

export interface ClusterStats {
  claims: number;
  adopted: number;
  dropped: number;
  released: number;
  staleWrites: number;
  renewErrors: number;
}

const moved = (prefix: string | null, reason = 'this session is hosted by another node'): Admission => ({ ok: false, code: 'MOVED', reason, prefix });
const unavailable = (reason: string): Admission => ({ ok: false, code: 'UNAVAILABLE', reason, prefix: null });

export class Ownership implements SessionPlacement {
  readonly clustered = true;
  private readonly owned = new Map<string, { epoch: number; idleSince: number | null }>();
  /** The epoch each session was last served under here, kept after giving it up: storage fences
   * this node's late writes of a session with it (storage/types.ts EpochOf). */
  private readonly lastEpoch = new Map<string, number>();
  private readonly admitting = new Map<string, Promise<Admission>>();
  private timers: NodeJS.Timeout[] = [];
  private lastCpu = process.cpuUsage();
  private lastCpuAt = Date.now();
  private cpu = 0;
  private redisDown = false;
  draining = false;
  readonly stats: ClusterStats = { claims: 0, adopted: 0, dropped: 0, released: 0, staleWrites: 0, renewErrors: 0 };

  constructor(
    private readonly cfg: ClusterConfig,
    private internalUrl: string,
    private readonly leases: Leases,
    private readonly nodes: NodeRegistry,
    private readonly fencing: Fencing,
    private readonly host: SessionHost,
    private readonly log: Logger,
  ) {}

  setInternalUrl(url: string): void {
    this.internalUrl = url;
  }

  get nodeId(): string {
    return this.cfg.nodeId;
  }

  /** The epoch under which this node serves, or last served, the session (the storage fence
   * stamps it on the session's writes); undefined if it never did. */
  epochOf(sessionId: string): number | undefined {
    return this.owned.get(sessionId)?.epoch ?? this.lastEpoch.get(sessionId);
  }

  owns(sessionId: string): boolean {
    return this.owned.has(sessionId);
  }

  ownedSessions(): Map<string, number> {
    return new Map([...this.owned].map(([id, o]) => [id, o.epoch]));
  }

  start(): void {
    void this.beat();
    this.timers.push(setInterval(() => void this.beat(), this.cfg.heartbeatMs));
    this.timers.push(setInterval(() => void this.renewAll(), this.cfg.renewMs));
    for (const t of this.timers) t.unref();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  info(): NodeInfo {
    return {
      id: this.cfg.nodeId, prefix: this.cfg.prefix, internalUrl: this.internalUrl,
      sessions: this.owned.size, participants: this.host.participants(), cpu: this.cpu, draining: this.draining, at: Date.now(),
    };
  }

  private async beat(): Promise<void> {
    const now = Date.now();
    const used = process.cpuUsage(this.lastCpu);
    this.cpu = Math.round(((used.user + used.system) / 1000 / Math.max(1, now - this.lastCpuAt)) * 100) / 100;
    this.lastCpu = process.cpuUsage();
    this.lastCpuAt = now;
    try {
      await this.nodes.beat(this.info());
      this.redisDown = false;
    } catch {
      this.redisDown = true;
    }
  }

  /** The prefix of a node, from its heartbeat (or the naming convention when it has none). */
  private async prefixOf(node: string): Promise<string> {
    if (node === this.cfg.nodeId) return this.cfg.prefix;
    return (await this.nodes.get(node).catch(() => null))?.prefix ?? `/n/${node}`;
  }

  /** `GET /api/route`: the owner (placing an unowned session on the least loaded node). */
  async route(sessionId: string, waited = false): Promise<{ owner: Owner; prefix: string }> {
    const mine = this.owned.get(sessionId);
    if (mine) return { owner: { node: this.cfg.nodeId, epoch: mine.epoch }, prefix: this.cfg.prefix };
    let owner = await this.leases.owner(sessionId);
    if (owner && owner.node !== this.cfg.nodeId && !waited && !(await this.nodes.get(owner.node))) {
      // The owner stopped heartbeating (dead, or frozen): its lease runs out within LEASE_MS.
      // Answer once it has, with the session placed on a live node, rather than send the person
      // to a node that cannot answer (the client would only come back to ask again).
      const left = await this.leases.ttl(sessionId);
      if (left > 0 && left <= this.cfg.leaseMs) {
        await new Promise((r) => setTimeout(r, left + 50));
        return this.route(sessionId, true);
      }
    }
    if (!owner) {
      const target = leastLoaded(await this.nodes.live(), this.cfg.heartbeatMs * 2.5) ?? (this.draining ? null : this.info());
      if (!target) throw new Error('no node is available for new sessions');
      owner = await this.leases.claim(sessionId, target.id);
      if (owner.node === target.id) {
        this.stats.claims++;
        this.log.info({ sessionId, node: owner.node, epoch: owner.epoch }, 'session placed');
      }
    }
    return { owner, prefix: await this.prefixOf(owner.node) };
  }

  admit(sessionId: string): Promise<Admission> {
    if (this.owned.has(sessionId)) return Promise.resolve({ ok: true });
    let pending = this.admitting.get(sessionId);
    if (!pending) {
      pending = this.tryAdmit(sessionId).finally(() => this.admitting.delete(sessionId));
      this.admitting.set(sessionId, pending);
    }
    return pending;
  }

  private async tryAdmit(sessionId: string, floor = 0): Promise<Admission> {
    let owner: Owner | null;
    try {
      owner = await this.leases.owner(sessionId);
      if (!owner) {
        if (this.draining) {
          // Draining: no new sessions here; place it elsewhere and send the person there.
          const { prefix } = await this.route(sessionId);
          return moved(prefix, 'this node is draining');
        }
        owner = await this.leases.claim(sessionId, this.cfg.nodeId, floor);
        if (owner.node === this.cfg.nodeId) this.stats.claims++;
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message, sessionId }, 'cannot reach redis to place a session');
      return unavailable('Session placement is unavailable for a moment; retrying.');
    }
    if (owner.node !== this.cfg.nodeId) return moved(await this.prefixOf(owner.node));
    let fenced: boolean;
    try {
      fenced = await this.fencing.claim(sessionId, owner.epoch);
    } catch (err) {
      // The database is away: we cannot serve without fencing. Let the lease go so that whoever
      // asks next (here or elsewhere) tries again once it is back.
      this.log.warn({ err: (err as Error).message, sessionId }, 'cannot record the session epoch in storage');
      await this.leases.release(sessionId, this.cfg.nodeId, owner.epoch).catch(() => undefined);
      return unavailable('The database is unavailable for a moment; retrying.');
    }
    if (!fenced) {
      // Storage knows a higher epoch than Redis (Redis restarted without its data): claim above it.
      const stored = await this.fencing.epoch(sessionId).catch(() => owner.epoch + 1000);
      this.log.warn({ sessionId, epoch: owner.epoch, stored }, 'storage holds a higher epoch; claiming above it');
      await this.leases.release(sessionId, this.cfg.nodeId, owner.epoch).catch(() => undefined);
      if (floor === 0) return this.tryAdmit(sessionId, stored);
      return unavailable('The session could not be opened on this node; retrying.');
    }
    this.owned.set(sessionId, { epoch: owner.epoch, idleSince: null });
    this.lastEpoch.set(sessionId, owner.epoch);
    this.stats.adopted++;
    this.log.info({ sessionId, epoch: owner.epoch }, 'serving session');
    return { ok: true };
  }

  private async renewAll(): Promise<void> {
    const now = Date.now();
    const loaded = this.host.loadedSessions();
    const active = this.draining ? this.host.activeSessions() : loaded;
    for (const [sessionId, o] of [...this.owned]) {
      if (this.owned.get(sessionId) !== o) continue;
      if (!active.has(sessionId) && !this.admitting.has(sessionId)) {
        o.idleSince ??= now;
        if (this.draining || now - o.idleSince >= this.cfg.releaseIdleMs) {
          await this.release(sessionId, this.draining ? 'node draining: session finished' : 'idle');
          continue;
        }
      } else o.idleSince = null;
      try {
        const still = await this.leases.renew(sessionId, this.cfg.nodeId, o.epoch);
        if (!still) await this.drop(sessionId, 'lease lost to another node');
      } catch {
        // Redis unreachable: keep serving. Nobody can claim meanwhile, and if Redis comes back
        // without our lease, RENEW re-establishes it unless someone claimed a higher epoch. A node
        // cut off from Redis while others are not is stopped by the PostgreSQL fence instead.
        this.stats.renewErrors++;
      }
    }
  }

  /** Stop serving without touching the lease (it is someone else's now). */
  async drop(sessionId: string, reason: string): Promise<void> {
    if (!this.owned.delete(sessionId)) return;
    this.stats.dropped++;
    this.log.warn({ sessionId, reason }, 'giving the session up');
    await this.host.evict(sessionId, reason);
  }

  /** A durable write of this session was refused as stale: another node owns it now. */
  staleWrite(sessionId: string): void {
    this.stats.staleWrites++;
    void this.drop(sessionId, 'storage refused a stale write');
  }

  /** Let the session go cleanly: evict (writes settle while the lease is still ours), then release. */
  async release(sessionId: string, reason: string): Promise<void> {
    const o = this.owned.get(sessionId);
    if (!o) return;
    this.owned.delete(sessionId);
    await this.host.evict(sessionId, reason);
    this.stats.released++;
    await this.leases.release(sessionId, this.cfg.nodeId, o.epoch).catch(() => undefined);
    this.log.info({ sessionId, reason }, 'session released');
  }

  /**
   * SIGTERM: advertise "draining" at once (no new placements), wait for the sessions here to
   * finish (renewAll releases each one as its last person leaves), and, past the deadline, release
   * the rest so their people reconnect to another node. Resolves when nothing is owned.
   */
  async drain(deadlineMs: number | null): Promise<void> {
    this.draining = true;
    await this.beat();
    const started = Date.now();
    while (this.owned.size > 0) {
      if (deadlineMs !== null && Date.now() - started >= deadlineMs) {
        for (const id of [...this.owned.keys()]) await this.release(id, 'node draining: deadline reached');
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    this.stop();
    await this.nodes.remove(this.cfg.nodeId).catch(() => undefined);
  }

  get redisReachable(): boolean {
    return !this.redisDown;
  }
}
