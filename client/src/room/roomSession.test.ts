/**
 * The room session with a stand-in socket (the session takes its socket, so no server and no
 * browser are needed): what the server sends reaches the store through the reducer, and the
 * side effects happen (disconnect on close, agreement hints to the open panel, a rejoin notice).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomView } from '@mediation/shared';
import { RoomSession } from './roomSession';
import type { RoomSocket } from '../socket';
import { onAgreementSignal, type AgreementSignal } from '../agreement/liveChanges';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket: handlers by event, and a server that answers requests. */
class StandInSocket {
  connected = false;
  active = true;
  id: string | undefined = undefined;
  disconnects = 0;
  readonly requests: Array<{ name: string; payload: unknown }> = [];
  private readonly handlers = new Map<string, Handler[]>();
  readonly io = { on: (_event: string, _fn: Handler) => undefined };

  constructor(private readonly answer: (name: string, payload: unknown) => unknown) {}

  on(event: string, fn: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  timeout(_ms: number) {
    return {
      emit: (name: string, payload: unknown, ack: (err: Error | null, result: unknown) => void) => {
        this.requests.push({ name, payload });
        queueMicrotask(() => ack(null, this.answer(name, payload)));
      },
    };
  }
  connect() {
    this.connected = true;
    this.id = 'sock-1';
    this.deliver('connect');
    return this;
  }
  disconnect() {
    this.disconnects++;
    this.connected = false;
    this.deliver('disconnect', 'io client disconnect');
    return this;
  }
  /** The server (or socket.io itself) sends `event`. */
  deliver(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
}

const lobbyRoom = {
  sessionId: 'sess_000001',
  title: 'Smith v. Jones',
  self: { id: 'me0001', displayName: 'Me', role: 'party', side: 'A', space: 'lobby' },
  settings: {},
  lobbyMessage: '',
  participants: [],
  spaces: [],
  endedAt: null,
} as unknown as RoomView;

const server = (name: string) =>
  name === 'session:join' ? { ok: true, data: { room: lobbyRoom, replacedEarlierConnection: false, displayName: 'Me' } }
  : name === 'chat:history' ? { ok: true, data: { messages: [] } }
  : { ok: false, error: { code: 'FORBIDDEN', message: 'not here' } };

const flush = () => new Promise((r) => setTimeout(r, 0));

let session: RoomSession | null = null;
let stopListening: (() => void) | null = null;
afterEach(() => {
  session?.stop({ keepCamera: true });
  stopListening?.();
});

function start() {
  const socket = new StandInSocket(server);
  session = new RoomSession('token-0123456789', socket as unknown as RoomSocket);
  return { socket, session };
}

describe('RoomSession with the socket it is given', () => {
  it('joins once connected and takes the room from the answer', async () => {
    const { socket, session } = start();
    const signals: AgreementSignal[] = [];
    stopListening = onAgreementSignal((s) => signals.push(s));
    session.enter('Me', Promise.resolve(null));
    socket.connect();
    await flush();
    expect(socket.requests.map((r) => r.name)).toContain('session:join');
    expect(session.store.get().connection).toEqual({ kind: 'connected' });
    expect(session.store.get().room?.self.space).toBe('lobby');
    // A (re)join tells the agreement panel to refetch: hints sent while away were lost.
    expect(signals).toEqual([{ kind: 'rejoined' }]);
  });

  it('puts notifications through the reducer into the store', () => {
    const { socket, session } = start();
    socket.deliver('chat:message', { id: 'm1', thread: 'joint', fromId: 'ana001', fromName: 'Ana', fromRole: 'party', text: 'hello', at: 1 });
    socket.deliver('media:speaking', { participantIds: ['ana001'] });
    socket.deliver('broadcast:message', { text: 'Break', fromName: 'Mo', at: 2, to: 'everyone' });
    const s = session.store.get();
    expect(s.chat.map((m) => m.text)).toEqual(['hello']);
    expect(s.speaking).toEqual(['ana001']);
    expect(s.broadcasts.map((b) => [b.id, b.text])).toEqual([[1, 'Break']]);
  });

  it('hands agreement hints to the open panel, and only well-formed ones', () => {
    const { socket } = start();
    const signals: AgreementSignal[] = [];
    stopListening = onAgreementSignal((s) => signals.push(s));
    socket.deliver('agreement:changed', { sessionId: 'sess_000001', what: 'signoffs', at: 5 });
    socket.deliver('agreement:changed', { sessionId: 'sess_000001', what: 'everything', at: 5 });
    expect(signals).toEqual([{ kind: 'changed', what: 'signoffs', sessionId: 'sess_000001' }]);
  });

  it('closes for good when removed: the state says why and the socket is let go', () => {
    const { socket, session } = start();
    socket.connect();
    socket.deliver('session:closed', { reason: 'removed', message: 'The mediator removed you from the session.' });
    expect(session.store.get().connection).toEqual({ kind: 'closed', reason: 'removed', message: 'The mediator removed you from the session.' });
    expect(socket.disconnects).toBe(1);
  });
});
