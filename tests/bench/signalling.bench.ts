/**
 * `signalling`: 1,000 socket.io clients in 100 sessions of ten (a mediator and nine parties), every
 * session doing, over and over: a move to a caucus and back (mediator commands), a chat line and a
 * typing indicator (parties), then a pause. Sample: from just before the command is sent to the
 * moment the LAST recipient has its event (`room:state` for a move, at all ten; `chat:message` and
 * `typing:update` at everyone else in the joint room), measured with performance.now() here.
 *
 * The server runs as its own process (tests/helpers/serverProcess.ts), so its CPU (/proc) is
 * apart from the clients'. All clients stay connected throughout; the number of ACTIVE sessions is
 * ramped (10, 25, 50, 100) to plot latency against load. The headline is the 100-session step.
 * Clients and server share this machine (2 cores, shared with others): client-side delays count
 * against us, so the numbers are an upper bound for the server alone.
 *
 * One bench-only server setting: SESSION_CREATES_PER_MINUTE (default 30 per address) is raised so
 * 100 sessions can be created from loopback at once. socket.io connections are not limited per
 * IP, and the request budgets are per participant, which this workload stays well inside.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { JOINT, PROTOCOL_VERSION, type CreateSessionResponse } from '@mediation/shared';
import { tokenOf } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { writePlot } from './plot.js';
import { percentile, round, summarize, writeResult } from './stats.js';

const SESSIONS = Number(process.env.SIGNALLING_BENCH_SESSIONS ?? 100);
const PEOPLE = 10;
const STEPS = (process.env.SIGNALLING_BENCH_STEPS ?? '10,25,50,100').split(',').map(Number).filter((n) => n <= SESSIONS);
const STEP_MS = Number(process.env.SIGNALLING_BENCH_STEP_MS ?? 20_000);
/** Pause after each cycle (move out, move back, chat, typing), jittered ±50%. */
const PAUSE_MS = 2_000;
const WAIT_MS = 5_000;
const GOAL_P99_MS = 50;

type Kind = 'move' | 'chat' | 'typing';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Pending {
  kind: Kind;
  t0: number;
  expect: Set<number>;
  last: number;
  match: (event: string, payload: unknown) => boolean;
  done: (latency: number | null) => void;
}

class BenchSession {
  sockets: Socket[] = [];
  ids: string[] = [];
  caucus = '';
  pending: Pending | null = null;
  active = false;

  constructor(readonly s: CreateSessionResponse) {}

  get links(): string[] {
    return [this.s.mediator.link, ...this.s.invites.map((i) => i.link)];
  }

  /** Called for every event any of its sockets receives. */
  onEvent(idx: number, event: string, payload: unknown): void {
    const p = this.pending;
    if (!p || !p.expect.has(idx) || !p.match(event, payload)) return;
    p.expect.delete(idx);
    p.last = performance.now();
    if (p.expect.size === 0) {
      this.pending = null;
      p.done(p.last - p.t0);
    }
  }

  /** Sends `emit` and resolves with the time until every index in `recipients` had a matching event. */
  measure(kind: Kind, recipients: number[], match: Pending['match'], emit: () => Promise<unknown>): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.t0 === t0) this.pending = null;
        resolve(null);
      }, WAIT_MS);
      const t0 = performance.now();
      this.pending = { kind, t0, expect: new Set(recipients), last: t0, match, done: (l) => { clearTimeout(timer); resolve(l); } };
      void emit().then((ack) => {
        const a = ack as { ok?: boolean; error?: { message: string } };
        if (a && a.ok === false) console.warn(`[bench] signalling ${kind} refused: ${a.error?.message}`);
      });
    });
  }
}

function request(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  return socket.timeout(15_000).emitWithAck(event, payload).catch((err: unknown) => ({ ok: false, error: { message: String(err) } }));
}

