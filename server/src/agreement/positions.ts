/**
 * ProseMirror positions over the Yjs tree, so clients can address the document the way their
 * editor sees it. Position rules follow ProseMirror: the document's content starts at 0; entering
 * or leaving a non-leaf node costs 1; a leaf node (hard break, page break) is 1; a character is 1.
 */
import * as Y from 'yjs';

const LEAF_NODES = new Set(['hardBreak', 'horizontalRule', 'pageBreak', 'image']);
export const TEXTBLOCKS = new Set(['paragraph', 'heading']);

export interface TextRun {
  text: Y.XmlText;
  /** Absolute position of the run's first character. */
  start: number;
  parent: Y.XmlElement | Y.XmlFragment;
}

interface Visitor {
  text?(run: TextRun): void;
  element?(el: Y.XmlElement, pos: number): void;
}

/** Visits the tree in document order; returns the position after `parent`'s content. */
export function walk(parent: Y.XmlFragment | Y.XmlElement, start: number, v: Visitor): number {
  let p = start;
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      v.text?.({ text: child, start: p, parent });
      p += child.length;
    } else if (child instanceof Y.XmlElement) {
      v.element?.(child, p);
      p = LEAF_NODES.has(child.nodeName) ? p + 1 : walk(child, p + 1, v) + 1;
    }
  }
  return p;
}

export const docSize = (frag: Y.XmlFragment): number => walk(frag, 0, {});

/** Where text typed at `pos` goes: an existing text run, or a new one in an empty text block. */
export type InsertPoint = { text: Y.XmlText; offset: number } | { block: Y.XmlElement; index: number };

export function resolveInsertPoint(frag: Y.XmlFragment, pos: number): InsertPoint | null {
  let found: InsertPoint | null = null;
  walk(frag, 0, {
    text(run) {
      if (!found && run.parent instanceof Y.XmlElement && TEXTBLOCKS.has(run.parent.nodeName) && pos >= run.start && pos <= run.start + run.text.length) {
        found = { text: run.text, offset: pos - run.start };
      }
    },
    element(el, at) {
      if (!found && TEXTBLOCKS.has(el.nodeName) && el.length === 0 && pos === at + 1) found = { block: el, index: 0 };
    },
  });
  return found;
}

/** The parts of text runs that fall inside [from, to). */
export interface TextSlice {
  text: Y.XmlText;
  offset: number;
  length: number;
}

export function textSlices(frag: Y.XmlFragment, from: number, to: number): TextSlice[] {
  const out: TextSlice[] = [];
  walk(frag, 0, {
    text({ text, start }) {
      const a = Math.max(from, start);
      const b = Math.min(to, start + text.length);
      if (b > a) out.push({ text, offset: a - start, length: b - a });
    },
  });
  return out;
}

/** Formatting (marks) of the character just before `offset`, or just after at the start. */
export function marksAt(text: Y.XmlText, offset: number): Record<string, unknown> {
  let p = 0;
  const target = Math.max(0, offset - 1);
  for (const op of text.toDelta() as Array<{ insert: string; attributes?: Record<string, unknown> }>) {
    const len = typeof op.insert === 'string' ? op.insert.length : 1;
    if (target < p + len) return { ...(op.attributes ?? {}) };
    p += len;
  }
  return {};
}

/** The plain text of a range (what a comment quotes). */
export function textOfRange(frag: Y.XmlFragment, from: number, to: number): string {
  return textSlices(frag, from, to).map((s) => sliceString(s)).join(' ');
}

function sliceString(s: TextSlice): string {
  let out = '';
  let p = 0;
  for (const op of s.text.toDelta() as Array<{ insert: unknown }>) {
    if (typeof op.insert !== 'string') { p += 1; continue; }
    const a = Math.max(s.offset, p);
    const b = Math.min(s.offset + s.length, p + op.insert.length);
    if (b > a) out += op.insert.slice(a - p, b - p);
    p += op.insert.length;
  }
  return out;
}
