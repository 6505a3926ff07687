/**
 * Seeded fuzz of every request: random junk payloads (never valid by the shared schemas) from a
 * party and from the mediator. Every answer is a typed refusal (never INTERNAL, never a crash), and
 * the room is exactly as it was.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, requestSchemas, type RoomView } from '@mediation/shared';
import { routerConsumerIds } from '../helpers/mediaDump.js';
import { createTestSession, tokenOf, type TestServer } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { connectClient, joinWithMedia, must, type TestClient } from '../helpers/socketClient.js';
import { seededRandom } from '../helpers/prng.js';

const SEEDS = [11, 22, 33];
const PER_CLIENT = 120;

function junk(rnd: () => number, known: string[], depth = 0): unknown {
  const r = rnd();
  if (depth > 3 || r < 0.15) return pickOne(rnd, [null, true, false, 0, -1, 1e308, NaN, '', 'x'.repeat(Math.floor(rnd() * 3000)), ...known]);
  if (r < 0.3) return Math.floor(rnd() * 1e9) * (rnd() < 0.5 ? -1 : 1);
  if (r < 0.45) return pickOne(rnd, ['joint', 'lobby', 'caucus:zzzz', 'caucus:../x', crypto.randomUUID(), '<script>', '__proto__', ...known]);
  if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 5) }, () => junk(rnd, known, depth + 1));
  const keys = ['displayName', 'direction', 'transportId', 'producerId', 'consumerId', 'dtlsParameters', 'rtpParameters', 'rtpCapabilities', 'kind', 'source', 'to', 'text', 'active', 'message', 'raised', 'space', 'participantIds', 'participantId', 'all', 'name', 'sendTo', 'seconds', 'label', 'knockId', 'reply', 'join', 'capacity', 'waitingRoom', '__proto__', 'constructor'];
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(rnd() * 4); i >= 0; i--) o[pickOne(rnd, keys)] = junk(rnd, known, depth + 1);
  return o;
}
const pickOne = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

// One real server for the file; each seed opens and closes its own two clients.
const fx = useRoomServer();
let app: TestServer;
beforeAll(() => void (app = fx.app));

describe('fuzzing every request', () => {
  for (const seed of SEEDS) {
    it(`answers ${PER_CLIENT * 2} random invalid requests (seed ${seed}) with typed refusals and changes nothing`, async () => {
      const rnd = seededRandom(seed);
      const s = await createTestSession(app, { settings: { waitingRoom: false } });
      const m = await connectClient(app.url, tokenOf(s.mediator.link));
      const ana = await connectClient(app.url, tokenOf(s.invites[0]!.link));
      try {
        const mm = await joinWithMedia(m);
        const am = await joinWithMedia(ana);
        const known = [s.mediator.participantId, s.invites[0]!.participantId, ...mm.producers, ...am.producers, mm.recvTransportId, am.recvTransportId];
        const view = async (c: TestClient): Promise<RoomView> => must(await c.request('session:join', {})).room;
        await new Promise((r) => setTimeout(r, 200));
        const before = await view(m);
        const consumersBefore = (await routerConsumerIds(app, s.sessionId)).sort();
        const events = Object.keys(requestSchemas);
        const codes = new Map<string, number>();
        for (const client of [ana, m]) {
          let sent = 0;
          while (sent < PER_CLIENT) {
            const event = pickOne(rnd, events) as keyof typeof requestSchemas;
            const payload = junk(rnd, known);
            if (requestSchemas[event].safeParse(payload ?? {}).success) continue; // only invalid input here
            sent++;
            const r = (await client.raw(event, payload)) as { ok: boolean; error?: { code: string } };
            expect(r.ok).toBe(false);
            codes.set(r.error!.code, (codes.get(r.error!.code) ?? 0) + 1);
          }
        }
        expect([...codes.keys()].sort()).toEqual(expect.arrayContaining([ErrorCode.BAD_REQUEST]));
        for (const code of codes.keys()) expect([ErrorCode.BAD_REQUEST, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.RATE_LIMITED]).toContain(code);
        expect(await view(m)).toEqual(before);
        expect((await routerConsumerIds(app, s.sessionId)).sort()).toEqual(consumersBefore);
        expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      } finally {
        m.close();
        ana.close();
      }
    });
  }
});
