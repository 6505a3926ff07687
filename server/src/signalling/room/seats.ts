/**
 * The room's seats: its caucuses (id and name) and, for everyone who has been in the room, where
 * they sit and whether they were let in, the countdowns still running in its spaces, and the
 * knocks not yet answered. The chat is kept apart (ChatStore, ../chat.ts); hands and mutes go
 * with a person's connection anyway. The seats are what a mediator would otherwise have to rebuild
 * after the node hosting the session dies (cluster failover) or the process restarts.
 *
 * Kept in the session store as text (`SessionStore.saveRoomSeats`) while the room is live; read
 * by the next host when it opens the room (registry.ts); cleared when the room is closed on
 * purpose (idle, or the session ended), so a room opened afresh later starts as it always did.
 *
 * Isolation: the seats restore exactly the places people held (nobody is put anywhere they were
 * not). The only words in them are a knock's (addressed to the mediators, restored into the same
 * list the room's projection shows to mediators and the knocker only); caucus material stays with
 * its generations, caucus chat with its readers.
 */
import { z } from 'zod';
import { knockSchema, LIMITS, spaceIdSchema } from '@mediation/shared';
import type { Logger } from 'pino';
import type { SessionStore } from '../../storage/types.js';

export const roomSeatsSchema = z.object({
  v: z.literal(1),
  caucuses: z.array(z.object({ id: spaceIdSchema, name: z.string().max(200) })).max(LIMITS.maxCaucuses),
  people: z.array(z.object({ id: z.string().min(1).max(64), space: spaceIdSchema, admitted: z.boolean() })).max(500),
  /** Countdowns still running (absent in seats saved before they were kept). */
  timers: z.array(z.object({ space: spaceIdSchema, endsAt: z.number(), label: z.string().max(200).nullable() })).max(LIMITS.maxCaucuses + 1).default([]),
  /** Knocks not yet answered (one per person at most; absent in older seats). */
  knocks: z.array(knockSchema).max(500).default([]),
});
// The input shape: seats saved before a field existed (timers, knocks) read as they were.
export type RoomSeats = z.input<typeof roomSeatsSchema>;

/** Seats read back from storage; anything unreadable is ignored (the room then starts fresh). */
export function parseSeats(text: string | null, log?: Pick<Logger, 'warn'>): z.infer<typeof roomSeatsSchema> | null {
  if (text === null) return null;
  try {
    return roomSeatsSchema.parse(JSON.parse(text));
  } catch (err) {
    log?.warn({ err: (err as Error).message }, 'stored room seats are unreadable; the room starts fresh');
    return null;
  }
}

/**
 * Saves a room's seats whenever they change, without making the room wait: one write in flight
 * per room, and only the latest seats are written next (a burst of moves costs two writes). A
 * failed write is logged and retried with the next change; a room that closes on purpose clears
 * them after the last write has landed.
 */
export class SeatsSaver {
  /** What storage should hold once the writes in flight and queued have landed. */
  private wanted = '';
  private next: string | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly sessionId: string, private readonly store: Pick<SessionStore, 'saveRoomSeats' | 'clearRoomSeats'>, private readonly log: Pick<Logger, 'warn'>) {}

  /** The seats as they are now; written if they differ from the last written (or queued). */
  offer(seats: RoomSeats): void {
    if (this.stopped) return;
    const text = JSON.stringify(seats);
    if (text === this.wanted) return;
    this.wanted = text;
    this.next = text;
    this.kick();
  }

  /** Starts the writer unless it runs; when it ends, starts again for anything queued meanwhile. */
  private kick(): void {
    if (this.inFlight || this.stopped || this.next === null) return;
    this.inFlight = this.flush().finally(() => {
      this.inFlight = null;
      this.kick();
    });
  }

  /** Already known to storage (read at opening): not written again until they change. */
  known(seats: RoomSeats): void {
    this.wanted = JSON.stringify(seats);
  }

  private async flush(): Promise<void> {
    while (this.next !== null && !this.stopped) {
      const text = this.next;
      this.next = null;
      try {
        await this.store.saveRoomSeats(this.sessionId, text);
      } catch (err) {
        // A stale owner's write is refused (and the cluster gives the session up); a database
        // outage loses nothing that matters now: the next publish of the room writes them again.
        if (this.next === null) this.wanted = '';
        this.log.warn({ err: (err as Error).message, sessionId: this.sessionId }, 'room seats not saved');
      }
    }
  }

  /** Resolves once the write in flight (if any) is done. */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** No more writes; with `clear`, the stored seats are removed after the last write. */
  async stop(clear: boolean): Promise<void> {
    this.stopped = true;
    this.next = null;
    await this.settled();
    if (!clear) return;
    try {
      await this.store.clearRoomSeats(this.sessionId);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, sessionId: this.sessionId }, 'room seats not cleared');
    }
  }
}
