/** What a video tile truthfully says about someone's picture. The room state (from the server)
 * says whether their camera is sending; the browser says whether frames arrive. "No video yet"
 * is not "camera off". Pure, so the rules are unit-tested. */

export type VideoTileState =
  /** Frames are arriving: show the video. */
  | 'video'
  /** The camera is on, but no frame has been decoded yet (media still connecting). */
  | 'connecting'
  /** The camera is off (turned off, or no camera sending at all): initials. */
  | 'off'
  /** The camera is on and frames were arriving, but none for a while: a poor connection. */
  | 'stalled';

/** Frames missing this long while the camera is on count as a poor connection. */
export const STALL_MS = 5000;

/** Someone who just came into the space has sent nothing yet: the room state says "camera off"
 * until their camera producer exists, which takes a moment. Until this long after they appear,
 * that is "Connecting…", not "Camera off". */
export const ARRIVAL_GRACE_MS = 8000;

export interface VideoInputs {
  /** Room state: a camera producer exists and is not paused (own tile: the local camera is on). */
  cameraOn: boolean;
  /** They appeared in this space less than ARRIVAL_GRACE_MS ago (their media may be starting). */
  arriving?: boolean;
  /** A video track for this person is being received (own tile: the local track). */
  hasTrack: boolean;
  /** When the latest new frame was seen since the camera came on, or null if none yet. */
  lastFrameAt: number | null;
  now: number;
}

export function videoTileState({ cameraOn, arriving = false, hasTrack, lastFrameAt, now }: VideoInputs, stallMs = STALL_MS): VideoTileState {
  if (!cameraOn) return arriving ? 'connecting' : 'off';
  if (!hasTrack || lastFrameAt === null) return 'connecting';
  return now - lastFrameAt > stallMs ? 'stalled' : 'video';
}

export const VIDEO_STATE_TEXT: Record<Exclude<VideoTileState, 'video'>, string> = {
  connecting: 'Connecting…',
  off: 'Camera off',
  stalled: 'No video (poor connection)',
};

/** One or two letters for the avatar; never empty (a name of symbols still gets a mark). */
export function initialsOf(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .map((w) => Array.from(w.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '')
    .filter(Boolean)
    .slice(0, 2)
    .join('')
    .toUpperCase();
  return letters || '?';
}
