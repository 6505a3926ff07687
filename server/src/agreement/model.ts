/**
 * The agreement document as Tiptap's Collaboration extension stores it: a Y.XmlFragment named
 * `default` whose elements are ProseMirror nodes (nodeName = node type, attributes = node attrs)
 * and whose Y.XmlText runs carry marks as formatting attributes (`{ bold: {} }`). The server reads
 * and writes that same shape, so what it writes is exactly what the editor shows.
 */
import * as Y from 'yjs';
import { AGREEMENT_FIELD, AGREEMENT_MARKS } from '@mediation/shared';

/** ProseMirror's JSON form of a node. */
export interface PMNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMNode[];
  text?: string;
  marks?: PMMark[];
}
export interface PMMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export const fragmentOf = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(AGREEMENT_FIELD);

/** Builds Yjs types for ProseMirror JSON nodes (consecutive text nodes share one Y.XmlText). */
export function toYNodes(nodes: PMNode[]): Array<Y.XmlElement | Y.XmlText> {
  const out: Array<Y.XmlElement | Y.XmlText> = [];
  let pendingText: PMNode[] = [];
  const flushText = () => {
    if (pendingText.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(pendingText.map((t) => ({ insert: t.text ?? '', attributes: marksToAttrs(t.marks) })));
    out.push(text);
    pendingText = [];
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      if (node.text) pendingText.push(node);
      continue;
    }
    flushText();
    const el = new Y.XmlElement(node.type);
    for (const [k, v] of Object.entries(node.attrs ?? {})) if (v !== null && v !== undefined) el.setAttribute(k, v as string);
    el.insert(0, toYNodes(node.content ?? []));
    out.push(el);
  }
  flushText();
  return out;
}

function marksToAttrs(marks: PMMark[] | undefined): Record<string, unknown> | undefined {
  if (!marks?.length) return undefined;
  return Object.fromEntries(marks.map((m) => [m.type, m.attrs ?? {}]));
}

/** Reads the fragment back as ProseMirror JSON (the inverse of `toYNodes`). */
export function toPMNodes(parent: Y.XmlFragment | Y.XmlElement): PMNode[] {
  const out: PMNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, Record<string, unknown>> }>) {
        if (typeof op.insert !== 'string' || op.insert === '') continue;
        const node: PMNode = { type: 'text', text: op.insert };
        const marks = Object.entries(op.attributes ?? {}).map(([type, attrs]) => (Object.keys(attrs ?? {}).length ? { type: baseMarkName(type), attrs } : { type: baseMarkName(type) }));
        if (marks.length) node.marks = marks;
        out.push(node);
      }
    } else if (child instanceof Y.XmlElement) {
      const attrs = child.getAttributes();
      const node: PMNode = { type: child.nodeName };
      if (Object.keys(attrs).length) node.attrs = attrs;
      const content = toPMNodes(child);
      if (content.length) node.content = content;
      out.push(node);
    }
  }
  return out;
}

/** y-prosemirror stores overlapping marks as `name--hash`. */
const baseMarkName = (attr: string): string => attr.replace(/--[a-zA-Z0-9+/=]+$/, '');

export const readDoc = (doc: Y.Doc): PMNode[] => toPMNodes(fragmentOf(doc));

/** Replaces the whole document content (restore, template). */
export function replaceDoc(doc: Y.Doc, nodes: PMNode[]): void {
  const frag = fragmentOf(doc);
  doc.transact(() => {
    if (frag.length) frag.delete(0, frag.length);
    frag.insert(0, toYNodes(nodes));
  });
}

export function isEmptyDoc(nodes: PMNode[]): boolean {
  return nodes.every((n) => n.type === 'paragraph' && !(n.content ?? []).some((c) => c.text));
}

/** Suggestions and comment threads whose marks a cleaning keeps (a restore keeps the live ones). */
export interface KeepMarks {
  suggestions: ReadonlySet<string>;
  threads: ReadonlySet<string>;
}
const KEEP_NONE: KeepMarks = { suggestions: new Set(), threads: new Set() };

const idOf = (m: PMMark | undefined, key: 'id' | 'threadId'): string => String(m?.attrs?.[key] ?? '');

/**
 * The content that is agreed: pending insertions are left out, pending deletions kept, comment
 * anchors dropped. This is what is hashed, exported, compared and signed. With `keep`, the marks
 * of the named suggestions and threads stay as they are (used by a restore).
 */
export function cleanNodes(nodes: PMNode[], keep: KeepMarks = KEEP_NONE): PMNode[] {
  const out: PMNode[] = [];
  for (const n of nodes) {
    if (n.type === 'text') {
      if (isDroppedInsertion(n, keep)) continue;
      const marks = (n.marks ?? []).filter((m) =>
        m.type === AGREEMENT_MARKS.insert
        || (m.type === AGREEMENT_MARKS.delete ? keep.suggestions.has(idOf(m, 'id')) : m.type === AGREEMENT_MARKS.comment ? keep.threads.has(idOf(m, 'threadId')) : true));
      const prev = out[out.length - 1];
      // Merge runs that became identical once suggestion marks are gone.
      if (prev?.type === 'text' && sameMarks(prev.marks ?? [], marks)) { prev.text = (prev.text ?? '') + (n.text ?? ''); continue; }
      out.push(marks.length ? { type: 'text', text: n.text, marks } : { type: 'text', text: n.text });
      continue;
    }
    const copy: PMNode = { type: n.type };
    if (n.attrs) copy.attrs = n.attrs;
    if (n.content) {
      const content = cleanNodes(n.content, keep);
      if (content.length) copy.content = content;
      // A block that only held a pending insertion (a proposed clause) is not part of the agreed text.
      else if (n.content.some((c) => c.type === 'text' || c.content)) { if (wasOnlyInsertion(n, keep)) continue; }
    }
    out.push(copy);
  }
  return out;
}

function isDroppedInsertion(n: PMNode, keep: KeepMarks): boolean {
  const ins = n.marks?.find((m) => m.type === AGREEMENT_MARKS.insert);
  return ins !== undefined && !keep.suggestions.has(idOf(ins, 'id'));
}

function wasOnlyInsertion(n: PMNode, keep: KeepMarks): boolean {
  const texts: PMNode[] = [];
  const walk = (x: PMNode) => { if (x.type === 'text') texts.push(x); x.content?.forEach(walk); };
  walk(n);
  return texts.length > 0 && texts.every((t) => isDroppedInsertion(t, keep));
}

const sameMarks = (a: PMMark[], b: PMMark[]): boolean => canonicalJson(a) === canonicalJson(b);

/** JSON with sorted keys, so equal documents serialise identically. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
