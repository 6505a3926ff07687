import { describe, expect, it } from 'vitest';
import { describeMediaError } from '../lib/mediaErrors';
import { openLocalMediaWithFallback } from './localMedia';

const domError = (name: string) => Object.assign(new Error(name), { name });

/** Just enough of a MediaStream: tracks by kind. */
function fakeStream(kinds: Array<'audio' | 'video'>): MediaStream {
  const tracks = kinds.map((kind) => ({ kind, stop() {} }) as unknown as MediaStreamTrack);
  return {
    getTracks: () => [...tracks],
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    addTrack: (t: MediaStreamTrack) => void tracks.push(t),
  } as unknown as MediaStream;
}

/** A fake mediaDevices where each device either opens or fails with the given DOMException name. */
function fakeDevices(opts: { cam?: string; mic?: string; combinedOnly?: string } = {}) {
  const calls: Array<{ audio: boolean; video: boolean }> = [];
  return {
    calls,
    async getUserMedia(c?: MediaStreamConstraints) {
      const audio = !!c?.audio;
      const video = !!c?.video;
      calls.push({ audio, video });
      if (audio && video && opts.combinedOnly) throw domError(opts.combinedOnly);
      if (video && opts.cam) throw domError(opts.cam);
      if (audio && opts.mic) throw domError(opts.mic);
      return fakeStream([...(audio ? (['audio'] as const) : []), ...(video ? (['video'] as const) : [])]);
    },
  };
}

const kinds = (s: MediaStream | null) => s?.getTracks().map((t) => t.kind).sort() ?? [];

describe('opening camera and microphone with a per-device fallback', () => {
  it('opens both in one request when both work', async () => {
    const d = fakeDevices();
    const r = await openLocalMediaWithFallback({ cam: true, mic: true }, d);
    expect(kinds(r.stream)).toEqual(['audio', 'video']);
    expect(r.failed).toBeNull();
    expect(d.calls).toHaveLength(1);
  });

  it('keeps the microphone when the camera is busy, and names the camera as the problem', async () => {
    const d = fakeDevices({ cam: 'NotReadableError' });
    const r = await openLocalMediaWithFallback({ cam: true, mic: true }, d);
    expect(kinds(r.stream)).toEqual(['audio']);
    expect(r.failed?.device).toBe('cam');
    const info = describeMediaError(r.failed!.error, { cam: r.failed!.device === 'cam', mic: r.failed!.device === 'mic' });
    expect(info.message).toBe('Your camera is busy: another application may be using it. Close it and try again, or join without camera.');
  });

  it('keeps the camera when the microphone is blocked, and names the microphone', async () => {
    const r = await openLocalMediaWithFallback({ cam: true, mic: true }, fakeDevices({ mic: 'NotAllowedError' }));
    expect(kinds(r.stream)).toEqual(['video']);
    expect(r.failed?.device).toBe('mic');
    expect(describeMediaError(r.failed!.error, { cam: false, mic: true }).message).toMatch(/^Your microphone is blocked/);
  });

  it('returns both in one stream when only the combined request failed', async () => {
    const r = await openLocalMediaWithFallback({ cam: true, mic: true }, fakeDevices({ combinedOnly: 'AbortError' }));
    expect(kinds(r.stream)).toEqual(['audio', 'video']);
    expect(r.failed).toBeNull();
  });

  it('throws the combined error when neither device opens', async () => {
    await expect(openLocalMediaWithFallback({ cam: true, mic: true }, fakeDevices({ cam: 'NotFoundError', mic: 'NotFoundError' }))).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('does not retry device by device when the API itself is unusable (not https)', async () => {
    const d = fakeDevices({ combinedOnly: 'TypeError' });
    await expect(openLocalMediaWithFallback({ cam: true, mic: true }, d)).rejects.toMatchObject({ name: 'TypeError' });
    expect(d.calls).toHaveLength(1);
  });

  it('throws as before when only one device was asked for', async () => {
    const d = fakeDevices({ cam: 'NotReadableError' });
    await expect(openLocalMediaWithFallback({ cam: true, mic: false }, d)).rejects.toMatchObject({ name: 'NotReadableError' });
    expect(d.calls).toHaveLength(1);
  });
});
