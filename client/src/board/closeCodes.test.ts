import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '@mediation/shared';
import { backOffRepeatedCloses, describeClose, shouldReconnect } from './closeCodes';

/** A socket that opens nothing and is closed by the "server" with a given code. */
function fakeSocket(code: number) {
  const made: unknown[] = [];
  class FakeWS {
    static readonly CONNECTING = 0; static readonly OPEN = 1; static readonly CLOSING = 2; static readonly CLOSED = 3;
    readyState = 0;
    binaryType = 'arraybuffer';
    onclose: ((e: { code: number; reason: string }) => void) | null = null;
    onopen: (() => void) | null = null;
    onmessage: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor() {
      made.push(this);
      setTimeout(() => { this.readyState = 3; this.onclose?.({ code, reason: 'test' }); }, 1);
    }
    send(): void {}
    close(): void { this.readyState = 3; }
  }
  return { FakeWS, made };
}

const providers: WebsocketProvider[] = [];
afterEach(() => { for (const p of providers.splice(0)) p.destroy(); });

function provide(code: number) {
  const { FakeWS, made } = fakeSocket(code);
  const p = new WebsocketProvider('ws://test.invalid/yjs', 's/board/joint', new Y.Doc(), {
    WebSocketPolyfill: FakeWS as unknown as typeof WebSocket, disableBc: true, maxBackoffTime: 10, shouldReconnect,
  });
  providers.push(p);
  return { p, made };
}

describe('Yjs close codes on the client', () => {
  it('treats too-big, moved-out, forbidden, unauthorized and not-found as permanent, with a message', () => {
    for (const code of [CloseCode.TOO_BIG, CloseCode.MOVED_OUT, CloseCode.FORBIDDEN, CloseCode.UNAUTHORIZED, CloseCode.NOT_FOUND]) {
      const o = describeClose(code);
      expect(o.permanent).toBe(true);
      expect(o.message.length).toBeGreaterThan(10);
    }
    expect(describeClose(CloseCode.TOO_BIG).message).toMatch(/too large/);
  });

  it('retries network drops, the server reloading a document (1012) and rate limiting', () => {
    for (const code of [1006, 1001, 1012, CloseCode.RATE_LIMITED]) expect(describeClose(code).permanent).toBe(false);
  });

  it('stops the stock provider from reconnecting (and resending) after a 1009', async () => {
    const { p, made } = provide(CloseCode.TOO_BIG);
    await new Promise((r) => setTimeout(r, 150));
    expect(made.length).toBe(1);
    expect(p.shouldConnect).toBe(false);
  });

  it('lets the provider reconnect after a 1012', async () => {
    const { made } = provide(1012);
    await new Promise((r) => setTimeout(r, 150));
    expect(made.length).toBeGreaterThan(1);
  });

  it('retries being briefly out of the room (4503) without a message, and never calls a drop a move', () => {
    const o = describeClose(CloseCode.AWAY);
    expect(o.permanent).toBe(false);
    expect(o.kind).toBe('transient');
    for (const code of [CloseCode.SESSION_ENDED, CloseCode.MALFORMED, CloseCode.AWARENESS_LIMIT, CloseCode.SUPERSEDED]) {
      expect(describeClose(code).permanent).toBe(true);
      expect(describeClose(code).kind).not.toBe('moved');
    }
  });

  it('keeps retrying a 4503 with the stock provider', async () => {
    const { p, made } = provide(CloseCode.AWAY);
    await new Promise((r) => setTimeout(r, 150));
    expect(made.length).toBeGreaterThan(1);
    expect(p.shouldConnect).toBe(true);
  });

  it('backs off when the server keeps closing with 1012 (the stock provider resets its backoff on every sync)', async () => {
    const { FakeWS, made } = fakeSocket(1012);
    const p = new WebsocketProvider('ws://test.invalid/yjs', 's/board/joint', new Y.Doc(), {
      WebSocketPolyfill: FakeWS as unknown as typeof WebSocket, disableBc: true, maxBackoffTime: 10, shouldReconnect,
    });
    providers.push(p);
    backOffRepeatedCloses(p);
    await new Promise((r) => setTimeout(r, 400));
    // Without the back-off it would try about every 10 ms (40 times); with it, the second close
    // already waits 100 ms * 2^5.
    expect(made.length).toBeLessThanOrEqual(3);
    expect(p.maxBackoffTime).toBe(30_000);
  });
});
