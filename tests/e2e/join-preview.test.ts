/**
 * The join link's camera preview (client/join-boot.js + client/src/join/boot.ts): the camera
 * shows before the app's script has arrived, the join page then adopts that same <video> and
 * stream (one getUserMedia, no second element), a refused camera still ends in the page's clear
 * explanation, and someone who sends nothing is never asked for a camera.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { errorReport, poll, screenshot } from '../helpers/browser.js';
import { atScreenSizes } from '../helpers/roomPage.js';
import { createTestSession } from '../helpers/server.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';

/** Records every getUserMedia request (what it asked for); with `denyCamera`, any request that
 * includes video is refused the way a blocked camera is (NotAllowedError). */
async function watchGetUserMedia(context: BrowserContext, opts: { denyCamera?: boolean } = {}): Promise<void> {
  await context.addInitScript((deny: boolean) => {
    const calls: Array<{ audio: boolean; video: boolean }> = [];
    (window as unknown as { __gum: typeof calls }).__gum = calls;
    const md = navigator.mediaDevices;
    const real = md.getUserMedia.bind(md);
    md.getUserMedia = (c?: MediaStreamConstraints) => {
      calls.push({ audio: !!c?.audio, video: !!c?.video });
      if (deny && c?.video) return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      return real(c);
    };
  }, !!opts.denyCamera);
}

const gumCalls = (page: Page) => page.evaluate(() => (window as unknown as { __gum: Array<{ audio: boolean; video: boolean }> }).__gum);

/** Frames shown so far in the visible camera preview (0 when there is none). */
const previewFrames = (page: Page) =>
  page.evaluate(() => {
    const v = document.querySelector('[data-testid="camera-preview"]') as HTMLVideoElement | null;
    return v && v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0;
  });

