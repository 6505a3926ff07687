/**
 * Drives Debian's Chromium (playwright-core, fake camera and microphone) for end-to-end tests and
 * benchmarks. Every wait here polls with a deadline; nothing sleeps for a fixed time and then
 * asserts, because on a shared 2-core machine timings vary by an order of magnitude.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const ARTIFACTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

/** Flags that Chromium needs as root in a sandbox without GPU or internet (ENVIRONMENT.md), plus
 * the fake media devices: a 640x480 test pattern and a beeping microphone. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  // Background tabs and occluded windows must keep decoding: every context is "background" headless.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** One person at one browser: an isolated context (own storage), one page, and what went wrong in it. */
export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, for the test to print when it fails. */
  errors: string[];
}

export async function newPerson(browser: Browser, name: string, baseUrl: string): Promise<Person> {
  const origin = new URL(baseUrl).origin;
  const context = await browser.newContext({
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 800 },
  });
  await context.grantPermissions(['camera', 'microphone'], { origin });
  // tsx (esbuild with keepNames) wraps named functions in `__name(...)`; functions we send into the
  // page carry those calls, so the page needs the helper too.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`[${name}] console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`[${name}] pageerror: ${err.message}`));
  page.setDefaultTimeout(60_000);
  return { name, context, page, errors };
}

export async function closePerson(person: Person | undefined): Promise<void> {
  if (!person) return;
  await person.context.close().catch(() => undefined);
}