function connect(url: string, token: string, onAny: (event: string, payload: unknown) => void): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token, protocolVersion: PROTOCOL_VERSION }, reconnection: false, forceNew: true });
  socket.onAny(onAny);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function createSessions(url: string, n: number): Promise<CreateSessionResponse[]> {
  const out: CreateSessionResponse[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Bench ${i}`, mediatorName: 'Maria Mediator', settings: { waitingRoom: false, capacity: 12 },
        invites: Array.from({ length: PEOPLE - 1 }, (_, k) => ({ displayName: `Party ${k}`, role: 'party', side: k % 2 ? 'Respondent' : 'Claimant' })) }),
    });
    if (res.status !== 201) throw new Error(`create session failed: ${res.status} ${await res.text()}`);
    out.push((await res.json()) as CreateSessionResponse);
  }
  return out;
}

/** One session's loop while it is active: move out and back, chat, typing, pause. */
async function cycle(b: BenchSession, record: (k: Kind, l: number | null) => void, stopAt: () => number): Promise<void> {
  const everyone = [...Array(PEOPLE).keys()];
  let turn = 0;
  // Start at a random point of the pause so sessions do not march in step.
  await sleep(Math.random() * PAUSE_MS);
  while (b.active && performance.now() < stopAt()) {
    const mover = 1 + (turn % (PEOPLE - 1));
    const speaker = 1 + ((turn + 3) % (PEOPLE - 1));
    turn++;
    const mediator = b.sockets[0]!;
    const isState = (e: string) => e === 'room:state';
    record('move', await b.measure('move', everyone, isState, () => request(mediator, 'control:move', { participantIds: [b.ids[mover]], to: b.caucus })));
    record('move', await b.measure('move', everyone, isState, () => request(mediator, 'control:move', { participantIds: [b.ids[mover]], to: JOINT })));
    const text = `hello ${turn} ${Math.random().toString(36).slice(2, 8)}`;
    const others = everyone.filter((i) => i !== speaker);
    record('chat', await b.measure('chat', others, (e, p) => e === 'chat:message' && (p as { text?: string }).text === text, () => request(b.sockets[speaker]!, 'chat:send', { to: { kind: 'space' }, text })));
    const typist = b.ids[speaker];
    record('typing', await b.measure('typing', others, (e, p) => e === 'typing:update' && (p as { participantId?: string }).participantId === typist && (p as { active?: boolean }).active === true,
      () => request(b.sockets[speaker]!, 'typing:set', { active: true })));
    void request(b.sockets[speaker]!, 'typing:set', { active: false });
    await sleep(PAUSE_MS * (0.5 + Math.random()));
  }
}

export default async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-bench-signalling-'));
  let server: ServerProcess | null = null;
  const all: BenchSession[] = [];
  try {
    // Bench-only: 100 sessions from one address in a minute (the default allows 30).
    server = await startServerProcess(dataDir, { MEDIASOUP_WORKERS: '1', SESSION_CREATES_PER_MINUTE: String(SESSIONS + 10) });
    const url = server.url;
    const sessions = await createSessions(url, SESSIONS);
    for (const s of sessions) all.push(new BenchSession(s));
    const joins = all.flatMap((b) => b.links.map((link, idx) => ({ b, link, idx })));
    const t0 = Date.now();
    await inBatches(joins, 25, async ({ b, link, idx }) => {
      const socket = await connect(url, tokenOf(link), (e, p) => b.onEvent(idx, e, p));
      b.sockets[idx] = socket;
      const ack = (await request(socket, 'session:join', {})) as { ok: boolean; data?: { self?: { id?: string } }; error?: { message: string } };
      if (!ack.ok) throw new Error(`join failed: ${ack.error?.message}`);
    });
    for (const b of all) b.ids = [b.s.mediator.participantId, ...b.s.invites.map((i) => i.participantId)];
    await inBatches(all, 25, async (b) => {
      const ack = (await request(b.sockets[0]!, 'control:createSpace', { name: 'Caucus' })) as { ok: boolean; data: { space: string } };
      if (!ack.ok) throw new Error('createSpace failed');
      b.caucus = ack.data.space;
    });
    console.log(`[bench] signalling: ${joins.length} clients joined ${all.length} sessions in ${((Date.now() - t0) / 1000).toFixed(1)} s; uptime ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await sleep(1000);

    const bySteps: Array<Record<string, unknown>> = [];
    let headline: Record<Kind, number[]> = { move: [], chat: [], typing: [] };
    let missing = 0;
    for (const active of STEPS) {
      const samples: Record<Kind, number[]> = { move: [], chat: [], typing: [] };
      let lost = 0;
      const record = (k: Kind, l: number | null) => (l === null ? lost++ : samples[k].push(l));
      const cpu0 = server.cpuSeconds();
      const wall0 = performance.now();
      const stopAt = wall0 + STEP_MS;
      for (const b of all.slice(0, active)) b.active = true;
      await Promise.all(all.slice(0, active).map((b) => cycle(b, record, () => stopAt)));
      for (const b of all) b.active = false;
      const cpu = (server.cpuSeconds() - cpu0) / ((performance.now() - wall0) / 1000);
      const ops = samples.move.length + samples.chat.length + samples.typing.length;
      const row = {
        sessions: active,
        clients_active: active * PEOPLE,
        ops_per_s: round(ops / (STEP_MS / 1000)),
        server_cpu_cores: round(cpu),
        timeouts: lost,
        loadavg: os.loadavg().map((l) => round(l)),
        ...Object.fromEntries((Object.keys(samples) as Kind[]).filter((k) => samples[k].length > 0).map((k) => [k, { ...summarize(samples[k]), p99: round(percentile(samples[k], 99)) }])),
      };
      bySteps.push(row);
      console.log(`[bench] signalling ${active} sessions: ${JSON.stringify(row)}`);
      headline = samples;
      missing = lost;
      await sleep(1000);
    }

    const last = bySteps.at(-1)!;
    const move = headline.move;
    const everything = [...headline.move, ...headline.chat, ...headline.typing];
    writeResult('signalling', {
      unit: 'ms',
      samples: move,
      clients: all.length * PEOPLE,
      sessions: all.length,
      p50: round(percentile(move, 50)),
      p99: round(percentile(move, 99)),
      p99_all_kinds: round(percentile(everything, 99)),
      by_kind: Object.fromEntries((Object.keys(headline) as Kind[]).map((k) => [k, headline[k].length ? { ...summarize(headline[k]), p99: round(percentile(headline[k], 99)) } : null])),
      server_cpu_cores: last.server_cpu_cores,
      ops_per_s: last.ops_per_s,
      timeouts: missing,
      goal_p99_ms: GOAL_P99_MS,
      by_sessions: bySteps,
      method: `${all.length * PEOPLE} socket.io clients (server in its own process, clients in the bench process) in ${all.length} sessions of ${PEOPLE}; each active session loops: mediator moves a party to a caucus and back, a party chats, a party types, pause ${PAUSE_MS} ms +-50%; sample = command sent -> last recipient's event (room:state at all ${PEOPLE} for a move; chat:message / typing:update at the other ${PEOPLE - 1}); active sessions ramped ${STEPS.join(', ')} for ${STEP_MS / 1000} s each; headline (samples, p50, p99) = moves at the last step; server CPU from /proc (cores = CPU s / wall s)`,
    });
    const xs = bySteps.map((r) => r.sessions as number);
    const stat = (k: Kind, f: 'median' | 'p99') => bySteps.flatMap((r) => (r[k] ? [[r.sessions as number, (r[k] as Record<string, number>)[f]!] as const] : []));
    writePlot('signalling', {
      title: `Signalling: command to last recipient vs load (${PEOPLE} per session)`,
      xLabel: 'active sessions',
      yLabel: 'latency (ms)',
      series: [
        { name: 'move p50', points: stat('move', 'median') },
        { name: 'move p99', points: stat('move', 'p99') },
        { name: 'chat p99', points: stat('chat', 'p99') },
        { name: 'typing p99', points: stat('typing', 'p99') },
      ],
      y2: { label: 'server CPU (cores)', series: [{ name: 'server CPU (cores)', points: xs.map((x, i) => [x, bySteps[i]!.server_cpu_cores as number] as const), dashed: true }] },
      limit: { y: GOAL_P99_MS, label: `goal p99 ${GOAL_P99_MS} ms` },
    });
  } finally {
    for (const b of all) for (const s of b.sockets) s?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
