/**
 * Limits of the Yjs endpoint. Defaults suit a mediation board (a few dozen people typing); the
 * environment can tune them (tests shrink them to provoke violations quickly).
 */
import { z } from 'zod';

const collabEnvSchema = z.object({
  /** Largest websocket message accepted; larger closes with 1009 before anything is decoded. */
  YJS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Document updates per second per connection (token bucket: this rate, burst of 2x). */
  YJS_UPDATES_PER_SECOND: z.coerce.number().int().min(1).default(60),
  /** Fold the append-only update log into a snapshot after this many appended updates. */
  YJS_COMPACT_EVERY: z.coerce.number().int().min(2).default(500),
  /** Group commit: wait this long (ms) to gather updates into one store transaction. 0 (default)
   * commits at the end of the event-loop turn an update arrived in, plus whatever arrives while a
   * commit is in flight, so a lone update is not delayed. */
  YJS_GROUP_COMMIT_MS: z.coerce.number().int().min(0).max(50).default(0),
  /** Also compact every loaded document that has new updates this often. */
  YJS_COMPACT_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** Drop a document with no connections from memory after this long. */
  YJS_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  /** Malformed frames a participant may send within a minute before their reconnects are refused. */
  YJS_BAD_FRAMES_PER_MINUTE: z.coerce.number().int().min(1).default(3),
  /** How long such a participant's reconnects are refused (4429). */
  YJS_BAD_FRAME_BLOCK_MS: z.coerce.number().int().min(0).default(60_000),
  /** Largest awareness state (JSON bytes) one client id may announce. */
  YJS_AWARENESS_STATE_BYTES: z.coerce.number().int().min(64).default(4096),
  /** Awareness client ids one connection may speak for (its own, plus one replacement). */
  YJS_AWARENESS_IDS_PER_CONNECTION: z.coerce.number().int().min(1).default(2),
  /** Awareness states one document holds at most (every connection's together). */
  YJS_AWARENESS_STATES_PER_DOC: z.coerce.number().int().min(1).default(100),
});

export interface CollabLimits {
  maxMessageBytes: number;
  updatesPerSecond: number;
  burst: number;
  compactEvery: number;
  groupCommitMs: number;
  compactIntervalMs: number;
  unloadDelayMs: number;
  badFramesPerMinute: number;
  badFrameBlockMs: number;
  awarenessStateBytes: number;
  awarenessIdsPerConnection: number;
  awarenessStatesPerDoc: number;
}

export function loadCollabLimits(env: NodeJS.ProcessEnv = process.env): CollabLimits {
  const e = collabEnvSchema.parse(env);
  return {
    maxMessageBytes: e.YJS_MAX_MESSAGE_BYTES,
    updatesPerSecond: e.YJS_UPDATES_PER_SECOND,
    burst: e.YJS_UPDATES_PER_SECOND * 2,
    compactEvery: e.YJS_COMPACT_EVERY,
    groupCommitMs: e.YJS_GROUP_COMMIT_MS,
    compactIntervalMs: e.YJS_COMPACT_INTERVAL_MS,
    unloadDelayMs: e.YJS_UNLOAD_DELAY_MS,
    badFramesPerMinute: e.YJS_BAD_FRAMES_PER_MINUTE,
    badFrameBlockMs: e.YJS_BAD_FRAME_BLOCK_MS,
    awarenessStateBytes: e.YJS_AWARENESS_STATE_BYTES,
    awarenessIdsPerConnection: e.YJS_AWARENESS_IDS_PER_CONNECTION,
    awarenessStatesPerDoc: e.YJS_AWARENESS_STATES_PER_DOC,
  };
}

/** A token bucket: `take()` is false once the connection sends faster than its allowance. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly ratePerSecond: number, private readonly capacity: number) {
    this.tokens = capacity;
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
