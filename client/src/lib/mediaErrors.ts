/** Explains why the camera or microphone could not be opened, in words a party understands. */
export type MediaProblem = 'blocked' | 'missing' | 'busy' | 'constraints' | 'insecure' | 'unknown';

export interface MediaProblemInfo {
  problem: MediaProblem;
  message: string;
}

export function describeMediaError(err: unknown): MediaProblemInfo {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return { problem: 'blocked', message: 'Your camera or microphone is blocked. Allow access in your browser (the camera icon in the address bar), then try again, or join without camera.' };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return { problem: 'missing', message: 'No camera or microphone was found. Plug one in and try again, or join without camera.' };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { problem: 'busy', message: 'Your camera or microphone is busy: another application may be using it. Close it and try again, or join without camera.' };
    case 'OverconstrainedError':
      return { problem: 'constraints', message: 'The selected device is no longer available. Pick another device.' };
    case 'TypeError':
      return { problem: 'insecure', message: 'This browser cannot open the camera here (the page must be opened over https or on localhost).' };
    default:
      return { problem: 'unknown', message: `The camera or microphone could not be started${err instanceof Error && err.message ? `: ${err.message}` : '.'}` };
  }
}
