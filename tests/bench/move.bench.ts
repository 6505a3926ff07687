/**
 * `move`: from the mediator's move command until (a) the people left behind no longer hold any
 * consumer of the mover's media and (b) the mover's screen shows the first video frame of someone
 * in the new space. Twenty moves of one party between the joint room and a caucus, both directions.
 *
 * Three Chromium contexts with fake cameras: W stays in joint, C stays in the caucus, M moves.
 * The mediator is a socket.io client in this process (a real connection with the mediator's link),
 * so the command's send and acknowledgement times are exact and no browser UI latency is counted.
 * Each browser samples window.__mediation.getStats() every 15 ms inside the page.
 *
 * (b) is the first frame requestVideoFrameCallback reports presented in the greeter's tile at the
 * mover, with the track of a consumer the move created. It used to be the first stats sample with
 * framesDecoded > 0, but a stats reading waits behind the move's SDP renegotiations (60-270 ms per
 * reading seen while the mover renegotiates), so the sample that showed the new consumer usually
 * already showed decoded frames, and "consumer created", "first packet" and "first frame" all read
 * the same late time. The reference is observed the same way (a <video> of the received track and
 * its first requestVideoFrameCallback), so neither side is cheaper to observe; the stats-based
 * times of both are kept beside it (`newFirstFrameDecoded`, `referenceDecoded`), each taken when
 * the reading was in hand.
 *
 * `leaks`: RTP packets of the moved party counted by an old-space watcher after the move was
 * acknowledged, plus packets of old-space members counted by the mover after it (must be 0): the
 * server closes the old space's consumers before it acknowledges, so nothing may arrive after.
 * Counted between two page samples both taken after the acknowledgement. `leakCounterControl`
 * is the same count over a same-length window without a move (must be > 0: the counter works).
 * `reference`: after every move, the same browser sets up bare WebRTC in one page to the first
 * frame on screen; the ratios to it are what to compare across machines and loads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type CreateSessionResponse, type SpaceId } from '@mediation/shared';
import { createTestSession } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import {
  assertClientBuilt,
  bareWebRtcFirstFrames,
  closePerson,
  joinByLink,
  installTimeline,
  launchBrowser,
  newPerson,
  peekRecorder,
  poll,
  socketEventTimes,
  startRecorder,
  stopRecorder,
  waitForFlowingMedia,
  waitForNoConsumers,
  type Person,
  type RecorderSample,
} from '../helpers/browser.js';
import { round, summarize, writeResult } from './stats.js';
import { installMoveTrace, movePhases, readMoveTrace, type MovePhases } from './moveTrace.js';
import { startCpuProfile } from './cpuProfile.js';

/** `MOVE_BENCH_MOVES` for a quicker look (the committed result is from 20). */
const MOVES = Number(process.env.MOVE_BENCH_MOVES ?? 20);
/** `MOVE_BENCH_CHROME_TRACE=<dir>`: a Chrome trace (chrome://tracing, Perfetto) of every move,
 * from just before the command to the first frame, written there as move-<n>.json. It records the
 * whole browser (the mover's renderer with its WebRTC threads included) and slows it: for finding
 * where a move's time goes, never for a result. */
const CHROME_TRACE_DIR = process.env.MOVE_BENCH_CHROME_TRACE;
/** `MOVE_BENCH_CPU_PROFILE=<dir>`: a CPU profile of the mover's page alone (V8's sampler every
 * 250 us, through CDP) of every move, as move-<n>.cpuprofile (DevTools' Performance panel reads it;
 * build the client with `vite build --minify false` for readable names). Lighter than the trace. */
const CPU_PROFILE_DIR = process.env.MOVE_BENCH_CPU_PROFILE;
const CHROME_TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing', 'webrtc', 'disabled-by-default-webrtc', 'media', 'renderer.scheduler', 'disabled-by-default-v8.cpu_profiler'];
const MOVE_TIMEOUT_MS = 20_000;

process.env.MEDIASOUP_WORKER_BIN ??= '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker';

