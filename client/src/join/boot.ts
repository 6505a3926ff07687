/**
 * The app's side of join-boot.js: on a join link that script has already asked for the
 * camera and microphone and may be showing the camera, before this code loaded. The join page
 * takes over its one request and its <video>, so the person is asked once and the picture never
 * blanks.
 */

interface JoinBoot {
  media: Promise<MediaStream>;
  /** Settles at the preview's first frame, or when there will be none (older boot files lack it). */
  shown?: Promise<void> | null;
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

/**
 * Resolves when the boot preview shows its first frame, at once when there is no boot preview
 * (not a join link, a role that sends nothing) or the browser will ask the person first (a
 * permission prompt waits for them, the page must not), and after `maxMs` at the latest.
 * main.tsx runs the app only then: evaluating ~170 kB of script holds the main thread for
 * hundreds of milliseconds, and the camera's first frame (delivered to that thread) waited behind
 * it (issue 17: link_to_preview 1,246 ms against 260 for a page that only opens the camera).
 */
export async function bootPreviewSettled(maxMs: number): Promise<void> {
  const shown = boot()?.shown;
  if (!shown) return;
  const limit = new Promise<void>((resolve) => setTimeout(resolve, maxMs));
  const prompting = navigator.permissions
    ?.query({ name: 'camera' as PermissionName })
    .then((s) => (s.state === 'granted' ? new Promise<void>(() => undefined) : undefined))
    .catch(() => new Promise<void>(() => undefined));
  await Promise.race([shown, limit, ...(prompting ? [prompting] : [])]);
}
