/**
 * Chat history. A message is readable later only by the people who could read it when it was
 * written (the members of that space then, or the two ends of a private line) and by mediators.
 */
import type { ChatMessage } from '@mediation/shared';
import type { StoredChatMessage } from '../storage/types.js';

interface Stored {
  message: ChatMessage;
  readers: ReadonlySet<string>;
}

/** Threads: a space id for space chat, `dm:<participantId>` for a private line with the mediators. */
export const dmThread = (participantId: string): string => `dm:${participantId}`;

export class ChatLog {
  private readonly messages: Stored[] = [];
  /** Kept in memory per room, and read back from storage on opening (the newest this many). */
  static readonly MAX = 5000;

  /** The history kept in storage, read when the room opens (a restart, or a failover to this node). */
  restore(kept: readonly StoredChatMessage[]): void {
    for (const { message, readers } of kept.slice(-ChatLog.MAX)) this.messages.push({ message, readers: new Set(readers) });
  }

  append(message: ChatMessage, readers: Iterable<string>): void {
    this.messages.push({ message, readers: new Set(readers) });
    if (this.messages.length > ChatLog.MAX) this.messages.shift();
  }

  /** History as one viewer may read it: mediators every thread; others their current space's and their own private line. */
  historyFor(viewer: { id: string; mediator: boolean; space: string }): ChatMessage[] {
    if (viewer.mediator) return this.messages.map((m) => m.message);
    return this.messages
      .filter((m) => m.readers.has(viewer.id) && (m.message.thread === viewer.space || m.message.thread === dmThread(viewer.id)))
      .map((m) => m.message);
  }
}