export default async function moveBench(): Promise<void> {
  assertClientBuilt();
  let app: ServerProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-move-bench-'));
  let control: Socket | undefined;
  const browser = await launchBrowser();
  const people: Person[] = [];
  try {
    // The server runs as its own process, as it does for real people (as in the join bench): in
    // this process it would share one event loop with the browser driver and the mediator's
    // client, and a move's messages could wait behind them.
    app = await startServerProcess(dataDir);
    const session = await createTestSession(app, {
      title: 'Move benchmark',
      settings: { waitingRoom: false },
      invites: [
        { displayName: 'Wendy Watcher', role: 'party', side: 'Respondent' },
        { displayName: 'Mo Mover', role: 'party', side: 'Claimant' },
        { displayName: 'Cy Caucus', role: 'attorney', side: 'Claimant' },
      ],
    });
    const [w, m, c] = session.invites as [CreateSessionResponse['invites'][number], CreateSessionResponse['invites'][number], CreateSessionResponse['invites'][number]];
    control = await connectMediator(app.url, session.mediator.token);
    const caucus = (await request<{ space: SpaceId }>(control, 'control:createSpace', { name: 'Claimant caucus' })).space;

    const watcher = await newPerson(browser, 'watcher', app.url);
    const mover = await newPerson(browser, 'mover', app.url);
    const caucusMember = await newPerson(browser, 'caucus-member', app.url);
    people.push(watcher, mover, caucusMember);
    await installTimeline(mover.context);
    await installMoveTrace(mover.context);
    for (const [person, invite] of [[watcher, w], [mover, m], [caucusMember, c]] as const) await joinByLink(person.page, invite.link);
    await request(control, 'control:move', { participantIds: [c.participantId], to: caucus });

    const ackMs: number[] = [];
    const samples: number[] = [];
    const stoppedMs: number[] = [];
    const firstFrameMs: number[] = [];
    const reference: number[] = [];
    const consumerSeenMs: number[] = [];
    const notifiedMs: number[] = [];
    const firstPacketMs: number[] = [];
    const decodedMs: number[] = [];
    const referenceDecoded: number[] = [];
    const phases: MovePhases[] = [];
    const leaks = { watchers: 0, mover: 0 };
    let moverIn: SpaceId = 'joint';
    for (let i = 0; i < MOVES; i++) {
      const to: SpaceId = moverIn === 'joint' ? caucus : 'joint';
      // Who the mover leaves behind, and whose video should greet it in the new space.
      const [leftBehind, leftBehindId, greeterId] = moverIn === 'joint' ? [watcher, w.participantId, c.participantId] : [caucusMember, c.participantId, w.participantId];

      // Steady state first: the mover's media reaches the people it is about to leave, and
      // nothing of the new space reaches the mover yet.
      await waitForFlowingMedia(leftBehind.page, m.participantId, 60_000);
      await waitForFlowingMedia(mover.page, leftBehindId, 60_000);
      await waitForNoConsumers(mover.page, greeterId, 30_000);

      await startRecorder(leftBehind.page, 'watch', [m.participantId], 15, { listed: true });
      await startRecorder(mover.page, 'arrive', [greeterId, leftBehindId], 15, { renderedOf: greeterId });
      await poll(async () => (await peekRecorder(leftBehind.page, 'watch')).length >= 2 && (await peekRecorder(mover.page, 'arrive')).length >= 2, {
        what: 'recorders to start',
      });

      if (CHROME_TRACE_DIR) await browser.startTracing(mover.page, { path: `${CHROME_TRACE_DIR}/move-${i + 1}.json`, categories: CHROME_TRACE_CATEGORIES });
      const profiling = CPU_PROFILE_DIR ? await startCpuProfile(mover) : undefined;
      const t0 = Date.now();
      const moved = await request<{ moved: string[] }>(control, 'control:move', { participantIds: [m.participantId], to });
      const tAck = Date.now();
      if (!moved.moved.includes(m.participantId)) throw new Error(`move ${i + 1} not applied: ${JSON.stringify(moved)}`);

      // Waited for inside the two pages (see oldSpaceStopped, firstNewFrame), each answering once.
      const what = `move ${i + 1} (${moverIn} → ${to}) to complete`;
      const [tStopped, { t: tFirstFrame, trackId: frameTrackId }] = await Promise.all([oldSpaceStopped(leftBehind.page, 'watch', t0, what), firstNewFrame(mover.page, 'arrive', t0, what)]);
      if (CHROME_TRACE_DIR) await browser.stopTracing();
      await profiling?.stopInto(`${CPU_PROFILE_DIR}/move-${i + 1}.cpuprofile`, { t0 });
      // Keep sampling a little after the old consumers vanished, so a late packet would be seen.
      await poll(async () => ((await peekRecorder(leftBehind.page, 'watch')).at(-1)?.t ?? 0) > tStopped + 200, { what: 'trailing samples', timeoutMs: 10_000 });
      const watched = await stopRecorder(leftBehind.page, 'watch');
      const arrived = await stopRecorder(mover.page, 'arrive');
      // Where the mover's wait goes: consumer created, first RTP packet, first decoded frame (stats
      // readings: packets and frames as of when the reading was in hand), first frame on screen.
      const newVideo = (s: RecorderSample) => s.consumers.filter((x) => x.kind === 'video' && !consumedBefore(arrived, t0, x.consumerId));
      const tSeen = arrived.find((s) => s.t >= t0 && newVideo(s).length > 0)?.t ?? tFirstFrame;
      const tPacket = arrived.find((s) => s.t >= t0 && newVideo(s).some((x) => x.packetsReceived > 0))?.tEnd ?? tFirstFrame;
      const tDecoded = arrived.find((s) => s.t >= t0 && newVideo(s).some((x) => x.framesDecoded > 0))?.tEnd;
      if (tDecoded !== undefined) decodedMs.push(tDecoded - t0);
      // A move's consumers come in one 'media:consumers' message (single 'media:newConsumer' before).
      const tNotified = Math.min(...(await socketEventTimes(mover.page, 'media:consumers', t0)), ...(await socketEventTimes(mover.page, 'media:newConsumer', t0)), tSeen);
      notifiedMs.push(tNotified - t0);
      // The mover's own timeline of this move (see moveTrace.ts).
      const trace = await readMoveTrace(mover.page, t0, tFirstFrame + 200);
      const phase = movePhases(trace, tFirstFrame - t0, new Set([frameTrackId]));
      if (phase) phases.push(phase);
      if (process.env.MOVE_TRACE) console.log(`[bench] trace #${i + 1}: ${trace.map(([t, what]) => `${t} ${what}`).join(' | ')}`);
      consumerSeenMs.push(tSeen - t0);
      firstPacketMs.push(tPacket - t0);
      const watcherLeak = packetsAfter(watched, tAck, () => true);
      const moverLeak = packetsAfter(arrived, tAck, (id) => consumedBefore(arrived, t0, id));
      leaks.watchers += watcherLeak;
      leaks.mover += moverLeak;

      ackMs.push(tAck - t0);
      stoppedMs.push(tStopped - t0);
      firstFrameMs.push(tFirstFrame - t0);
      samples.push(Math.max(tStopped, tFirstFrame) - t0);
      console.log(
        `[bench] move #${i + 1} ${moverIn} → ${to}: ${samples.at(-1)} ms (ack ${tAck - t0}, old stopped ${tStopped - t0}, newConsumer notified ${tNotified - t0}, consumer live ${tSeen - t0}, first packet ${tPacket - t0}, first frame decoded ${tDecoded === undefined ? '?' : tDecoded - t0}, on screen ${tFirstFrame - t0}, leaks ${watcherLeak}+${moverLeak})` +
          (phase ? ` phases: add renegotiation ${phase.addRenegotiation} (${phase.notified} -> resume sent ${phase.resumeSent}), resume -> first packet ${phase.resumeToFirstPacket}, -> on screen ${phase.firstPacketToScreen}, long tasks ${phase.longTasks}` : ''),
      );
      moverIn = to;
      // Side by side, under the same load: bare in-page WebRTC set-up to first frame.
      const ref = await bareWebRtcFirstFrames(browser, app.url);
      reference.push(ref.rendered);
      referenceDecoded.push(ref.decoded);
      console.log(`[bench] reference: first frame on screen ${ref.rendered} ms, decoded (stats) ${ref.decoded} ms; load ${os.loadavg()[0]!.toFixed(2)}`);
    }

    // Control for the leak counter: the same counting over a window of the same length with no
    // move must see packets, or a 0 above would prove nothing.
    const watchingNow = moverIn === 'joint' ? watcher : caucusMember;
    await waitForFlowingMedia(watchingNow.page, m.participantId, 60_000);
    await startRecorder(watchingNow.page, 'control', [m.participantId]);
    const controlStart = Date.now();
    await poll(async () => ((await peekRecorder(watchingNow.page, 'control')).at(-1)?.t ?? 0) > controlStart + 200, { what: 'control samples', timeoutMs: 10_000 });
    const leakCounterControl = packetsAfter(await stopRecorder(watchingNow.page, 'control'), controlStart, () => true);
    if (leakCounterControl <= 0) throw new Error('the leak counter saw no packets even without a move: the leak count would be meaningless');

    writeResult('move', {
      unit: 'ms',
      samples,
      leaks: leaks.watchers + leaks.mover,
      leaksByWhere: leaks,
      leakCounterControl,
      target: { p95: 300 },
      ack: summarize(ackMs),
      oldMediaStopped: summarize(stoppedMs),
      reference: {
        what: 'getUserMedia + two RTCPeerConnections in one page (no server) until the received track\'s first frame is presented in a <video> (requestVideoFrameCallback), once after every move',
        ...summarize(reference),
        samples: reference,
      },
      ratio_median_vs_reference: round(summarize(samples).median / summarize(reference).median),
      ratio_p95_vs_reference: round(summarize(samples).p95 / summarize(reference).p95),
      method:
        'sample = move command -> max(old space holds no consumer of the mover, first frame of a new consumer presented in the greeter\'s tile at the mover by requestVideoFrameCallback); reference observed the same way; *Decoded = the same first frame by stats (framesDecoded > 0, time the reading was in hand), for ours and for the reference',
      newConsumerNotified: summarize(notifiedMs),
      newConsumerAtMover: summarize(consumerSeenMs),
      newFirstPacket: summarize(firstPacketMs),
      newFirstFrameDecoded: summarize(decodedMs),
      newFirstFrame: summarize(firstFrameMs),
      referenceDecoded: { ...summarize(referenceDecoded), samples: referenceDecoded },
      ratio_median_decoded_vs_reference_decoded: round(summarize(decodedMs).median / summarize(referenceDecoded).median),
      phases: {
        what: "the mover's own timeline (tests/bench/moveTrace.ts), ms: notified = media:consumers arrived after the command; addRenegotiation = setRemoteDescription to setLocalDescription done of the renegotiation that adds the new consumers; resumeSent = the resume request leaves (after the command); resumeToFirstPacket = to the new video track's unmute; firstPacketToScreen = to the first frame on screen; longTasks = main-thread tasks over 50 ms begun before that frame, summed",
        runs: phases.length,
        notified: phaseSummary(phases, (p) => p.notified),
        addRenegotiation: phaseSummary(phases, (p) => p.addRenegotiation),
        resumeSent: phaseSummary(phases, (p) => p.resumeSent),
        resumeToFirstPacket: phaseSummary(phases, (p) => p.resumeToFirstPacket),
        firstPacketToScreen: phaseSummary(phases, (p) => p.firstPacketToScreen),
        longTasks: phaseSummary(phases, (p) => p.longTasks),
      },
    });
  } finally {
    control?.disconnect();
    for (const p of people) await closePerson(p);
    await browser.close().catch(() => undefined);
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The two ends of a move are waited for inside the pages, each answering once. Asking the pages
 * from here every 50 ms (it used to) ran two page.evaluate calls on the mover's main thread per
 * round, each 10-40 ms there (a DevTools message, the recorder's lists serialised), in the middle
 * of the renegotiation and the first frame the sample is about; the reference is asked nothing
 * while it runs. The conditions are the same as before, read from the same recorder lists.
 */
const IN_PAGE_CHECK_MS = 20;

/** When the old space held no consumer of the mover any more: the first sample after the command
 * that lists none, or the room's own list when it saw it earlier (it is read every 5 ms; a stats
 * reading can stall for hundreds of ms while the page renegotiates; both observe the same state,
 * as the media session drops a consumer from both in one step), a sample still having to confirm it. */
function oldSpaceStopped(page: Page, key: string, t0: number, what: string): Promise<number> {
  return page.evaluate(
    ({ key, t0, timeoutMs, every, what }) =>
      new Promise<number>((resolve, reject) => {
        type Rec = { samples: Array<{ t: number; consumers: unknown[] }>; listed: Array<{ t: number; consumerIds: string[] }> };
        const rec = (window as unknown as { __recorders: Record<string, Rec> }).__recorders[key]!;
        const check = (): void => {
          const sampled = rec.samples.find((s) => s.t >= t0 && s.consumers.length === 0)?.t;
          if (sampled !== undefined) return resolve(Math.min(sampled, rec.listed.find((l) => l.t >= t0 && l.consumerIds.length === 0)?.t ?? sampled));
          if (Date.now() > t0 + timeoutMs) return reject(new Error(`timed out waiting for ${what} (old space)`));
          setTimeout(check, every);
        };
        check();
      }),
    { key, t0, timeoutMs: MOVE_TIMEOUT_MS, every: IN_PAGE_CHECK_MS, what },
  );
}

/** The first frame presented in the greeter's tile with the track of a consumer the move created
 * (one the samples show after the command and not before: a consumer the move created). */
function firstNewFrame(page: Page, key: string, t0: number, what: string): Promise<{ t: number; trackId: string }> {
  return page.evaluate(
    ({ key, t0, timeoutMs, every, what }) =>
      new Promise<{ t: number; trackId: string }>((resolve, reject) => {
        type Rec = { samples: Array<{ t: number; consumers: Array<{ consumerId: string }> }>; frames: Array<{ t: number; trackId: string }> };
        const rec = (window as unknown as { __recorders: Record<string, Rec> }).__recorders[key]!;
        const shows = (s: Rec['samples'][number], id: string) => s.consumers.some((c) => c.consumerId === id);
        const isNew = (id: string) => !rec.samples.some((s) => s.t < t0 && shows(s, id)) && rec.samples.some((s) => s.t >= t0 && shows(s, id));
        const check = (): void => {
          const frame = rec.frames.find((f) => f.t >= t0 && isNew(f.trackId));
          if (frame) return resolve({ t: frame.t, trackId: frame.trackId });
          if (Date.now() > t0 + timeoutMs) return reject(new Error(`timed out waiting for ${what} (first frame)`));
          setTimeout(check, every);
        };
        check();
      }),
    { key, t0, timeoutMs: MOVE_TIMEOUT_MS, every: IN_PAGE_CHECK_MS, what },
  );
}

/** One phase over the moves whose trace had every step (null when none had). */
function phaseSummary(phases: MovePhases[], pick: (p: MovePhases) => number) {
  return phases.length > 0 ? summarize(phases.map(pick)) : null;
}

/** Was this consumer already there before the move (i.e. it belongs to the old space)? */
function consumedBefore(samples: RecorderSample[], t0: number, consumerId: string): boolean {
  return samples.some((s) => s.t < t0 && s.consumers.some((c) => c.consumerId === consumerId));
}

/** Packets counted by matching consumers between the first sample taken after `tAck` and the last one that still shows them. */
function packetsAfter(samples: RecorderSample[], tAck: number, matches: (consumerId: string) => boolean): number {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const s of samples) {
    if (s.t < tAck) continue;
    for (const c of s.consumers) {
      if (!matches(c.consumerId)) continue;
      if (!first.has(c.consumerId)) first.set(c.consumerId, c.packetsReceived);
      last.set(c.consumerId, c.packetsReceived);
    }
  }
  let leaked = 0;
  for (const [id, base] of first) leaked += (last.get(id) ?? base) - base;
  return leaked;
}

async function connectMediator(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token, protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  await request(socket, 'session:join', {});
  return socket;
}

async function request<T = unknown>(socket: Socket, name: string, payload: unknown): Promise<T> {
  const result = (await socket.timeout(15_000).emitWithAck(name, payload)) as { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

