/**
 * Document isolation under random moves (seeded, against the real room). In every step the
 * mediator moves or holds a random person, then writes a unique canary into the board of every
 * space. Each person's client opens the board of the space they are in (a fresh doc each time
 * they enter, as the client does). A canary written into a space's board after someone left
 * that space must never reach them: the leak count must be 0. Any failing seed should be kept
 * below as a named regression test.
 *
 * Caucus boards have generations (a new one when someone of another side comes in): every client
 * opens the generation the server names, as the app does, and reopens it when told it was
 * superseded. A canary must only ever be seen in the very document (generation) it was written to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, docName, JOINT, LOBBY, type CreateSessionResponse, type SpaceId } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { connect, currentDocName, synced, waitFor, withTimeout, type Client } from './yjs-helpers.js';
import { seededRandom } from '../helpers/prng.js';

const SEEDS = Array.from({ length: 30 }, (_, i) => 1000 + i);
const STEPS = 8;

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await stopTestServer(app);
});


interface Visit { space: SpaceId; name: string; client: Client; joinedAt: number; leftAt: number | null }

async function runSeed(seed: number): Promise<{ leaks: string[]; visits: number }> {
  const random = seededRandom(seed);
  const s: CreateSessionResponse = await createTestSession(app, { settings: { waitingRoom: false } });
  const sockets: TestClient[] = [];
  const clients: Client[] = [];
  try {
    const join = async (link: string) => {
      const c = await connectClient(app.url, tokenOf(link));
      sockets.push(c);
      must(await c.request('session:join', {}));
      return c;
    };
    const m = await join(s.mediator.link);
    const people = s.invites.slice(0, 3); // Ana, Ben (parties), J. Lee (attorney)
    for (const p of people) await join(p.link);
    const a = must(await m.request('control:createSpace', { name: 'Caucus A' })).space as SpaceId;
    const b = must(await m.request('control:createSpace', { name: 'Caucus B' })).space as SpaceId;
    const spaces: SpaceId[] = [JOINT, a, b];
    /** Opens the generation of `space`'s board the server names for this person now. */
    const open = async (space: SpaceId, link: string) => {
      const name = space === JOINT ? docName(s.sessionId, 'board', space) : await currentDocName(app, s.sessionId, 'board', space, tokenOf(link));
      const c = connect(app, name, tokenOf(link));
      clients.push(c);
      return { name, client: c };
    };
    const mediatorDocs = new Map<SpaceId, { name: string; client: Client }>();
    /** The mediator follows each board's current generation, as the client does. */
    const mediatorDoc = async (sp: SpaceId) => {
      const want = sp === JOINT ? docName(s.sessionId, 'board', sp) : await currentDocName(app, s.sessionId, 'board', sp, tokenOf(s.mediator.link));
      let d = mediatorDocs.get(sp);
      if (!d || d.name !== want) {
        d = await open(sp, s.mediator.link);
        await synced(d.client);
        mediatorDocs.set(sp, d);
      }
      return d;
    };
    for (const sp of spaces) await mediatorDoc(sp);
    /** Which document each canary was written to. */
    const writtenTo = new Map<string, string>();

    const where = new Map<string, SpaceId>(people.map((p) => [p.participantId, JOINT]));
    const visits = new Map<string, Visit[]>(people.map((p) => [p.participantId, []]));
    const enter = async (link: string, pid: string, space: SpaceId, step: number) => {
      if (space === LOBBY) return;
      const { name, client } = await open(space, link);
      await synced(client);
      visits.get(pid)!.push({ space, name, client, joinedAt: step, leftAt: null });
    };
    for (const p of people) await enter(p.link, p.participantId, JOINT, -1);

    for (let step = 0; step < STEPS; step++) {
      const p = people[Math.floor(random() * people.length)]!;
      const targets: SpaceId[] = [...spaces, LOBBY].filter((t) => t !== where.get(p.participantId));
      const to = targets[Math.floor(random() * targets.length)]!;
      if (to === LOBBY) must(await m.request('control:hold', { participantIds: [p.participantId] }));
      else must(await m.request('control:move', { participantIds: [p.participantId], to }));
      // The move is acknowledged: the old space's board must already be closed for them.
      const current = visits.get(p.participantId)!.find((v) => v.leftAt === null);
      if (current) {
        current.leftAt = step;
        expect(await withTimeout(current.client.closed, 5000, `close of ${p.displayName}`)).toBe(CloseCode.MOVED_OUT);
      }
      where.set(p.participantId, to);
      // Someone of another side came in: the others there were told to open the new generation.
      await new Promise((r) => setTimeout(r, 50));
      for (const other of people) {
        const v = visits.get(other.participantId)!.find((x) => x.leftAt === null);
        if (!v || v.client.codes.length === 0) continue;
        expect(v.client.codes).toEqual([CloseCode.SUPERSEDED]);
        v.leftAt = step;
        await enter(other.link, other.participantId, v.space, step);
      }
      await enter(p.link, p.participantId, to, step);
      for (const sp of spaces) {
        const d = await mediatorDoc(sp);
        const canary = `c${seed}-${step}-${sp}`;
        writtenTo.set(canary, d.name);
        d.client.doc.getArray<string>('canary').push([canary]);
      }
      // Everyone still in a space gets that space's canary (so the step has really been delivered).
      const live = [...visits.values()].flat().filter((v) => v.leftAt === null);
      await waitFor(() => live.every((v) => v.client.doc.getArray<string>('canary').toArray().includes(`c${seed}-${step}-${v.space}`)), 10_000, `step ${step} delivered`);
    }
    await new Promise((r) => setTimeout(r, 200));

    const leaks: string[] = [];
    for (const [pid, vs] of visits) {
      for (const v of vs) {
        for (const item of v.client.doc.getArray<string>('canary').toArray()) {
          const [, stepText, space] = /^c\d+-(\d+)-(.+)$/.exec(item) ?? [];
          const step = Number(stepText);
          if (space !== v.space) leaks.push(`${pid} saw ${item} on the ${v.space} board`);
          else if (writtenTo.get(item) !== v.name) leaks.push(`${pid} saw ${item}, written to ${writtenTo.get(item)}, in ${v.name}`);
          else if (v.leftAt !== null && step >= v.leftAt) leaks.push(`${pid} saw ${item} after leaving ${v.space} at step ${v.leftAt}`);
        }
      }
    }
    return { leaks, visits: [...visits.values()].flat().length };
  } finally {
    for (const c of clients) c.destroy();
    for (const c of sockets) c.close();
  }
}

describe('Yjs document isolation under seeded random moves', () => {
  it(`leaks no board canary across ${SEEDS.length} seeded sequences of ${STEPS} moves and holds`, async () => {
    let visits = 0;
    const leaks: string[] = [];
    for (const seed of SEEDS) {
      const r = await runSeed(seed);
      visits += r.visits;
      leaks.push(...r.leaks.map((l) => `seed ${seed}: ${l}`));
    }
    expect(leaks).toEqual([]);
    expect(visits).toBeGreaterThan(SEEDS.length * 3);
  }, 240_000);
});
