/**
 * `join`: from opening an invite link to the first decoded frame of remote video, in Debian's
 * Chromium with the fake camera, against the real server on loopback. Ten measured joins (after
 * one warm-up join that is not counted: it pays for the browser's first codec and network set-up),
 * each in a fresh browser context with its own invite. The person looks at their preview for
 * DWELL_MS (a quick person: see yourself, click) and clicks "Join"; meanwhile the page pre-connects.
 *   link_to_preview  link opened → first frame of the local camera preview shown on the join page
 *   click_to_frame   click on "Join" → first remote video frame decoded (getStats framesDecoded > 0)
 *   total            link opened → first remote frame, without the dwell (comparable to the
 *                    total of earlier runs, which clicked as soon as the button was there)
 * Phases: pageLoad (link → `load`), preview (`load` → preview frame), signalling (click → join
 * acknowledged), media (join acknowledged → first remote frame); `transportsConnectedBeforeClick`
 * counts the runs whose two WebRTC transports were connected (ICE + DTLS) before the click.
 * References, measured in the same run after every join: a bare WebRTC page (getUserMedia + two
 * RTCPeerConnections + first decoded frame) for click_to_frame, and a static page that only opens
 * the camera and shows it, served by a tiny HTTP server, for link_to_preview.
 * Beside them, `link_to_preview_from_another_site`: the same link (a second invite per run, never
 * joined) and the same static page, each opened from a page of another site, as a link in webmail
 * is (navigated from a page on `localhost`: another site than 127.0.0.1). The headline ratio opens
 * both in a fresh about:blank tab, where the static page re-uses that tab's renderer and our page,
 * sent with Cross-Origin-Opener-Policy, gets a new one (~120 ms, issue 17 notes); from another
 * site both need a new renderer, as they do for people.
 * Milestones come from inside the page (WebSocket and RTCPeerConnection wrapped before any page
 * script runs, see helpers/browser.ts installTimeline), all on the same clock as this process.
 */
import { createTestSession } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assertClientBuilt,
  bareWebRtcFirstFrames,
  clickInPageWhenEnabled,
  closePerson,
  installTimeline,
  joinByLink,
  launchBrowser,
  newPerson,
  peekRecorder,
  peekRenderedFrames,
  poll,
  readTimeline,
  startRecorder,
  type Person,
} from '../helpers/browser.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { round, summarize, writeResult } from './stats.js';
import { startCpuProfile } from './cpuProfile.js';

const RUNS = 10;
const WARMUP = 1;
/** How long the person looks at their preview before clicking "Join". */
const DWELL_MS = 1500;
const PHASES = ['pageLoad', 'preview', 'signalling', 'media'] as const;
/** `JOIN_BENCH_CPU_PROFILE=<dir>`: a CPU profile of the joiner's page from just before the click to
 * the first remote frame, as join-<n>.cpuprofile (as the move bench's MOVE_BENCH_CPU_PROFILE). For
 * finding where the click's time goes, never for a result: the sampler costs the page some time. */
const CPU_PROFILE_DIR = process.env.JOIN_BENCH_CPU_PROFILE;
type Phase = (typeof PHASES)[number];

process.env.MEDIASOUP_WORKER_BIN ??= '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker';

