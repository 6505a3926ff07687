/** Opening the camera and microphone, and listing devices for the pickers. */

export interface LocalMediaChoice {
  mic: boolean;
  cam: boolean;
  micId?: string;
  camId?: string;
}

type GetUserMedia = Pick<MediaDevices, 'getUserMedia'>;

export const constraintsFor = (choice: LocalMediaChoice): MediaStreamConstraints => ({
  audio: choice.mic ? { deviceId: choice.micId ? { exact: choice.micId } : undefined, echoCancellation: true, noiseSuppression: true } : false,
  video: choice.cam ? { deviceId: choice.camId ? { exact: choice.camId } : undefined, width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } } : false,
});

/** Opens what `choice` asks for in one request; throws if any of it fails. */
export async function openLocalMedia(choice: LocalMediaChoice, devices: GetUserMedia = navigator.mediaDevices): Promise<MediaStream | null> {
  if (!choice.mic && !choice.cam) return null;
  return devices.getUserMedia(constraintsFor(choice));
}

export interface LocalMediaResult {
  stream: MediaStream | null;
  /** The one device that failed while the other opened, and why; null when everything asked for opened. */
  failed: { device: 'cam' | 'mic'; error: unknown } | null;
}

/**
 * Like openLocalMedia, but a combined request fails as a whole when either device fails (a camera
 * held by another app, a blocked or unplugged one), which would leave a party mute as well as
 * unseen. So on failure each device is tried on its own, and whatever opens is kept, with the
 * failed device named. Throws only when nothing asked for could be opened (with the error of the
 * combined request, whose message then names both devices).
 */
export async function openLocalMediaWithFallback(
  choice: LocalMediaChoice,
  devices: GetUserMedia = navigator.mediaDevices,
  /** The combined request, if it was already made (join-boot.js on a join link): not asked again. */
  combinedRequest?: Promise<MediaStream | null>,
): Promise<LocalMediaResult> {
  if (!choice.mic && !choice.cam) return { stream: null, failed: null };
  try {
    return { stream: await (combinedRequest ?? openLocalMedia(choice, devices)), failed: null };
  } catch (combined) {
    // A lone device cannot be narrowed down further; an unusable API (TypeError) fails alike for both.
    if (!(choice.mic && choice.cam) || isApiUnavailable(combined)) throw combined;
    // One after the other, not in parallel: two prompts at once confuse people and some browsers.
    const mic = await openLocalMedia({ ...choice, cam: false }, devices).then(ok, bad);
    const cam = await openLocalMedia({ ...choice, mic: false }, devices).then(ok, bad);
    if (mic.stream && cam.stream) {
      // Both work alone (a transient failure): one stream, as callers expect from a single request.
      for (const t of cam.stream.getTracks()) mic.stream.addTrack(t);
      return { stream: mic.stream, failed: null };
    }
    if (mic.stream) return { stream: mic.stream, failed: { device: 'cam', error: cam.error } };
    if (cam.stream) return { stream: cam.stream, failed: { device: 'mic', error: mic.error } };
    throw combined;
  }
}

const ok = (stream: MediaStream | null) => ({ stream, error: null as unknown });
const bad = (error: unknown) => ({ stream: null, error });
const isApiUnavailable = (err: unknown) => typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'TypeError';

export function stopStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((t) => t.stop());
}

export interface DeviceLists {
  mics: MediaDeviceInfo[];
  cams: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  if (!navigator.mediaDevices?.enumerateDevices) return { mics: [], cams: [] };
  const all = await navigator.mediaDevices.enumerateDevices();
  return { mics: all.filter((d) => d.kind === 'audioinput'), cams: all.filter((d) => d.kind === 'videoinput') };
}

/** A readable label even before permission is granted (browsers hide labels until then). */
export function deviceLabel(d: MediaDeviceInfo, index: number): string {
  if (d.label) return d.label;
  return `${d.kind === 'videoinput' ? 'Camera' : 'Microphone'} ${index + 1}`;
}

/** The stream the room will send: the preview's if it is ready, else a fresh one with the same
 * choice (when the person joined before the camera finished starting), else none. */
export function localStreamFor(stream: MediaStream | null, wanted: LocalMediaChoice | null): Promise<MediaStream | null> {
  if (stream) return Promise.resolve(stream);
  // Joining goes ahead with whatever opens; the room shows the missing device as off.
  if (wanted) return openLocalMediaWithFallback(wanted).then((r) => r.stream, () => null);
  return Promise.resolve(null);
}

/**
 * The join page opens the camera and microphone as it starts, while the link is still being
 * checked, so the preview shows as soon as the camera does (not after the check and a render).
 * The preview's first request, for the default devices, takes this stream; a page whose link
 * turns out bad, or that leaves, drops it.
 */
let early: Promise<LocalMediaResult> | null = null;
/** The early stream once it is open, for a preview that should start filled (no "starting" frame). */
let earlyOpen: MediaStream | null = null;

/** `started`: the combined request join-boot.js made before the app loaded (see join/boot.ts). */
export function openEarly(devices: GetUserMedia = navigator.mediaDevices, started: Promise<MediaStream> | null = null): void {
  if (early) return;
  earlyOpen = null;
  const opening = openLocalMediaWithFallback({ mic: true, cam: true }, devices, started ?? undefined);
  early = opening;
  opening.then(
    (r) => {
      if (early === opening) earlyOpen = r.failed ? null : r.stream;
    },
    () => undefined,
  );
}

/** The early stream if it is open already and not taken, with nothing failed (else null). */
export function earlyStreamNow(): MediaStream | null {
  return early ? earlyOpen : null;
}

/** The early stream, once, if `choice` is the default one it was opened for. */
export function takeEarly(choice: LocalMediaChoice): Promise<LocalMediaResult> | null {
  if (!early || !choice.mic || !choice.cam || choice.micId || choice.camId) return null;
  const taken = early;
  early = null;
  earlyOpen = null;
  return taken;
}

export function dropEarly(): void {
  const dropped = early;
  early = null;
  earlyOpen = null;
  void dropped?.then((r) => stopStream(r.stream), () => undefined);
}
