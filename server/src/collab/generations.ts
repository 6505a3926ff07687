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
 * Generations are stored in SQLite next to the documents, so a restart keeps them.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { audienceKey, hasGenerations, isCaucus, isMediatorRole, type DocRef, type Role, type SpaceId } from '@mediation/shared';

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
  private readonly select: StatementSync;
  private readonly insert: StatementSync;
  private readonly update: StatementSync;

  constructor(db: DatabaseSync) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS caucus_generations (
        session_id TEXT NOT NULL,
        space TEXT NOT NULL,
        gen INTEGER NOT NULL,
        audience TEXT NOT NULL,
        used INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, space, gen)
      );
    `);
    this.select = db.prepare('SELECT gen, audience, used FROM caucus_generations WHERE session_id = ? AND space = ? ORDER BY gen');
    this.insert = db.prepare('INSERT INTO caucus_generations (session_id, space, gen, audience, used, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.update = db.prepare('UPDATE caucus_generations SET audience = ?, used = ? WHERE session_id = ? AND space = ? AND gen = ?');
  }

  private list(sessionId: string, space: string): Generation[] {
    const key = k(sessionId, space);
    let gens = this.cache.get(key);
    if (!gens) {
      const rows = this.select.all(sessionId, space) as Array<{ gen: number; audience: string; used: number }>;
      gens = rows.map((r) => ({ sessionId, space, number: Number(r.gen), audience: JSON.parse(r.audience) as string[], used: r.used === 1 }));
      this.cache.set(key, gens);
    }
    return gens;
  }

  /** The current generation (created, unused, on first need). */
  current(sessionId: string, space: string): Generation {
    const gens = this.list(sessionId, space);
    return gens[gens.length - 1] ?? this.create(sessionId, space, 1);
  }

  get(sessionId: string, space: string, number: number): Generation | null {
    return this.list(sessionId, space).find((g) => g.number === number) ?? null;
  }

  private create(sessionId: string, space: string, number: number): Generation {
    const g: Generation = { sessionId, space, number, audience: [], used: false };
    this.insert.run(sessionId, space, number, '[]', 0, Date.now());
    this.list(sessionId, space).push(g);
    return g;
  }

  private save(g: Generation): void {
    this.update.run(JSON.stringify(g.audience), g.used ? 1 : 0, g.sessionId, g.space, g.number);
  }

  private presentKeys(sessionId: string, space: string): string[] {
    const keys = new Set<string>();
    for (const p of this.present.get(k(sessionId, space))?.values() ?? []) {
      const key = audienceKey(p);
      if (key) keys.add(key);
    }
    return [...keys].sort();
  }

  /**
   * Follows the room (call synchronously on every space change, before access is reassessed).
   * Returns the generation that has just started in `to`, if this entry started one.
   */
  moved(sessionId: string, person: Person, to: SpaceId | null): Generation | null {
    for (const [key, members] of this.present) if (key.startsWith(`${sessionId}\u0000`)) members.delete(person.id);
    if (to === null || !isCaucus(to)) return null;
    const key = k(sessionId, to);
    let members = this.present.get(key);
    if (!members) this.present.set(key, (members = new Map()));
    members.set(person.id, person);
    const mine = audienceKey(person);
    if (!mine) return null;
    const g = this.current(sessionId, to);
    if (!g.used || g.audience.includes(mine)) return null;
    if (g.audience.length === 0) {
      // Only mediators have used it: nothing in it belongs to a side yet.
      g.audience = this.presentKeys(sessionId, to);
      this.save(g);
      return null;
    }
    return this.create(sessionId, to, g.number + 1);
  }

  /** A document of this generation is being used: its audience is who is present now. */
  markUsed(ref: DocRef): void {
    if (!hasGenerations(ref.kind, ref.scope)) return;
    const number = ref.generation ?? 1;
    const g = this.get(ref.sessionId, ref.scope, number) ?? (number === 1 ? this.current(ref.sessionId, ref.scope) : null);
    if (!g || g.used) return;
    g.used = true;
    g.audience = this.presentKeys(ref.sessionId, ref.scope);
    this.save(g);
  }

  /**
   * May `person` open this generation of a caucus document? `live` is a websocket (non-mediators
   * only ever the current generation); otherwise an HTTP read (an earlier generation's export for
   * its audience). The caller has already applied the space policy (`docAccess`).
   */
  check(person: Person, ref: DocRef, live: boolean): GenerationVerdict {
    if (!hasGenerations(ref.kind, ref.scope)) return { ok: true };
    const number = ref.generation ?? 1;
    const current = this.current(ref.sessionId, ref.scope);
    if (number > current.number) return { ok: false, why: 'unknown' };
    if (isMediatorRole(person.role)) return { ok: true };
    const mine = audienceKey(person);
    if (number === current.number) return !current.used || (mine !== null && current.audience.includes(mine)) ? { ok: true } : { ok: false, why: 'not-audience' };
    if (live) return { ok: false, why: 'superseded' };
    const g = this.get(ref.sessionId, ref.scope, number);
    return g && mine !== null && g.audience.includes(mine) ? { ok: true } : { ok: false, why: 'not-audience' };
  }

  /** For tests and diagnostics. */
  all(sessionId: string, space: string): readonly Generation[] {
    return this.list(sessionId, space);
  }
}
