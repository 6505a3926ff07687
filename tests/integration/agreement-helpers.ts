/** Helpers for the agreement integration tests: the agreement HTTP API and text positions. */
import * as Y from 'yjs';
import type { AgreementState } from '@mediation/shared';
import type { RunningApp } from '@mediation/server/app';
import { fragmentOf, readDoc } from '../../server/src/agreement/model.js';
import { walk } from '../../server/src/agreement/positions.js';
import { textOf } from '../../server/src/agreement/render.js';

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

export function agreementApi(app: RunningApp, sessionId: string) {
  const base = `${app.url}/api/sessions/${sessionId}/agreement`;
  const call = async <T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown): Promise<ApiResult<T>> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: (type.includes('json') ? await res.json() : {}) as ApiResult<T>['body'] };
  };
  return {
    call,
    state: async (token: string) => {
      const r = await call<AgreementState>('GET', '/', token);
      if (r.status !== 200) throw new Error(`state failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as AgreementState;
    },
    download: async (path: string, token: string): Promise<{ status: number; type: string; data: Buffer }> => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, type: res.headers.get('content-type') ?? '', data: Buffer.from(await res.arrayBuffer()) };
    },
  };
}

/** The agreed text of a document (what the exports and the hash cover). */
export const agreedText = (doc: Y.Doc): string => textOf(readDoc(doc));

/** ProseMirror position of the first occurrence of `needle` inside one text run. */
export function posOf(doc: Y.Doc, needle: string, occurrence = 0): number {
  let found = -1;
  let seen = 0;
  walk(fragmentOf(doc), 0, {
    text({ text, start }) {
      if (found >= 0) return;
      const s = (text.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '\u0000')).join('');
      let i = s.indexOf(needle);
      while (i >= 0 && found < 0) {
        if (seen++ === occurrence) found = start + i;
        i = s.indexOf(needle, i + 1);
      }
    },
  });
  if (found < 0) throw new Error(`"${needle}" not found`);
  return found;
}

/** Types `text` at `pos` the way an editor's Yjs binding does (a plain insert into the Y.XmlText). */
export function typeAt(doc: Y.Doc, pos: number, text: string): void {
  let done = false;
  walk(fragmentOf(doc), 0, {
    text({ text: t, start }) {
      if (!done && pos >= start && pos <= start + t.length) { t.insert(pos - start, text); done = true; }
    },
  });
  if (!done) throw new Error(`no text at ${pos}`);
}

/** What the editor binding does on Enter inside a paragraph: the text after `pos` is cut off and
 * re-created, marks and all, in a new paragraph after it. Returns a function that joins them back. */
export function splitAt(doc: Y.Doc, pos: number): () => void {
  let target: { text: Y.XmlText; offset: number } | null = null;
  walk(fragmentOf(doc), 0, {
    text({ text, start }) {
      if (!target && pos >= start && pos <= start + text.length) target = { text, offset: pos - start };
    },
  });
  if (!target) throw new Error(`no text at ${pos}`);
  const { text, offset } = target as { text: Y.XmlText; offset: number };
  const para = text.parent as Y.XmlElement;
  const container = para.parent as Y.XmlElement | Y.XmlFragment;
  type Op = { insert: string; attributes?: Record<string, unknown> };
  const tail: Op[] = [];
  let p = 0;
  for (const op of text.toDelta() as Op[]) {
    const end = p + op.insert.length;
    if (end > offset) tail.push({ insert: op.insert.slice(Math.max(0, offset - p)), ...(op.attributes ? { attributes: { ...op.attributes } } : {}) });
    p = end;
  }
  const next = new Y.XmlElement('paragraph');
  doc.transact(() => {
    text.delete(offset, text.length - offset);
    const moved = new Y.XmlText();
    moved.applyDelta(tail);
    next.insert(0, [moved]);
    container.insert(container.toArray().indexOf(para) + 1, [next]);
  });
  return () => doc.transact(() => {
    const moved = next.get(0) as Y.XmlText;
    const ops = moved.toDelta() as Op[];
    container.delete(container.toArray().indexOf(next), 1);
    text.applyDelta([{ retain: text.length }, ...ops]);
  });
}