/** Opens an invite link and waits until the join page is ready (its join button is visible). */
export async function openJoin(page: Page, link: string): Promise<void> {
  await page.goto(link, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('join-button').waitFor({ state: 'visible', timeout: 60_000 });
}

/** Opens an invite link and joins with whatever name the link carries. */
export async function joinByLink(page: Page, link: string): Promise<void> {
  await openJoin(page, link);
  await clickWhenEnabled(page, 'join-button');
}

export async function clickWhenEnabled(page: Page, testId: string): Promise<void> {
  const button = page.getByTestId(testId).first();
  await button.waitFor({ state: 'visible' });
  await poll(() => button.isEnabled(), { what: `${testId} to be enabled`, timeoutMs: 60_000 });
  await button.click();
}

/** Clicks a button from inside the page the moment it exists and is enabled, and returns when
 * (Date.now()). For benchmarks: Playwright's own auto-waiting polls with back-off (up to 500 ms),
 * which would be measured as if it were the app's time. */
export async function clickInPageWhenEnabled(page: Page, testId: string, timeoutMs = 60_000): Promise<number> {
  return page.evaluate(
    ({ testId, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = (): void => {
          const el = document.querySelector(`[data-testid="${testId}"]`) as HTMLButtonElement | null;
          if (el && !el.disabled) {
            const at = Date.now();
            el.click();
            resolve(at);
          } else if (Date.now() > deadline) reject(new Error(`${testId} never became clickable`));
          else setTimeout(check, 5);
        };
        check();
      }),
    { testId, timeoutMs },
  );
}

// ---- media statistics exposed by the client (window.__mediation.getStats) ----

export interface ConsumerStat {
  kind: 'audio' | 'video';
  participantId: string;
  framesDecoded?: number;
  packetsReceived?: number;
  bytesReceived?: number;
}

/** What the page receives right now. Throws when the room's hook is missing, so that "no
 * consumers" can never be concluded from a page that is not in the room at all. */
export async function consumerStats(page: Page): Promise<ConsumerStat[]> {
  return page.evaluate(async () => {
    const hook = (window as unknown as { __mediation?: { getStats(): Promise<{ consumers: unknown[] }> | { consumers: unknown[] } } }).__mediation;
    if (!hook) throw new Error('window.__mediation is not installed: the page is not in the room');
    const stats = await hook.getStats();
    return (stats?.consumers ?? []) as never[];
  });
}

export const statsFrom = (stats: ConsumerStat[], participantId: string, kind: 'audio' | 'video'): ConsumerStat | undefined =>
  stats.find((s) => s.participantId === participantId && s.kind === kind);

/** Waits until the page decodes video frames from a participant (and receives audio packets, unless told not to). */
export async function waitForFrames(
  page: Page,
  fromParticipantId: string,
  opts: { audio?: boolean; timeoutMs?: number } = {},
): Promise<{ video: ConsumerStat; audio: ConsumerStat | undefined }> {
  const wantAudio = opts.audio ?? true;
  return poll(
    async () => {
      const stats = await consumerStats(page);
      const video = statsFrom(stats, fromParticipantId, 'video');
      const audio = statsFrom(stats, fromParticipantId, 'audio');
      if (!video || (video.framesDecoded ?? 0) <= 0) return undefined;
      if (wantAudio && (!audio || (audio.packetsReceived ?? 0) <= 0)) return undefined;
      return { video, audio };
    },
    { what: `frames from ${fromParticipantId}`, timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 100 },
  );
}

/** Waits until the page holds no consumer of a participant's media at all. */
export async function waitForNoConsumers(page: Page, fromParticipantId: string, timeoutMs = 30_000): Promise<void> {
  await poll(
    async () => ((await consumerStats(page)).some((s) => s.participantId === fromParticipantId) ? undefined : true),
    { what: `consumers of ${fromParticipantId} to close`, timeoutMs },
  );
}

/** Waits until the page receives video frames and audio packets from someone that keep increasing
 * between two readings: proof that media flows now, not only that it once did. */
export async function waitForFlowingMedia(page: Page, fromParticipantId: string, timeoutMs = 60_000): Promise<void> {
  const first = await waitForFrames(page, fromParticipantId, { timeoutMs });
  await poll(
    async () => {
      const stats = await consumerStats(page);
      const video = statsFrom(stats, fromParticipantId, 'video');
      const audio = statsFrom(stats, fromParticipantId, 'audio');
      const videoGrew = (video?.framesDecoded ?? 0) > (first.video.framesDecoded ?? 0);
      const audioGrew = (audio?.packetsReceived ?? 0) > (first.audio?.packetsReceived ?? 0);
      return videoGrew && audioGrew ? true : undefined;
    },
    { what: `media from ${fromParticipantId} to keep flowing`, timeoutMs },
  );
}

// ---- generic waiting ----

/** Calls `probe` until it returns something other than undefined/false, or throws after the deadline. */
export async function poll<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { what: string; timeoutMs?: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out waiting for ${opts.what}${why}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}

// ---- artifacts ----

/** Saves a full-page screenshot to tests/artifacts/<name>.png (gitignored; CI keeps it). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Error lines of every person, for a failing test's message. */
export const errorReport = (people: Array<Person | undefined>): string =>
  people.flatMap((p) => p?.errors ?? []).slice(-40).join('\n');

// ---- invite links ----

/** What an invite link's token says (read, not verified): `sub` participant, `sid` session. */
export function claimsOf(link: string): { sub: string; sid: string; role: string } {
  const token = new URL(link).hash.replace(/^#t=/, '');
  const payload = token.split('.')[1];
  if (!payload) throw new Error(`not a token link: ${link}`);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string; sid: string; role: string };
}

/** The participant id an invite link is for. */
export const participantIdOf = (link: string): string => claimsOf(link).sub;

/** The same link with one character of the signature changed: well-formed, but not genuine. */
export function tamperedLink(link: string): string {
  const url = new URL(link);
  const token = url.hash.replace(/^#t=/, '');
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const i = Math.floor(signature.length / 2);
  const flipped = signature[i] === 'A' ? 'B' : 'A';
  url.hash = `t=${header}.${payload}.${signature.slice(0, i)}${flipped}${signature.slice(i + 1)}`;
  return url.toString();
}

/** Fails early with the command to run when the client has not been built (the server serves client/dist). */
export function assertClientBuilt(): void {
  const index = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/dist/index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`The client is not built (${index} is missing). Run: pnpm --filter @mediation/client exec vite build`);
  }
}

// ---- timing instrumentation for benchmarks ----

/** Milestones recorded inside the page with Date.now() (the same clock as this process). */
export interface Timeline {
  domContentLoaded?: number;
  load?: number;
  socketOpening?: number;
  socketOpen?: number;
  /** socket.io CONNECT acknowledged by the server (handshake and token accepted). */
  socketConnected?: number;
  joinSent?: number;
  joinAcked?: number;
  firstRemoteTrack?: number;
  recvConnected?: number;
  sendConnected?: number;
}

/**
 * Wraps WebSocket and RTCPeerConnection before any page script runs, so a benchmark can split a
 * join into phases without the client's cooperation: measuring from outside keeps the client free
 * of benchmark code, and cannot be skewed by it.
 */
