/** Explains why the camera or microphone could not be opened, in words a party understands (in their language). */
import type { AppError } from '@mediation/shared';
import { i18n } from '../i18n';
import { errorText } from '../i18n/errorText';

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
  // Which devices the sentence names (i18next context: `blocked_cam`, `blocked_both`...). The way
  // out it offers drops the camera when the camera was asked for, else the microphone.
  const context = asked.cam && asked.mic ? 'both' : asked.cam ? 'cam' : 'mic';
  const t = i18n.t;
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return { problem: 'blocked', message: t('errors:media.blocked', { context }) };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return { problem: 'missing', message: t('errors:media.missing', { context }) };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { problem: 'busy', message: t('errors:media.busy', { context }) };
    case 'OverconstrainedError':
      return { problem: 'constraints', message: t('errors:media.constraints') };
    case 'TypeError':
      return { problem: 'insecure', message: t('errors:media.insecure', { context }) };
    default:
      return { problem: 'unknown', message: t('errors:media.unknown', { context, reason: err instanceof Error && err.message ? `: ${err.message}` : '.' }) };
  }
}

/** A technical reason (the browser's or mediasoup's own words) after the person's sentence. */
const reasonOf = (err: unknown): string => {
  const said = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  return said ? `: ${said}` : '.';
};

/** The room's media line (a send, receive or connection trouble), in the person's language. */
export const mediaTrouble = {
  connectionFailed: (direction: 'send' | 'recv') => i18n.t('errors:media.connectionFailed', { context: direction }),
  sendFailed: (source: 'mic' | 'cam', err: unknown) => i18n.t('errors:media.sendFailed', { context: source, reason: reasonOf(err) }),
  receiveFailed: (err: unknown) => i18n.t('errors:media.receiveFailed', { reason: reasonOf(err) }),
  /** The server refused: its words in English, the code's sentence otherwise (errorText). */
  resumeFailed: (error: AppError) => i18n.t('errors:media.resumeFailed', { reason: `: ${errorText(error)}` }),
  startFailed: (err: unknown, retrying: boolean) => (retrying ? i18n.t('errors:media.startFailedRetrying', { reason: reasonOf(err) }) : i18n.t('errors:media.startFailed', { reason: reasonOf(err) })),
};
