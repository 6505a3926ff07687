/**
 * Deeply nested input: a 2,000-deep object inside a request, or a 20,000-deep array in a raw
 * socket.io frame, once overflowed the stack in the server's recursive work (JSON.stringify,
 * structuredClone) and answered INTERNAL. Depth and size are now bounded before any recursive work:
 * the answer is BAD_REQUEST, nothing changes, and the connection stays usable. Same for HTTP bodies.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@mediation/shared';
import { createTestSession } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { must, type TestClient } from '../helpers/socketClient.js';

const fx = useRoomServer();

const deepObject = (depth: number): unknown => {
  let v: unknown = {};
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
const deepArrayText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/**
 * Sends a socket.io EVENT frame exactly as given, below the client library (whose own encoder
 * recurses and could not even build such a frame), and resolves with the server's ack payload.
 */
function rawFrame(c: TestClient, eventAndArgsJson: string, attachments: Uint8Array[] = []): Promise<unknown> {
  const ackId = 900_000 + Math.floor(Math.random() * 90_000);
  const engine = (c.socket.io as unknown as { engine: { write(d: string | Uint8Array): void; on(e: 'message', f: (d: unknown) => void): void; off(e: 'message', f: (d: unknown) => void): void } }).engine;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      engine.off('message', onMessage);
      reject(new Error('no ack for the raw frame'));
    }, 10_000);
    const onMessage = (data: unknown) => {
      // An ACK packet for the default namespace: "3<id>[...]".
      if (typeof data !== 'string' || !data.startsWith(`3${ackId}[`)) return;
      clearTimeout(timer);
      engine.off('message', onMessage);
      resolve((JSON.parse(data.slice(String(ackId).length + 1)) as unknown[])[0]);
    };
    engine.on('message', onMessage);
    // A BINARY_EVENT ("5<n>-") is followed by its n attachments; a plain EVENT is "2".
    engine.write(attachments.length > 0 ? `5${attachments.length}-${ackId}${eventAndArgsJson}` : `2${ackId}${eventAndArgsJson}`);
    for (const a of attachments) engine.write(a);
  });
}

async function joined(link: string): Promise<TestClient> {
  const c = await fx.open(link);
  must(await c.request('session:join', {}));
  return c;
}

function expectBadRequest(r: unknown) {
  const res = r as { ok: boolean; error?: { code: string } };
  expect(res.ok).toBe(false);
  expect(res.error?.code).toBe(ErrorCode.BAD_REQUEST);
}

describe('deeply nested input on the socket', () => {
  it('answers a 2,000-deep object inside media:setRtpCapabilities with BAD_REQUEST and keeps the connection usable', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const ana = await joined(s.invites[0]!.link);
    const r = await ana.raw('media:setRtpCapabilities', { rtpCapabilities: { codecs: [deepObject(2000)] } });
    expectBadRequest(r);
    // The same connection still works, and the capabilities were not set by the bad request.
    const caps = must(await ana.request('media:getRouterCapabilities', {}));
    must(await ana.request('media:setRtpCapabilities', { rtpCapabilities: caps.rtpCapabilities as never }));
    expect(ana.socket.connected).toBe(true);
  });

  it('answers a 20,000-deep array in a raw frame with BAD_REQUEST, for every event, and keeps the connection usable', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const m = await joined(s.mediator.link);
    const before = must(await m.request('session:join', {})).room;
    for (const event of ['media:setRtpCapabilities', 'chat:send', 'control:move', 'no:such-event']) {
      expectBadRequest(await rawFrame(m, `["${event}",${deepArrayText(20_000)}]`));
    }
    // As a second argument (after a valid payload) too.
    expectBadRequest(await rawFrame(m, `["chat:send",{"to":{"kind":"space"},"text":"hi"},${deepArrayText(20_000)}]`));
    expect(m.socket.connected).toBe(true);
    expect(must(await m.request('session:join', {})).room).toEqual(before);
    expect(must(await m.request('chat:history', {})).messages).toEqual([]);
  });

  it('answers a binary frame (even one whose placeholder sits 20,000 levels deep) with BAD_REQUEST without rebuilding it, and keeps the connection usable', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const m = await joined(s.mediator.link);
    const placeholder = '{"_placeholder":true,"num":0}';
    const deep = '['.repeat(20_000) + placeholder + ']'.repeat(20_000);
    expectBadRequest(await rawFrame(m, `["chat:send",${deep}]`, [new Uint8Array([1, 2, 3])]));
    expectBadRequest(await rawFrame(m, `["chat:send",{"to":{"kind":"space"},"text":${placeholder}}]`, [new Uint8Array([104, 105])]));
    expect(m.socket.connected).toBe(true);
    must(await m.request('chat:send', { to: { kind: 'space' }, text: 'still here' }));
  });

  it('accepts ordinary nesting (real capabilities are a few levels deep)', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const ana = await joined(s.invites[0]!.link);
    const caps = must(await ana.request('media:getRouterCapabilities', {}));
    must(await ana.request('media:setRtpCapabilities', { rtpCapabilities: caps.rtpCapabilities as never }));
  });
});

describe('deeply nested input over HTTP', () => {
  it('answers a 20,000-deep JSON body with a typed 400 from the depth bound, before any route runs', async () => {
    const body = `{"title":"Deep","mediatorName":"Maria Mediator","settings":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const res = await fetch(`${fx.app.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    // Refused by the depth bound itself, before any validation walks the body.
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({ code: ErrorCode.BAD_REQUEST, message: 'Request body is nested more than 32 levels deep.' });
    const obj = JSON.stringify({ title: 'Deep', mediatorName: 'Maria Mediator', invites: [{ displayName: 'X', role: 'party', side: deepObject(2000) }] });
    const res2 = await fetch(`${fx.app.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: obj });
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.BAD_REQUEST);
  });
});
