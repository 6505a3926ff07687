/**
 * Caucus generations: whose material a caucus board or private draft is.
 *
 * The rule on every channel: material belongs to the people or sides who were there when it was
 * made (chat fixes its readers when a message is written). A Yjs document cannot be filtered per
 * reader, so a caucus's documents come in generations, each with an AUDIENCE: the sides present
 * (non-mediators; someone without a side counts as themselves, see `audienceKey`).
 *
 * - A generation's audience is fixed when its documents are first used (a connection opens one, or
 *   the server changes one): the sides present at that moment. Before that nothing was made, so
 *   anyone present may still join it.
 * - A used generation with an empty audience (only mediators were there: e.g. a mediator preparing
 *   the board) adopts the sides of the first people who enter.
 * - When someone whose side is not in the current (used) generation's audience enters the caucus,
 *   a new generation starts, with fresh empty documents, for the people then present.
 * - Non-mediators open only the current generation live; an earlier one only over HTTP (export)
 *   and only if they are in its audience. Mediators read every generation.
 *
 * Generations are kept in the generation store (`ctx.stores.generations`), so a restart keeps
 * them. This class holds the rules and a cache; every operation of one session runs in order (one
 * chain per session), so a space change is fully applied before a later access check reads it.
 */
import { audienceKey, hasGenerations, isCaucus, isMediatorRole, type DocRef, type Role, type SpaceId } from '@mediation/shared';
import type { GenerationStore } from '../storage/types.js';

export interface Generation {
  sessionId: string;
  space: string;
  number: number;
  /** Audience keys (`side:<side>` or `person:<id>`). */
  audience: string[];
  used: boolean;
}

export interface Person {
  id: string;
  role: Role;
  side: string | null;
}

export type GenerationVerdict =
  | { ok: true }
  | { ok: false; why: 'superseded' | 'not-audience' | 'unknown' };

const k = (sessionId: string, space: string) => `${sessionId}\u0000${space}`;

export class CaucusGenerations {
  private readonly cache = new Map<string, Generation[]>();
  /** Who is in which caucus right now (online, from the room's space changes). */
  private readonly present = new Map<string, Map<string, Person>>();
  /** The tail of each session's chain of operations. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly store: GenerationStore) {}

  /** Runs `fn` after every earlier operation of the session (failures do not block later ones). */
  private serial<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(sessionId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.chains.set(sessionId, tail);
    void tail.then(() => {
      if (this.chains.get(sessionId) === tail) this.chains.delete(sessionId);
    });
    return next;
  }

  private async list(sessionId: string, space: string): Promise<Generation[]> {
    const key = k(sessionId, space);
    let gens = this.cache.get(key);
    if (!gens) {
      const stored = await this.store.list(sessionId, space);
      // Another caller of the same chain cannot have filled it meanwhile (operations are serial).
      gens = this.cache.get(key) ?? stored;
      this.cache.set(key, gens);
    }
    return gens;
  }

  private async currentOf(sessionId: string, space: string): Promise<Generation> {
    const gens = await this.list(sessionId, space);
    return gens[gens.length - 1] ?? this.create(sessionId, space, 1);
  }

  private async create(sessionId: string, space: string, number: number): Promise<Generation> {
    const g: Generation = { sessionId, space, number, audience: [], used: false };
    await this.store.add(g, Date.now());
    (await this.list(sessionId, space)).push(g);
    return g;
  }

  private presentKeys(sessionId: string, space: string): string[] {
    const keys = new Set<string>();
    for (const p of this.present.get(k(sessionId, space))?.values() ?? []) {
      const key = audienceKey(p);
      if (key) keys.add(key);
    }
    return [...keys].sort();
  }

  /** The current generation (created, unused, on first need). */
  current(sessionId: string, space: string): Promise<Generation> {
    return this.serial(sessionId, () => this.currentOf(sessionId, space));
  }

  get(sessionId: string, space: string, number: number): Promise<Generation | null> {
    return this.serial(sessionId, async () => (await this.list(sessionId, space)).find((g) => g.number === number) ?? null);
  }

  /**
   * Follows the room (call on every space change, in order, before access is reassessed; the
   * session's later operations wait for it). Resolves to the generation that has just started in
   * `to`, if this entry started one.
   */
  moved(sessionId: string, person: Person | (() => Promise<Person | null>), to: SpaceId | null): Promise<Generation | null> {
    return this.serial(sessionId, async () => {
      const who = typeof person === 'function' ? await person() : person;
      if (!who) return null;
      for (const [key, members] of this.present) if (key.startsWith(`${sessionId}\u0000`)) members.delete(who.id);
      if (to === null || !isCaucus(to)) return null;
      const key = k(sessionId, to);
      let members = this.present.get(key);
      if (!members) this.present.set(key, (members = new Map()));
      members.set(who.id, who);
      const mine = audienceKey(who);
      if (!mine) return null;
      const g = await this.currentOf(sessionId, to);
      if (!g.used || g.audience.includes(mine)) return null;
      if (g.audience.length === 0) {
        // Only mediators have used it: nothing in it belongs to a side yet.
        g.audience = this.presentKeys(sessionId, to);
        await this.store.save(g);
        return null;
      }
      return this.create(sessionId, to, g.number + 1);
    });
  }

  /** A document of this generation is being used: its audience is who is present now. */
  markUsed(ref: DocRef): Promise<void> {
    if (!hasGenerations(ref.kind, ref.scope)) return Promise.resolve();
    return this.serial(ref.sessionId, async () => {
      const number = ref.generation ?? 1;
      const g = (await this.list(ref.sessionId, ref.scope)).find((x) => x.number === number) ?? (number === 1 ? await this.currentOf(ref.sessionId, ref.scope) : null);
      if (!g || g.used) return;
      g.used = true;
      g.audience = this.presentKeys(ref.sessionId, ref.scope);
      await this.store.save(g);
    });
  }

  /**
   * May `person` open this generation of a caucus document? `live` is a websocket (non-mediators
   * only ever the current generation); otherwise an HTTP read (an earlier generation's export for
   * its audience). The caller has already applied the space policy (`docAccess`).
   */
  check(person: Person, ref: DocRef, live: boolean): Promise<GenerationVerdict> {
    if (!hasGenerations(ref.kind, ref.scope)) return Promise.resolve({ ok: true });
    return this.serial(ref.sessionId, async (): Promise<GenerationVerdict> => {
      const number = ref.generation ?? 1;
      const current = await this.currentOf(ref.sessionId, ref.scope);
      if (number > current.number) return { ok: false, why: 'unknown' };
      if (isMediatorRole(person.role)) return { ok: true };
      const mine = audienceKey(person);
      if (number === current.number) return !current.used || (mine !== null && current.audience.includes(mine)) ? { ok: true } : { ok: false, why: 'not-audience' };
      if (live) return { ok: false, why: 'superseded' };
      const g = (await this.list(ref.sessionId, ref.scope)).find((x) => x.number === number);
      return g && mine !== null && g.audience.includes(mine) ? { ok: true } : { ok: false, why: 'not-audience' };
    });
  }

  /** For tests and diagnostics. */
  all(sessionId: string, space: string): Promise<readonly Generation[]> {
    return this.serial(sessionId, () => this.list(sessionId, space));
  }
}
