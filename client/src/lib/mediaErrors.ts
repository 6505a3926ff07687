/** Explains why the camera or microphone could not be opened, in words a party understands. */
export type MediaProblem = 'blocked' | 'missing' | 'busy' | 'constraints' | 'insecure' | 'unknown';

export interface MediaProblemInfo {
  problem: MediaProblem;
  message: string;
}

/** Which devices were asked for, so the message names only those. Defaults to both. */
export interface Asked {
  cam: boolean;
  mic: boolean;
}

export function describeMediaError(err: unknown, asked: Asked = { cam: true, mic: true }): MediaProblemInfo {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
  const what = asked.cam && asked.mic ? 'camera or microphone' : asked.cam ? 'camera' : 'microphone';
  const fallback = asked.cam ? 'join without camera' : 'join without microphone (you can still listen and chat)';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return { problem: 'blocked', message: `Your ${what} is blocked. Allow access in your browser (the camera icon in the address bar), then try again, or ${fallback}.` };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return { problem: 'missing', message: `No ${what} was found. Plug one in and try again, or ${fallback}.` };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { problem: 'busy', message: `Your ${what} is busy: another application may be using it. Close it and try again, or ${fallback}.` };
    case 'OverconstrainedError':
      return { problem: 'constraints', message: 'The selected device is no longer available. Pick another device.' };
    case 'TypeError':
      return { problem: 'insecure', message: `This browser cannot open the ${what} here (the page must be opened over https or on localhost).` };
    default:
      return { problem: 'unknown', message: `The ${what} could not be started${err instanceof Error && err.message ? `: ${err.message}` : '.'}` };
  }
}
