/**
 * Kept captions (only while the session's `keepCaptions` is on). Like chat (chat.ts), a line is
 * readable later only by who was in its space when it was written, and only from that space; unlike
 * chat, mediators get no exception (a caption is what was said, and a mediator hears a caucus only
 * by being in it). Turned off, the log is emptied: nothing is kept.
 */
import { LIMITS, type CaptionLine } from '@mediation/shared';

interface Stored {
  space: string;
  line: CaptionLine;
  readers: ReadonlySet<string>;
}

export class CaptionLog {
  private lines: Stored[] = [];

  append(space: string, line: CaptionLine, readers: Iterable<string>): void {
    this.lines.push({ space, line, readers: new Set(readers) });
    if (this.lines.length > LIMITS.captionsKept) this.lines.shift();
  }

  historyFor(readerId: string, space: string): CaptionLine[] {
    return this.lines.filter((s) => s.space === space && s.readers.has(readerId)).map((s) => s.line);
  }

  clear(): void {
    this.lines = [];
  }

  get size(): number {
    return this.lines.length;
  }
}