export async function installTimeline(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const marks: Record<string, number> = {};
    const mark = (name: string): void => {
      if (!(name in marks)) marks[name] = Date.now();
    };
    (window as unknown as { __timeline: Record<string, number> }).__timeline = marks;
    // Arrival time of every socket.io notification, by event name (kept small: name and time only).
    const events: Array<{ t: number; name: string }> = [];
    (window as unknown as { __socketEvents: typeof events }).__socketEvents = events;
    document.addEventListener('DOMContentLoaded', () => mark('domContentLoaded'));
    window.addEventListener('load', () => mark('load'));

    const NativeWebSocket = window.WebSocket;
    class TimedWebSocket extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (!String(url).includes('/socket.io/')) return;
        mark('socketOpening');
        let joinAckId: string | null = null;
        this.addEventListener('open', () => mark('socketOpen'));
        this.addEventListener('message', (e: MessageEvent) => {
          if (typeof e.data !== 'string') return;
          if (e.data.startsWith('40')) mark('socketConnected');
          const event = /^42\d*\["([^"]+)"/.exec(e.data);
          if (event) events.push({ t: Date.now(), name: event[1] ?? '' });
          const ack = /^43(\d+)/.exec(e.data);
          if (ack && ack[1] === joinAckId) mark('joinAcked');
        });
        const send = this.send.bind(this);
        this.send = (data: string | ArrayBufferLike | Blob | ArrayBufferView) => {
          const join = typeof data === 'string' ? /^42(\d+)\["session:join"/.exec(data) : null;
          if (join) {
            joinAckId = join[1] ?? null;
            mark('joinSent');
          }
          send(data as never);
        };
      }
    }
    window.WebSocket = TimedWebSocket;

    const NativePeerConnection = window.RTCPeerConnection;
    class TimedPeerConnection extends NativePeerConnection {
      constructor(config?: RTCConfiguration) {
        super(config);
        // mediasoup's receiving transport gets its first track before DTLS connects; the sending one never does.
        let receives = false;
        this.addEventListener('track', () => {
          receives = true;
          mark('firstRemoteTrack');
        });
        this.addEventListener('connectionstatechange', () => {
          if (this.connectionState === 'connected') mark(receives ? 'recvConnected' : 'sendConnected');
        });
      }
    }
    window.RTCPeerConnection = TimedPeerConnection;
  });
}

/** Keeps the page's socket.io WebSockets reachable so a test can cut them, as a dropped network
 * would (the client sees a transport close, not a deliberate disconnect). Install before loading. */
export async function trackSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const sockets: WebSocket[] = [];
    (window as unknown as { __testSockets: WebSocket[] }).__testSockets = sockets;
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (String(url).includes('/socket.io/')) sockets.push(this);
      }
    };
  });
}

/** Closes every open socket.io WebSocket of the page; returns how many it closed. */
export async function dropSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    const open = ((window as unknown as { __testSockets?: WebSocket[] }).__testSockets ?? []).filter((ws) => ws.readyState === WebSocket.OPEN);
    for (const ws of open) ws.close();
    return open.length;
  });
}

export async function readTimeline(page: Page): Promise<Timeline> {
  return page.evaluate(() => ({ ...((window as unknown as { __timeline?: Record<string, number> }).__timeline ?? {}) }));
}

/** Times at which socket.io notifications with this name arrived, at or after `since`. */
export async function socketEventTimes(page: Page, name: string, since = 0): Promise<number[]> {
  return page.evaluate(
    ({ name, since }) =>
      ((window as unknown as { __socketEvents?: Array<{ t: number; name: string }> }).__socketEvents ?? []).filter((e) => e.name === name && e.t >= since).map((e) => e.t),
    { name, since },
  );
}

/** One reading of a participant's consumers by the in-page recorder. */
export interface RecorderSample {
  /** Date.now() just before the stats were read: the numbers describe a moment no earlier than
   * this (what a "nothing arrived after the acknowledgement" count needs). */
  t: number;
  /** Date.now() when the numbers were in hand: a frame counted here was decoded no later than
   * this (what a "first frame by" time needs). A reading can take hundreds of ms while the page
   * renegotiates, so the two differ. */
  tEnd: number;
  consumers: Array<{ consumerId: string; kind: 'audio' | 'video'; packetsReceived: number; framesDecoded: number; bytesReceived: number }>;
}