export default async function joinBench(): Promise<void> {
  assertClientBuilt();
  let app: ServerProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-join-bench-'));
  const browser = await launchBrowser();
  let anchor: Person | undefined;
  const staticPage = await serveStaticPreview();
  let staticPageOurHeaders: Awaited<ReturnType<typeof serveStaticPreview>> | undefined;
  try {
    // The server runs as its own process, as it does for real people: in this process it would
    // share one event loop with the browser driver's polling (each first-frame check serialises
    // the page's samples here), and a join's answer could wait behind it.
    app = await startServerProcess(dataDir);
    staticPageOurHeaders = await serveStaticPreview(await securityHeadersOf(`${app.url}/join`));
    const session = await createTestSession(app, {
      title: 'Join benchmark',
      // Straight into the joint room: the waiting room would add the mediator's reaction time.
      settings: { waitingRoom: false, capacity: 20 },
      // One to join per run, and one per run only opened from another site (never joined).
      invites: Array.from({ length: 2 * (RUNS + WARMUP) }, (_, i) => ({ displayName: `Joiner ${i + 1}`, role: 'party' as const, side: i % 2 ? 'Respondent' : 'Claimant' })),
    });

    // The person already in the room whose video every joiner waits for.
    anchor = await newPerson(browser, 'anchor', app.url);
    await joinByLink(anchor.page, session.mediator.link);
    const anchorId = session.mediator.participantId;

    const totals: number[] = [];
    const clickToFrame: number[] = [];
    const linkToPreview: number[] = [];
    const reference: number[] = [];
    const referenceDecoded: number[] = [];
    const clickToDecoded: number[] = [];
    const firstVideoBytes: number[] = [];
    const previewReference: number[] = [];
    const previewReferenceOurHeaders: number[] = [];
    const fromAnotherSite: number[] = [];
    const previewReferenceFromAnotherSite: number[] = [];
    let connectedBeforeClick = 0;
    const marksAfterClick: Record<string, number[]> = {};
    const marksAfterLink: Record<string, number[]> = {};
    const phases: Record<Phase, number[]> = { pageLoad: [], preview: [], signalling: [], media: [] };
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const invite = session.invites[i]!;
      const joiner = await newPerson(browser, `joiner-${i + 1}`, app.url);
      try {
        await installTimeline(joiner.context);
        await recordConnections(joiner.context);
        const t0 = Date.now();
        await joiner.page.goto(invite.link, { waitUntil: 'commit' });
        const tPreview = await firstPreviewFrameAt(joiner.page, '[data-testid="camera-preview"]');
        await new Promise((r) => setTimeout(r, Math.max(0, tPreview + DWELL_MS - Date.now())));
        const profiling = CPU_PROFILE_DIR ? await startCpuProfile(joiner) : undefined;
        const tClick = await clickInPageWhenEnabled(joiner.page, 'join-button');
        const { tFrame, tDecoded, firstVideo } = await firstFrameAt(joiner, anchorId);
        await profiling?.stopInto(`${CPU_PROFILE_DIR}/join-${i + 1}.cpuprofile`, { tClick });
        const tl = await readTimeline(joiner.page);
        const joined = tl.joinAcked;
        if (!tl.load || !joined) throw new Error(`missing milestones: ${JSON.stringify(tl)}`);
        const connections = await joiner.page.evaluate(() => (window as unknown as { __pcConnected: number[] }).__pcConnected);
        const early = connections.filter((t) => t <= tClick).length >= 2;
        const run = { pageLoad: tl.load - t0, preview: tPreview - tl.load, signalling: joined - tClick, media: tFrame - joined };
        const c2f = tFrame - tClick;
        const total = tFrame - t0 - (tClick - tPreview);
        console.log(`[bench] join ${i < WARMUP ? 'warm-up' : `#${i + 1 - WARMUP}`}: link→preview ${tPreview - t0} ms, click→frame ${c2f} ms, total ${total} ms ${JSON.stringify(run)} (transports connected before the click: ${early}; video received by its first decoded frame: ${firstVideo.bytes} bytes in ${firstVideo.packets} packets)`);
        if (i < WARMUP) continue;
        if (early) connectedBeforeClick++;
        // The client's own marks along the join path (client/src/lib/marks.ts), relative to the click.
        // Before the click, relative to the link being opened (the preview and the pre-connection).
        for (const m of await clientMarks(joiner.page)) {
          if (m.t < tClick) (marksAfterLink[m.name] ??= []).push(Math.round(m.t - t0));
          else (marksAfterClick[m.name] ??= []).push(Math.round(m.t - tClick));
        }
        (marksAfterLink['preview-detected'] ??= []).push(tPreview - t0);
        (marksAfterLink['load'] ??= []).push(tl.load - t0);
        totals.push(total);
        clickToFrame.push(c2f);
        clickToDecoded.push(tDecoded - tClick);
        firstVideoBytes.push(firstVideo.bytes);
        linkToPreview.push(tPreview - t0);
        for (const p of PHASES) phases[p].push(run[p]);
      } finally {
        await closePerson(joiner);
      }
      // Side by side, under the same load: the bare browser cost of camera + WebRTC + first frame,
      // and of a static page that only shows the camera.
      const { rendered: ref, decoded: refDecoded } = await bareWebRtcFirstFrames(browser, app.url);
      const previewRef = await staticPreviewAt(browser, staticPage.url);
      const previewRefHeaders = await staticPreviewAt(browser, staticPageOurHeaders!.url);
      // Both opened from a page of another site, as from webmail (see the top of this file).
      const mail = staticPage.url.replace('127.0.0.1', 'localhost').replace('/preview.html', '/mail.html');
      const oursFromMail = await previewFromAnotherSite(browser, mail, session.invites[RUNS + WARMUP + i]!.link, app.url, '[data-testid="camera-preview"]');
      const refFromMail = await previewFromAnotherSite(browser, mail, staticPage.url, staticPage.url, '#preview');
      console.log(`[bench] join references: bare WebRTC ${ref} ms, static camera page ${previewRef} ms (with our security headers ${previewRefHeaders} ms); opened from another site: our join page ${oursFromMail} ms, static page ${refFromMail} ms`);
      if (i >= WARMUP) {
        reference.push(ref);
        referenceDecoded.push(refDecoded);
        previewReference.push(previewRef);
        previewReferenceOurHeaders.push(previewRefHeaders);
        fromAnotherSite.push(oursFromMail);
        previewReferenceFromAnotherSite.push(refFromMail);
      }
    }

    const c2f = summarize(clickToFrame);
    const l2p = summarize(linkToPreview);
    writeResult('join', {
      unit: 'ms',
      samples: totals,
      target: { median: 300, p95: 500 },
      warmupRuns: WARMUP,
      dwellMs: DWELL_MS,
      click_to_frame: { median: c2f.median, p95: c2f.p95, min: c2f.min, max: c2f.max, samples: clickToFrame },
      link_to_preview: { median: l2p.median, p95: l2p.p95, min: l2p.min, max: l2p.max, samples: linkToPreview },
      transportsConnectedBeforeClick: `${connectedBeforeClick}/${RUNS}`,
      phases: Object.fromEntries(PHASES.map((p) => [p, { ...summarize(phases[p]), samples: phases[p] }])),
      clientMarksAfterLink: Object.fromEntries(Object.entries(marksAfterLink).map(([name, v]) => [name, summarize(v)])),
      clientMarksAfterClick: Object.fromEntries(Object.entries(marksAfterClick).map(([name, v]) => [name, summarize(v)])),
      reference: { what: 'getUserMedia + two RTCPeerConnections in one page + first frame presented in a <video> (no server)', ...summarize(reference), samples: reference },
      previewReference: { what: 'a static page (one small HTML file) that opens the camera and shows it: link opened to its first frame', ...summarize(previewReference), samples: previewReference },
      ratio_click_to_frame_vs_reference: round(c2f.median / summarize(reference).median),
      // The older measure, kept beside it: first stats reading with a decoded frame, both sides.
      click_to_decoded_by_stats: summarize(clickToDecoded),
      referenceDecoded: { what: 'the same reference, first stats reading with a decoded frame', ...summarize(referenceDecoded) },
      // The anchor's key frame the joiner waits for, as received by its first decoded frame (bytes).
      firstVideoBytesByFirstDecodedFrame: summarize(firstVideoBytes),
      ratio_click_to_decoded_by_stats_vs_reference: round(summarize(clickToDecoded).median / summarize(referenceDecoded).median),
      ratio_link_to_preview_vs_reference: round(l2p.median / summarize(previewReference).median),
      // Information beside the goal's reference (not instead of it): the same static page served
      // with our pages' security headers. Cross-Origin-Opener-Policy alone makes the browser give
      // the page a new renderer process, which delays the first camera frame (issue 17 notes).
      previewReferenceOurHeaders: { what: 'the same static page served with the security headers of our /join (CSP left out: it would block the page script)', ...summarize(previewReferenceOurHeaders), samples: previewReferenceOurHeaders },
      ratio_link_to_preview_vs_reference_our_headers: round(l2p.median / summarize(previewReferenceOurHeaders).median),
      // Information beside the goal's ratio: both pages opened from a page of another site.
      link_to_preview_from_another_site: { ...summarize(fromAnotherSite), samples: fromAnotherSite },
      previewReferenceFromAnotherSite: { what: 'the same static page, opened from a page of another site', ...summarize(previewReferenceFromAnotherSite), samples: previewReferenceFromAnotherSite },
      ratio_link_to_preview_from_another_site_vs_reference: round(summarize(fromAnotherSite).median / summarize(previewReferenceFromAnotherSite).median),
      goals: { ratio_click_to_frame_vs_reference: 0.5, ratio_link_to_preview_vs_reference: 1.5 },
      ratio_median_vs_reference: round(summarize(totals).median / summarize(reference).median),
      ratio_p95_vs_reference: round(summarize(totals).p95 / summarize(reference).p95),
    });
  } finally {
    await closePerson(anchor);
    await browser.close().catch(() => undefined);
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    staticPage.close();
    staticPageOurHeaders?.close();
  }
}