describe('join link camera preview', () => {
  const room = useBrowserRoom();

  it('shows the camera before the app has loaded, then the join page adopts the same video and stream', async () => {
    // Straight into the joint room (no waiting room), so her own tile shows once she joins.
    const session = await createTestSession(room.app, { settings: { waitingRoom: false } });
    const ana = await room.person('ana');
    await watchGetUserMedia(ana.context);
    // The app's scripts are held back until the preview has shown a frame: the preview cannot
    // depend on them.
    const held: Route[] = [];
    let release = false;
    await ana.page.route('**/assets/*.js', (route) => (release ? route.continue() : void held.push(route)));
    await ana.page.goto(session.invites[0]!.link, { waitUntil: 'commit' });
    await poll(async () => (await previewFrames(ana.page)) > 0, { what: `a preview frame before the app loaded\n${errorReport([ana])}`, timeoutMs: 30_000 });
    const before = await ana.page.evaluate(() => ({
      rootEmpty: document.getElementById('root')!.childElementCount === 0,
      inPlaceholder: !!document.querySelector('#boot-preview [data-testid="camera-preview"]'),
      placeholderShown: !document.getElementById('boot-preview')!.hidden,
    }));
    expect(before).toEqual({ rootEmpty: true, inPlaceholder: true, placeholderShown: true });
    // The element the person sees now, to be found again after the hand-over.
    await ana.page.evaluate(() => document.querySelector('[data-testid="camera-preview"]')!.setAttribute('data-boot-marker', '1'));
    release = true;
    for (const r of held.splice(0)) await r.continue();

    await ana.page.getByTestId('join-button').waitFor({ state: 'visible', timeout: 60_000 });
    await poll(() => ana.page.evaluate(() => !document.getElementById('boot-preview')), { what: 'the placeholder handed over', timeoutMs: 30_000 });
    const after = await ana.page.evaluate(() => {
      const all = document.querySelectorAll('[data-testid="camera-preview"]');
      const v = all[0] as HTMLVideoElement;
      return {
        count: all.length,
        sameElement: v.getAttribute('data-boot-marker') === '1',
        inJoinPage: !!v.closest('#root .join-page .preview'),
        labelled: !!v.getAttribute('aria-label'),
        playing: !v.paused,
        live: (v.srcObject as MediaStream).getVideoTracks().every((t) => t.readyState === 'live'),
      };
    });
    expect(after).toEqual({ count: 1, sameElement: true, inJoinPage: true, labelled: true, playing: true, live: true });
    const frames = await previewFrames(ana.page);
    await poll(async () => (await previewFrames(ana.page)) > frames, { what: 'the adopted preview still showing new frames', timeoutMs: 10_000 });
    // One request for camera and microphone, made by join-boot.js; the page asked nothing more.
    expect(await gumCalls(ana.page)).toEqual([{ audio: true, video: true }]);

    // Joining takes that same stream into the room: her own tile shows the preview's camera track.
    const previewTrack = await ana.page.evaluate(() => ((document.querySelector('[data-testid="camera-preview"]') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]!.id);
    await ana.page.getByTestId('join-button').click();
    const ownTrack = () =>
      ana.page.evaluate(() => {
        const v = document.querySelector('[data-testid="video-tile"][data-self="true"] video') as HTMLVideoElement | null;
        return (v?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? null;
      });
    await poll(async () => (await ownTrack()) !== null, { what: `her own tile with video\n${errorReport([ana])}`, timeoutMs: 60_000 });
    expect(await ownTrack()).toBe(previewTrack);
    expect(await gumCalls(ana.page)).toHaveLength(1);
  });

  it('a blocked camera still ends in the join page’s explanation, with the microphone kept', async () => {
    const ben = await room.person('ben');
    await watchGetUserMedia(ben.context, { denyCamera: true });
    await ben.page.goto(room.session.invites[1]!.link, { waitUntil: 'domcontentloaded' });
    const problem = ben.page.getByTestId('media-problem');
    await problem.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await problem.getAttribute('data-problem')).toBeTruthy();
    expect(await ben.page.getByTestId('camera-preview').count()).toBe(0);
    expect(await ben.page.evaluate(() => document.getElementById('boot-preview'))).toBeNull();
    // The combined request (join-boot.js), then each device alone (the page): never the combined one twice.
    expect(await gumCalls(ben.page)).toEqual([{ audio: true, video: true }, { audio: true, video: false }, { audio: false, video: true }]);
    expect(await ben.page.getByTestId('join-without-camera').isVisible()).toBe(true);
  });

  it('while the browser asks for the camera, the join page runs at once and says where to answer; allowing shows the preview', async () => {
    const ana = await room.person('ana-asked');
    // The browser's permission prompt, played by the page: the camera's permission reads "prompt"
    // and the request waits until the test answers (headless Chromium shows no prompt of its own).
    await ana.context.addInitScript(() => {
      const w = window as unknown as { __allow?: () => void; __asked: number };
      w.__asked = 0;
      let answered = false;
      const waiting: Array<() => void> = [];
      const listeners = new Set<() => void>();
      const status = {
        get state() { return answered ? 'granted' : 'prompt'; },
        onchange: null,
        addEventListener: (_: string, f: () => void) => listeners.add(f),
        removeEventListener: (_: string, f: () => void) => listeners.delete(f),
      };
      navigator.permissions.query = (() => Promise.resolve(status)) as unknown as Permissions['query'];
      const md = navigator.mediaDevices;
      const real = md.getUserMedia.bind(md);
      md.getUserMedia = (c?: MediaStreamConstraints) => {
        w.__asked++;
        return answered ? real(c) : new Promise<void>((resolve) => waiting.push(resolve)).then(() => real(c));
      };
      w.__allow = () => {
        answered = true;
        waiting.splice(0).forEach((go) => go());
        listeners.forEach((f) => f());
      };
    });
    await ana.page.goto(room.session.invites[0]!.link, { waitUntil: 'domcontentloaded' });
    // The app ran without waiting for the answer (bootPreviewSettled): the join page and the hint
    // are there while the request is still unanswered, and it was asked once (join-boot.js).
    const hint = ana.page.getByTestId('permission-hint');
    await hint.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await hint.textContent()).toMatch(/Allow/);
    expect(await ana.page.getByTestId('camera-off').textContent()).toMatch(/Starting camera/);
    expect(await ana.page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
    await atScreenSizes(ana.page, (w, h) => screenshot(ana.page, `join-permission-prompt-${w}x${h}`));
    await ana.page.evaluate(() => (window as unknown as { __allow: () => void }).__allow());
    await poll(async () => (await previewFrames(ana.page)) > 0, { what: 'the preview after allowing', timeoutMs: 30_000 });
    expect(await hint.count()).toBe(0);
    // Still the one request: the page took over join-boot.js's, it did not ask again.
    expect(await ana.page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
  });

  it('an observer is never asked for a camera', async () => {
    const olive = await room.person('olive');
    await watchGetUserMedia(olive.context);
    await olive.page.goto(room.session.invites[3]!.link, { waitUntil: 'domcontentloaded' });
    await olive.page.getByTestId('observer-note').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await gumCalls(olive.page)).toEqual([]);
    expect(await olive.page.getByTestId('camera-preview').count()).toBe(0);
    expect(await olive.page.evaluate(() => document.getElementById('boot-preview'))).toBeNull();
  });
});
