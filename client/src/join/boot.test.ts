import { describe, expect, it } from 'vitest';
import { can, ROLES, type Role } from '@mediation/shared';
// The script index.html inlines (vite.config.ts).
import bootSource from '../../join-boot.js?raw';
import { constraintsFor, openLocalMediaWithFallback } from '../media/localMedia';

const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const tokenFor = (role: string) => `${b64url({ alg: 'EdDSA' })}.${b64url({ sub: 'p1', sid: 's1', role })}.signature`;

interface FakeTrack {
  kind: 'audio' | 'video';
  stopped: boolean;
  stop(): void;
}
function fakeStream(kinds: Array<'audio' | 'video'>) {
  const tracks: FakeTrack[] = kinds.map((kind) => {
    const t: FakeTrack = { kind, stopped: false, stop: () => void (t.stopped = true) };
    return t;
  });
  return { tracks, getTracks: () => [...tracks], getVideoTracks: () => tracks.filter((t) => t.kind === 'video'), getAudioTracks: () => tracks.filter((t) => t.kind === 'audio') };
}

interface FakeElement {
  tag: string;
  attrs: Record<string, string>;
  children: FakeElement[];
  hidden: boolean;
  isConnected: boolean;
  srcObject?: unknown;
  setAttribute(k: string, v: string): void;
  appendChild(c: FakeElement): void;
  querySelector(sel: string): FakeElement | null;
  remove(): void;
  listeners: Record<string, () => void>;
  addEventListener(type: string, fn: () => void): void;
}
function el(tag: string, attrs: Record<string, string> = {}): FakeElement {
  const e: FakeElement = {
    tag,
    attrs,
    children: [],
    hidden: false,
    isConnected: false,
    setAttribute(k, v) { this.attrs[k] = v; },
    appendChild(c) { this.children.push(c); c.isConnected = true; },
    querySelector(sel) { return sel === '.preview' ? (this.children.find((c) => c.attrs.class === 'preview') ?? null) : null; },
    remove() { this.isConnected = false; },
    listeners: {},
    addEventListener(type, fn) { this.listeners[type] = fn; },
  };
  return e;
}