/** The response headers our server sends with the join page, minus the CSP (which would block
 * the static page's inline script) and what describes the body. */
async function securityHeadersOf(url: string): Promise<Record<string, string>> {
  const res = await fetch(url);
  await res.arrayBuffer();
  const skip = new Set(['content-security-policy', 'content-type', 'content-length', 'etag', 'last-modified', 'date', 'connection', 'keep-alive', 'accept-ranges', 'cache-control', 'transfer-encoding']);
  return Object.fromEntries([...res.headers].filter(([k]) => !skip.has(k.toLowerCase())));
}

/** Times of every RTCPeerConnection reaching `connected` (both transports, whatever they carry). */
async function recordConnections(context: Person['context']): Promise<void> {
  await context.addInitScript(() => {
    const times: number[] = [];
    (window as unknown as { __pcConnected: number[] }).__pcConnected = times;
    const Native = window.RTCPeerConnection;
    class Recorded extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        this.addEventListener('connectionstatechange', () => {
          if (this.connectionState === 'connected') times.push(Date.now());
        });
      }
    }
    window.RTCPeerConnection = Recorded;
  });
}

/** When the first frame of a `<video>` matching `selector` was shown (polled in the page every 5 ms). */
async function firstPreviewFrameAt(page: Person['page'], selector: string, timeoutMs = 60_000): Promise<number> {
  return page.evaluate(
    ({ selector, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = (): void => {
          const v = document.querySelector(selector) as HTMLVideoElement | null;
          if (v && v.videoWidth > 0 && (v.getVideoPlaybackQuality?.().totalVideoFrames ?? 1) > 0 && v.readyState >= 2) resolve(Date.now());
          else if (Date.now() > deadline) reject(new Error(`no frame in ${selector}`));
          else setTimeout(check, 5);
        };
        check();
      }),
    { selector, timeoutMs },
  );
}

