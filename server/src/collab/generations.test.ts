import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { DocRef } from '@mediation/shared';
import { migrate } from '../storage/sqlite/migrations.js';
import { sqliteGenerationStore } from '../storage/sqlite/generations.js';
import { CaucusGenerations, type Person } from './generations.js';

const S = 'sess_000001';
const A = 'caucus:aaaa1' as const;
const ana: Person = { id: 'ana_000001', role: 'party', side: 'Claimant' };
const lee: Person = { id: 'lee_000001', role: 'attorney', side: 'Claimant' };
const ben: Person = { id: 'ben_000001', role: 'party', side: 'Respondent' };
const olive: Person = { id: 'oli_000001', role: 'observer', side: null };
const med: Person = { id: 'med_000001', role: 'mediator', side: null };
const board = (generation = 1): DocRef => ({ sessionId: S, kind: 'board', scope: A, generation });
/** A migrated in-memory database, as the server's generation store. */
const freshDb = () => {
  const db = new DatabaseSync(':memory:');
  migrate(db);
  return db;
};

describe('caucus generations', () => {
  it('keeps one generation for one side, and starts a new one when another side enters after it was used', async () => {
    const g = new CaucusGenerations(sqliteGenerationStore(freshDb()));
    await g.moved(S, ana, A);
    await g.markUsed(board());
    expect(await g.current(S, A)).toMatchObject({ number: 1, audience: ['side:Claimant'], used: true });
    expect(await g.moved(S, lee, A)).toBeNull();
    await g.moved(S, ana, 'joint');
    await g.moved(S, lee, 'joint');
    const started = await g.moved(S, ben, A);
    expect(started?.number).toBe(2);
    expect(await g.check(ben, board(1), true)).toEqual({ ok: false, why: 'superseded' });
    expect(await g.check(ben, board(1), false)).toEqual({ ok: false, why: 'not-audience' });
    expect(await g.check(ben, board(2), true)).toEqual({ ok: true });
    expect(await g.check(ana, board(1), false)).toEqual({ ok: true });
    expect(await g.check(med, board(1), true)).toEqual({ ok: true });
    expect(await g.check(med, board(3), true)).toEqual({ ok: false, why: 'unknown' });
  });

  it('lets anyone present join a generation nobody used yet, and fixes its audience at first use', async () => {
    const g = new CaucusGenerations(sqliteGenerationStore(freshDb()));
    await g.moved(S, ana, A);
    expect(await g.moved(S, ben, A)).toBeNull();
    await g.markUsed(board());
    expect((await g.current(S, A)).audience).toEqual(['side:Claimant', 'side:Respondent']);
    // Someone without a side counts as themselves.
    expect((await g.moved(S, olive, A))?.number).toBe(2);
  });

  it('gives a board only a mediator prepared to the first side that comes in', async () => {
    const g = new CaucusGenerations(sqliteGenerationStore(freshDb()));
    await g.moved(S, med, A);
    await g.markUsed(board());
    expect(await g.moved(S, ana, A)).toBeNull();
    expect(await g.current(S, A)).toMatchObject({ number: 1, audience: ['side:Claimant'] });
  });

  it('keeps generations across a restart (stored in SQLite)', async () => {
    const db = freshDb();
    const g = new CaucusGenerations(sqliteGenerationStore(db));
    await g.moved(S, ana, A);
    await g.markUsed(board());
    await g.moved(S, ana, 'joint');
    await g.moved(S, ben, A);
    const again = new CaucusGenerations(sqliteGenerationStore(db));
    expect((await again.all(S, A)).map((x) => [x.number, x.audience])).toEqual([[1, ['side:Claimant']], [2, []]]);
  });
});