/** A video frame presented on screen (requestVideoFrameCallback) in a participant's tile. */
export interface RenderedFrame {
  /** Date.now() inside the frame callback: when the page saw the frame presented. */
  t: number;
  /** The id of the track the <video> showed (mediasoup-client names a consumer's track by its consumer id). */
  trackId: string;
  /** Frames presented by this element so far (requestVideoFrameCallback's presentedFrames). */
  presentedFrames: number;
}

/**
 * Starts polling window.__mediation.getStats() inside the page every `intervalMs`, keeping the
 * samples of the named participants' consumers. Polling inside the page avoids a
 * page.evaluate round trip per sample, which on a loaded 2-core machine costs tens of ms.
 *
 * With `renderedOf`, it also watches that participant's tile (`video-tile` with their
 * `data-participant-id`) and records the first frame each of its <video> elements presents per
 * track, from requestVideoFrameCallback. That is the first picture the person actually sees, and
 * it is observed the moment it happens: a stats reading can be held up behind an SDP
 * renegotiation for hundreds of ms (seen in the move bench), which would be counted as if the
 * frame came late. The tile is looked for on its own 5 ms timer for the same reason.
 *
 * With `listed`, the same 5 ms timer records each change of the consumers of the named
 * participants that the room lists (`__mediation.state.remote`, read synchronously: the media
 * session updates it in the same step as its consumers), so "holds none any more" is seen when
 * it happens, not when a stalled stats reading returns.
 */
