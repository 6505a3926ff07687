/**
 * The app's side of join-boot.js: on a join link that script has already asked for the
 * camera and microphone and may be showing the camera, before this code loaded. The join page
 * takes over its one request and its <video>, so the person is asked once and the picture never
 * blanks.
 */

interface JoinBoot {
  media: Promise<MediaStream>;
  stream: MediaStream | null;
  video: HTMLVideoElement | null;
  discard(): void;
}

declare global {
  interface Window {
    __joinBoot?: JoinBoot;
  }
}

let taken = false;

function boot(): JoinBoot | null {
  const b = typeof window === 'undefined' ? undefined : window.__joinBoot;
  // A cached boot file of another shape than this app expects is ignored (the page asks itself).
  return b && typeof b.media?.then === 'function' && typeof b.discard === 'function' ? b : null;
}

/** The boot script's camera-and-microphone request, once: from then on the page owns its stream. */
export function takeBootMedia(): Promise<MediaStream> | null {
  const b = boot();
  if (!b || taken) return null;
  taken = true;
  return b.media;
}

/** The boot stream if it is already open (synchronously, so the preview starts filled). */
export function bootStreamNow(): MediaStream | null {
  return boot()?.stream ?? null;
}

/** The boot script's <video> if it shows `stream` (to be moved, not recreated). */
export function bootVideoFor(stream: MediaStream): HTMLVideoElement | null {
  const v = boot()?.video ?? null;
  return v && v.srcObject === stream ? v : null;
}

/** Removes the boot placeholder (its video, if any, has been adopted or is not wanted). */
export function removeBootHolder(): void {
  document.getElementById('boot-preview')?.remove();
}

/** Nothing of the boot is wanted (bad link, page left, someone who does not send): its stream is
 * stopped unless the page took it (then the page stops it), and its placeholder removed. */
export function discardBoot(): void {
  const b = boot();
  if (b && !taken) {
    taken = true;
    b.discard();
  }
  if (typeof document !== 'undefined') removeBootHolder();
}
