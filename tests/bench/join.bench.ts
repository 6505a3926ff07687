/**
 * `join`: from opening an invite link to the first decoded frame of remote video, in Debian's
 * Chromium with the fake camera, against the real server on loopback. Ten measured joins (after
 * one warm-up join that is not counted: it pays for the browser's first codec and network set-up),
 * each in a fresh browser context with its own invite, split into phases:
 *   pageLoad    link opened → window `load`
 *   joinPage    `load` → join button clicked (invite checked, device check rendered)
 *   signalling  click → `session:join` acknowledged (socket handshake with token, join)
 *   transports  join acknowledged → receiving WebRTC transport connected (ICE + DTLS)
 *   firstFrame  transport connected → first remote video frame decoded (getStats framesDecoded > 0)
 * Milestones come from inside the page (WebSocket and RTCPeerConnection wrapped before any page
 * script runs, see helpers/browser.ts installTimeline), all on the same clock as this process.
 */
import { createTestSession, startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import {
  assertClientBuilt,
  bareWebRtcFirstFrame,
  clickInPageWhenEnabled,
  closePerson,
  installTimeline,
  joinByLink,
  launchBrowser,
  newPerson,
  peekRecorder,
  poll,
  readTimeline,
  socketEventTimes,
  startRecorder,
  type Person,
} from '../helpers/browser.js';
import { round, summarize, writeResult } from './stats.js';

const RUNS = 10;
const WARMUP = 1;
const PHASES = ['pageLoad', 'joinPage', 'signalling', 'transports', 'firstFrame'] as const;
type Phase = (typeof PHASES)[number];

process.env.MEDIASOUP_WORKER_BIN ??= '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker';

export default async function joinBench(): Promise<void> {
  assertClientBuilt();
  let app: TestServer | undefined;
  const browser = await launchBrowser();
  let anchor: Person | undefined;
  try {
    app = await startTestServer({ logLevel: 'warn' });
    const session = await createTestSession(app, {
      title: 'Join benchmark',
      // Straight into the joint room: the waiting room would add the mediator's reaction time.
      settings: { waitingRoom: false, capacity: 20 },
      invites: Array.from({ length: RUNS + WARMUP }, (_, i) => ({ displayName: `Joiner ${i + 1}`, role: 'party' as const, side: i % 2 ? 'Respondent' : 'Claimant' })),
    });

    // The person already in the room whose video every joiner waits for.
    anchor = await newPerson(browser, 'anchor', app.url);
    await joinByLink(anchor.page, session.mediator.link);
    const anchorId = session.mediator.participantId;

    const totals: number[] = [];
    const reference: number[] = [];
    const firstConsumerOffered: number[] = [];
    const marksAfterClick: Record<string, number[]> = {};
    const phases: Record<Phase, number[]> = { pageLoad: [], joinPage: [], signalling: [], transports: [], firstFrame: [] };
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const invite = session.invites[i]!;
      const joiner = await newPerson(browser, `joiner-${i + 1}`, app.url);
      try {
        await installTimeline(joiner.context);
        const t0 = Date.now();
        await joiner.page.goto(invite.link, { waitUntil: 'commit' });
        const tClick = await clickInPageWhenEnabled(joiner.page, 'join-button');
        const tFrame = await firstFrameAt(joiner, anchorId);
        const tl = await readTimeline(joiner.page);
        const joined = tl.joinAcked ?? tl.socketConnected;
        if (!tl.load || !joined || !tl.recvConnected) throw new Error(`missing milestones: ${JSON.stringify(tl)}`);
        const run = {
          pageLoad: tl.load - t0,
          joinPage: tClick - tl.load,
          signalling: joined - tClick,
          // Under load the `connected` event can reach the page after the first frame was already
          // decoded (events queue behind other tasks); the frame then marks the phase boundary.
          transports: Math.min(tl.recvConnected, tFrame) - joined,
          firstFrame: tFrame - Math.min(tl.recvConnected, tFrame),
        };
        const total = tFrame - t0;
        // Inside `transports`: when the server offered the first consumer (before ICE + DTLS).
        const firstOffer = (await socketEventTimes(joiner.page, 'media:newConsumer'))[0];
        const offer = firstOffer ? firstOffer - joined : null;
        console.log(`[bench] join ${i < WARMUP ? 'warm-up' : `#${i + 1 - WARMUP}`}: ${total} ms ${JSON.stringify(run)} (first consumer offered ${offer} ms after join)`);
        if (i < WARMUP) continue;
        if (offer !== null) firstConsumerOffered.push(offer);
        // The client's own marks along the join path (client/src/lib/marks.ts), relative to the click.
        for (const m of await clientMarks(joiner.page)) (marksAfterClick[m.name] ??= []).push(Math.round(m.t - tClick));
        totals.push(total);
        for (const p of PHASES) phases[p].push(run[p]);
      } finally {
        await closePerson(joiner);
      }
      // Side by side, under the same load: the bare browser cost of camera + WebRTC + first frame.
      const ref = await bareWebRtcFirstFrame(browser, app.url);
      console.log(`[bench] join reference (bare WebRTC loopback in one page): ${ref} ms`);
      if (i >= WARMUP) reference.push(ref);
    }

    writeResult('join', {
      unit: 'ms',
      samples: totals,
      target: { median: 300, p95: 500 },
      warmupRuns: WARMUP,
      phases: Object.fromEntries(PHASES.map((p) => [p, { ...summarize(phases[p]), samples: phases[p] }])),
      clientMarksAfterClick: Object.fromEntries(Object.entries(marksAfterClick).map(([name, v]) => [name, summarize(v)])),
      joinAckToFirstConsumerOffer: firstConsumerOffered.length ? summarize(firstConsumerOffered) : null,
      reference: { what: 'getUserMedia + two RTCPeerConnections in one page + first decoded frame (no server)', ...summarize(reference), samples: reference },
      ratio_median_vs_reference: round(summarize(totals).median / summarize(reference).median),
      ratio_p95_vs_reference: round(summarize(totals).p95 / summarize(reference).p95),
    });
  } finally {
    await closePerson(anchor);
    await browser.close().catch(() => undefined);
    await stopTestServer(app);
  }
}

/** When the joiner first decoded a frame of the anchor's video: polled inside the page every 10 ms. */
async function firstFrameAt(joiner: Person, anchorId: string): Promise<number> {
  // Started right after the click: the join page hands over to the room in the same document.
  await startRecorder(joiner.page, 'first-frame', [anchorId], 10);
  try {
    return await poll(
      async () => {
        const samples = await peekRecorder(joiner.page, 'first-frame');
        return samples.find((s) => s.consumers.some((c) => c.kind === 'video' && c.framesDecoded > 0))?.t;
      },
      { what: `first frame from the anchor at ${joiner.name}`, timeoutMs: 60_000, intervalMs: 50 },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${joiner.errors.join('\n')}`);
  }
}

/** `mediation:*` performance marks of the page, as epoch milliseconds (same clock as Date.now()). */
async function clientMarks(page: Person['page']): Promise<Array<{ name: string; t: number }>> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('mediation:'))
      .map((m) => ({ name: m.name.slice('mediation:'.length), t: performance.timeOrigin + m.startTime })),
  );
}