/** The reference for link_to_preview: a static page that only opens the camera and shows it. */
const STATIC_PREVIEW = `<!doctype html><html><head><meta charset="utf-8"><title>camera</title></head><body>
<video id="preview" autoplay playsinline muted></video>
<script>navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then((s) => { document.getElementById('preview').srcObject = s; });</script>
</body></html>`;

/** The page of another site a link is opened from (`/mail.html` on the static server). */
const MAIL_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>mail</title></head><body><p>Your invitation</p></body></html>';

async function serveStaticPreview(headers: Record<string, string> = {}): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const mail = req.url?.startsWith('/mail.html');
    res.writeHead(200, { ...(mail ? {} : headers), 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(mail ? MAIL_PAGE : STATIC_PREVIEW);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/preview.html`, close: () => server.close() };
}

async function staticPreviewAt(browser: Parameters<typeof newPerson>[0], url: string): Promise<number> {
  // Camera permission is granted per origin: the static page's own.
  const person = await newPerson(browser, 'preview-reference', url);
  try {
    const t0 = Date.now();
    await person.page.goto(url, { waitUntil: 'commit' });
    return (await firstPreviewFrameAt(person.page, '#preview')) - t0;
  } finally {
    await closePerson(person);
  }
}

/** Link opened from a page of another site (`mailUrl`) to the first frame of `selector`. */
async function previewFromAnotherSite(browser: Parameters<typeof newPerson>[0], mailUrl: string, link: string, cameraOrigin: string, selector: string): Promise<number> {
  const person = await newPerson(browser, 'from-another-site', cameraOrigin);
  try {
    await person.page.goto(mailUrl);
    const t0 = Date.now();
    await person.page.evaluate((u) => void (location.href = u), link);
    await person.page.waitForURL((u) => u.href.startsWith(link.split('#')[0]!), { waitUntil: 'commit' });
    return (await firstPreviewFrameAt(person.page, selector)) - t0;
  } finally {
    await closePerson(person);
  }
}

/**
 * When the joiner first saw the anchor's video: the first frame presented in the anchor's tile
 * (requestVideoFrameCallback), as the reference is observed. A stats reading can wait hundreds of
 * ms behind the joiner's own SDP renegotiation (its camera starting), so `tDecoded` (the first
 * reading with a decoded frame, timed when it returned) is kept beside it, not as the measure.
 */
async function firstFrameAt(joiner: Person, anchorId: string): Promise<{ tFrame: number; tDecoded: number; firstVideo: { bytes: number; packets: number } }> {
  // Started right after the click: the join page hands over to the room in the same document.
  await startRecorder(joiner.page, 'first-frame', [anchorId], 10, { renderedOf: anchorId });
  try {
    return await poll(
      async () => {
        const samples = await peekRecorder(joiner.page, 'first-frame');
        const video = (s: (typeof samples)[number]) => s.consumers.find((c) => c.kind === 'video');
        const decoded = samples.find((s) => (video(s)?.framesDecoded ?? 0) > 0);
        const rendered = (await peekRenderedFrames(joiner.page, 'first-frame'))[0];
        if (!decoded || !rendered) return undefined;
        // What had arrived by the first decoded frame: the sender's key frame (bytes, packets).
        const firstVideo = { bytes: video(decoded)!.bytesReceived, packets: video(decoded)!.packetsReceived };
        return { tFrame: rendered.t, tDecoded: decoded.tEnd ?? decoded.t, firstVideo };
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