/** Runs join-boot.js against a fake page: path, fragment and a getUserMedia that answers as told. */
function runBoot(opts: { path?: string; hash?: string; fail?: boolean }) {
  const calls: MediaStreamConstraints[] = [];
  const stream = fakeStream(['audio', 'video']);
  const box = el('div', { class: 'preview' });
  const holder = el('div', { id: 'boot-preview' });
  holder.hidden = true;
  holder.appendChild(box);
  const win: Record<string, unknown> = {};
  const navigator = {
    mediaDevices: {
      getUserMedia: (c: MediaStreamConstraints) => {
        calls.push(c);
        return opts.fail ? Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' })) : Promise.resolve(stream);
      },
    },
  };
  const document = {
    readyState: 'complete',
    getElementById: (id: string) => (id === 'boot-preview' && holder.isConnected !== false ? holder : null),
    createElement: (tag: string) => el(tag),
    addEventListener: () => undefined,
  };
  holder.isConnected = true;
  const location = { pathname: opts.path ?? '/join', hash: opts.hash ?? '' };
  new Function('window', 'location', 'navigator', 'document', bootSource)(win, location, navigator, document);
  const boot = win.__joinBoot as { media: Promise<MediaStream>; shown: Promise<void>; stream: unknown; video: FakeElement | null; discard(): void } | undefined;
  return { calls, boot, holder, box, stream };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('join-boot.js (camera before the app loads)', () => {
  it('asks for the camera on a join link exactly for the roles the page would ask for', () => {
    for (const role of ROLES) {
      const { calls } = runBoot({ hash: `#t=${tokenFor(role)}` });
      expect(calls.length, role).toBe(can(role as Role, 'produce') ? 1 : 0);
    }
  });

  it('asks with the same constraints as the page (one request serves both)', () => {
    const { calls } = runBoot({ hash: `#t=${tokenFor('party')}` });
    expect(JSON.parse(JSON.stringify(calls[0]))).toEqual(JSON.parse(JSON.stringify(constraintsFor({ mic: true, cam: true }))));
  });

  it('does nothing off join links, without a token, or with an unreadable one', () => {
    for (const path of ['/', '/practice', '/joinx', '/checkin']) expect(runBoot({ path, hash: `#t=${tokenFor('party')}` }).calls, path).toHaveLength(0);
    expect(runBoot({ hash: '' }).calls).toHaveLength(0);
    expect(runBoot({ hash: '#t=not-a-token' }).calls).toHaveLength(0);
    expect(runBoot({ hash: `#t=${b64url({})}.${b64url({ role: 7 })}.x` }).calls).toHaveLength(0);
    expect(runBoot({ path: '/join/', hash: `#t=${tokenFor('party')}` }).calls).toHaveLength(1);
  });

  it('shows the camera in the placeholder, in a video the page can find and adopt', async () => {
    const { boot, holder, box, stream } = runBoot({ hash: `#t=${tokenFor('attorney')}` });
    expect(holder.hidden).toBe(true);
    await settle();
    expect(boot!.stream).toBe(stream);
    const video = boot!.video!;
    expect(video.tag).toBe('video');
    expect(video.srcObject).toBe(stream);
    expect(video.attrs['data-testid']).toBe('camera-preview');
    expect(box.children).toContain(video);
    expect(holder.hidden).toBe(false);
  });

  it('says when the preview shows its first frame (the app waits for that), or that none will come', async () => {
    const shownAt = (boot: { shown: Promise<void> }) => {
      const state = { shown: false };
      void boot.shown.then(() => (state.shown = true));
      return state;
    };
    const ok = runBoot({ hash: `#t=${tokenFor('party')}` });
    const okState = shownAt(ok.boot!);
    await settle();
    expect(okState.shown).toBe(false);
    ok.boot!.video!.listeners.playing!();
    await settle();
    expect(okState.shown).toBe(true);

    const refused = runBoot({ hash: `#t=${tokenFor('party')}`, fail: true });
    const refusedState = shownAt(refused.boot!);
    await settle();
    expect(refusedState.shown).toBe(true);
  });

  it('discard stops the camera and microphone and removes the placeholder', async () => {
    const { boot, holder, stream } = runBoot({ hash: `#t=${tokenFor('party')}` });
    await settle();
    boot!.discard();
    expect(stream.tracks.every((t) => t.stopped)).toBe(true);
    expect(holder.isConnected).toBe(false);
  });

  it('a stream that opens after discard is stopped at once and never shown', async () => {
    const { boot, box, stream } = runBoot({ hash: `#t=${tokenFor('party')}` });
    boot!.discard();
    await settle();
    expect(stream.tracks.every((t) => t.stopped)).toBe(true);
    expect(box.children).toHaveLength(0);
  });

  it('a refused request is handed to the page, which then tries each device alone (not the combined one again)', async () => {
    const { boot, calls } = runBoot({ hash: `#t=${tokenFor('party')}`, fail: true });
    const later: Array<{ audio: boolean; video: boolean }> = [];
    const devices = {
      getUserMedia: async (c?: MediaStreamConstraints) => {
        later.push({ audio: !!c?.audio, video: !!c?.video });
        if (c?.video) throw Object.assign(new Error('denied'), { name: 'NotAllowedError' });
        return fakeStream(['audio']) as unknown as MediaStream;
      },
    };
    const r = await openLocalMediaWithFallback({ mic: true, cam: true }, devices, boot!.media);
    expect(calls).toHaveLength(1);
    expect(later).toEqual([{ audio: true, video: false }, { audio: false, video: true }]);
    expect(r.failed?.device).toBe('cam');
    expect(r.stream?.getAudioTracks()).toHaveLength(1);
  });
});