export async function startRecorder(page: Page, key: string, participantIds: string[], intervalMs = 15, opts: { renderedOf?: string; listed?: boolean } = {}): Promise<void> {
  await page.evaluate(
    ({ key, participantIds, intervalMs, renderedOf, listed }) => {
      type Stat = { consumerId?: string; participantId: string; kind: 'audio' | 'video'; packetsReceived?: number; framesDecoded?: number; bytesReceived?: number };
      type Rec = { samples: unknown[]; frames: unknown[]; listed: Array<{ t: number; consumerIds: string[] }>; stop: boolean };
      const w = window as unknown as {
        __recorders?: Record<string, Rec>;
        __mediation?: { getStats(): Promise<{ consumers: Stat[] }> | { consumers: Stat[] }; state?: { remote: Array<{ consumerId: string; participantId: string }> } };
      };
      w.__recorders ??= {};
      const rec: Rec = { samples: [], frames: [], listed: [], stop: false };
      w.__recorders[key] = rec;
      const wanted = new Set(participantIds);
      const tick = async (): Promise<void> => {
        if (rec.stop) return;
        const t = Date.now();
        try {
          // No hook, no sample: an absent room must not read as "receives nothing".
          if (!w.__mediation) throw new Error('no hook');
          const stats = (await w.__mediation.getStats()).consumers ?? [];
          rec.samples.push({
            t,
            tEnd: Date.now(),
            consumers: stats
              .filter((s) => wanted.has(s.participantId))
              .map((s) => ({ consumerId: s.consumerId ?? `${s.participantId}:${s.kind}`, kind: s.kind, packetsReceived: s.packetsReceived ?? 0, framesDecoded: s.framesDecoded ?? 0, bytesReceived: s.bytesReceived ?? 0 })),
          });
        } catch {
          // the room may be re-rendering; the next tick reads again
        }
        setTimeout(() => void tick(), intervalMs);
      };
      void tick();
      if (listed) {
        const list = (): void => {
          if (rec.stop) return;
          const remote = w.__mediation?.state?.remote;
          if (remote) {
            const ids = remote.filter((r) => wanted.has(r.participantId)).map((r) => r.consumerId).sort();
            const last = rec.listed.at(-1);
            if (!last || last.consumerIds.join() !== ids.join()) rec.listed.push({ t: Date.now(), consumerIds: ids });
          }
          setTimeout(list, 5);
        };
        list();
      }
      if (!renderedOf) return;
      const hooked = new WeakSet<HTMLVideoElement>();
      const watch = (video: HTMLVideoElement): void => {
        const seen = new Set<string>();
        const onFrame = (_now: number, meta: { presentedFrames: number }): void => {
          if (rec.stop) return;
          const t = Date.now();
          const trackId = ((video.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id) ?? '';
          if (!seen.has(trackId)) {
            seen.add(trackId);
            rec.frames.push({ t, trackId, presentedFrames: meta.presentedFrames });
          }
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      };
      const look = (): void => {
        if (rec.stop) return;
        for (const video of document.querySelectorAll<HTMLVideoElement>(`[data-testid="video-tile"][data-participant-id="${renderedOf}"] video`)) {
          if (hooked.has(video)) continue;
          hooked.add(video);
          watch(video);
        }
        setTimeout(look, 5);
      };
      look();
    },
    { key, participantIds, intervalMs, renderedOf: opts.renderedOf ?? null, listed: opts.listed ?? false },
  );
}

/** One of a running recorder's lists, read without stopping it. */
async function peekRecorderList<T>(page: Page, key: string, list: 'samples' | 'listed' | 'frames'): Promise<T[]> {
  return page.evaluate(({ key, list }) => {
    const w = window as unknown as { __recorders?: Record<string, Record<string, unknown[]>> };
    return (w.__recorders?.[key]?.[list] ?? []) as never;
  }, { key, list });
}

/** Changes of the listed consumers a running recorder saw (see `startRecorder`'s `listed`). */
export const peekListed = (page: Page, key: string) => peekRecorderList<{ t: number; consumerIds: string[] }>(page, key, 'listed');

/** Frames a running recorder saw presented (see `startRecorder`'s `renderedOf`). */
export const peekRenderedFrames = (page: Page, key: string) => peekRecorderList<RenderedFrame>(page, key, 'frames');

/** Stops a recorder and returns its samples. */
export async function stopRecorder(page: Page, key: string): Promise<RecorderSample[]> {
  return page.evaluate((key) => {
    const w = window as unknown as { __recorders?: Record<string, { samples: unknown[]; stop: boolean }> };
    const rec = w.__recorders?.[key];
    if (!rec) return [];
    rec.stop = true;
    delete w.__recorders![key];
    return rec.samples as never;
  }, key);
}

/** Reads a running recorder's samples without stopping it. */
export const peekRecorder = (page: Page, key: string) => peekRecorderList<RecorderSample>(page, key, 'samples');

// ---- side-by-side reference for benchmarks ----

/**
 * The reference, observed the way the move is: the same browser, under the same load, opens the
 * fake camera and sends it from one RTCPeerConnection to another in one page (no server, no
 * signalling), shows the received track in a <video> the size of a tile, and stops at its first
 * presented frame (requestVideoFrameCallback). `decoded` is the older measure, kept for
 * comparison: the first stats reading with framesDecoded > 0, timed when the reading returned.
 * Used by the move and the join benchmarks (click to frame).
 */
export async function bareWebRtcFirstFrames(browser: Browser, baseUrl: string): Promise<{ rendered: number; decoded: number }> {
  const person = await newPerson(browser, 'reference', baseUrl);
  try {
    // Any page of the server will do: getUserMedia needs a secure origin such as localhost.
    await person.page.goto(`${baseUrl}/healthz`);
    return await person.page.evaluate(async () => {
      const video = document.createElement('video');
      Object.assign(video, { autoplay: true, muted: true, playsInline: true, width: 640, height: 480 });
      document.body.append(video);
      const t0 = performance.now();
      let rendered: number | undefined;
      let decoded: number | undefined;
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      const a = new RTCPeerConnection();
      const b = new RTCPeerConnection();
      a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
      b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
      b.ontrack = (e) => {
        if (e.track.kind !== 'video') return;
        video.srcObject = new MediaStream([e.track]);
        video.requestVideoFrameCallback(() => (rendered ??= performance.now() - t0));
      };
      for (const track of stream.getTracks()) a.addTrack(track, stream);
      await a.setLocalDescription(await a.createOffer());
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription!);
      while (rendered === undefined || decoded === undefined) {
        if (decoded === undefined) {
          let frames = 0;
          (await b.getStats()).forEach((s: { type?: string; kind?: string; framesDecoded?: number }) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0;
          });
          if (frames > 0) decoded = performance.now() - t0;
        }
        if (performance.now() - t0 > 30_000) throw new Error('reference never showed a frame');
        await new Promise((r) => setTimeout(r, 10));
      }
      a.close();
      b.close();
      stream.getTracks().forEach((t) => t.stop());
      return { rendered: Math.round(rendered), decoded: Math.round(decoded) };
    });
  } finally {
    await closePerson(person);
  }
}
