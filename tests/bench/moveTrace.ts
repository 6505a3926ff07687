/**
 * Where a move's time goes at the mover, seen from outside the client (the move bench installs
 * this on the mover's browser context only; the reference pages are not wrapped). It records, with
 * Date.now() (the bench's clock): socket.io notifications and requests by name, the
 * RTCPeerConnection offer/answer steps (mediasoup-client's renegotiations: setRemoteDescription,
 * createAnswer, setLocalDescription), remote tracks and their first packet (`unmute`), and long
 * tasks of the page's main thread. Nothing in the page depends on it.
 *
 * Read after each move: `movePhases` splits the move into the steps below; `MOVE_TRACE=1` also
 * prints the whole timeline of every move.
 */
import type { BrowserContext, Page } from 'playwright-core';

type TraceEvent = [t: number, what: string];

export async function installMoveTrace(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const events: Array<[number, string]> = [];
    (window as unknown as { __moveTrace: typeof events }).__moveTrace = events;
    const note = (what: string): void => void events.push([Date.now(), what]);
    const proto = RTCPeerConnection.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const step of ['setRemoteDescription', 'createAnswer', 'setLocalDescription']) {
      const original = proto[step]!;
      proto[step] = function (this: RTCPeerConnection, ...args: unknown[]) {
        note(`${step}>`);
        return original.apply(this, args).then((x) => (note(`${step}<`), x));
      };
    }
    const NativePeerConnection = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends NativePeerConnection {
      constructor(config?: RTCConfiguration) {
        super(config);
        this.addEventListener('track', (e: RTCTrackEvent) => {
          note(`track ${e.track.kind} ${e.track.id}`);
          e.track.addEventListener('unmute', () => note(`unmute ${e.track.kind} ${e.track.id}`));
        });
      }
    };
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        if (!String(url).includes('/socket.io/')) return;
        const pending = new Map<string, string>();
        this.addEventListener('message', (e: MessageEvent) => {
          if (typeof e.data !== 'string') return;
          const event = /^42\d*\["([^"]+)"/.exec(e.data);
          if (event) note(`recv ${event[1]}`);
          const ack = /^43(\d+)/.exec(e.data);
          if (ack && pending.has(ack[1]!)) note(`answer ${pending.get(ack[1]!)}`);
        });
        const send = this.send.bind(this);
        this.send = (data: string | ArrayBufferLike | Blob | ArrayBufferView) => {
          const request = typeof data === 'string' ? /^42(\d+)\["([^"]+)"/.exec(data) : null;
          if (request) {
            pending.set(request[1]!, request[2]!);
            note(`send ${request[2]}`);
          }
          send(data as never);
        };
      }
    };
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) events.push([Math.round(performance.timeOrigin + e.startTime), `longtask ${Math.round(e.duration)}`]);
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // No long-task timing in this browser: the phases go without it.
    }
    try {
      // Long animation frames with their scripts: what the main thread ran (MOVE_TRACE's detail).
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as Array<{ startTime: number; duration: number; styleAndLayoutStart: number; scripts: Array<{ invoker: string; sourceFunctionName: string; sourceURL: string; duration: number; forcedStyleAndLayoutDuration: number }> }>) {
          const layout = e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0;
          const scripts = e.scripts.filter((s) => s.duration >= 5).map((s) => `${s.invoker}${s.sourceFunctionName ? `/${s.sourceFunctionName}` : ''}@${s.sourceURL.split('/').pop()} ${Math.round(s.duration)}${s.forcedStyleAndLayoutDuration >= 5 ? ` (forced layout ${Math.round(s.forcedStyleAndLayoutDuration)})` : ''}`);
          events.push([Math.round(performance.timeOrigin + e.startTime), `loaf ${Math.round(e.duration)} [render ${layout}] ${scripts.join('; ')}`]);
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // No long-animation-frame timing in this browser.
    }
  });
}

/** The trace between two times, sorted, times relative to `t0`. */
export async function readMoveTrace(page: Page, t0: number, until: number): Promise<TraceEvent[]> {
  const events = await page.evaluate(() => (window as unknown as { __moveTrace?: Array<[number, string]> }).__moveTrace ?? []);
  return events.filter(([t]) => t >= t0 && t <= until).map(([t, what]): TraceEvent => [t - t0, what]).sort((a, b) => a[0] - b[0]);
}

export interface MovePhases {
  /** media:consumers arrived (the move's consumer changes, one message). */
  notified: number;
  /** The renegotiation that adds the new consumers: its setRemoteDescription to its setLocalDescription done (the receivers exist). */
  addRenegotiation: number;
  /** The resume request sent (from the receivers existing to here: the page's own work). */
  resumeSent: number;
  /** From the resume request to the first packet of the new video (its track unmutes): the server, the sender's key frame, the network. */
  resumeToFirstPacket: number;
  /** From the first packet to the frame on screen: the rest of the key frame, decoding, presenting. */
  firstPacketToScreen: number;
  /** Main-thread long tasks (over 50 ms) that began between the command and the frame on screen, in total. */
  longTasks: number;
}

/** Splits one move at the mover into phases (ms; undefined when a step is missing from the trace). */
export function movePhases(trace: TraceEvent[], onScreen: number, newVideoTrackIds: Set<string>): MovePhases | undefined {
  const at = (what: (s: string) => boolean, after = 0) => trace.find(([t, s]) => t >= after && what(s))?.[0];
  const notified = at((s) => s === 'recv media:consumers');
  if (notified === undefined) return undefined;
  const addStart = at((s) => s === 'setRemoteDescription>', notified);
  const addDone = addStart === undefined ? undefined : at((s) => s === 'setLocalDescription<', addStart);
  const resumeSent = at((s) => s === 'send media:resumeConsumers', notified);
  const firstPacket = at((s) => s.startsWith('unmute video ') && newVideoTrackIds.has(s.slice('unmute video '.length)), notified);
  if (addStart === undefined || addDone === undefined || resumeSent === undefined || firstPacket === undefined) return undefined;
  const longTasks = trace.filter(([t, s]) => t <= onScreen && s.startsWith('longtask ')).reduce((sum, [, s]) => sum + Number(s.slice('longtask '.length)), 0);
  return { notified, addRenegotiation: addDone - addStart, resumeSent, resumeToFirstPacket: firstPacket - resumeSent, firstPacketToScreen: onScreen - firstPacket, longTasks };
}
