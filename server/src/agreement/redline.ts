/**
 * Redline between two versions: the exact text inserted and deleted, as whole phrases.
 *
 * A plain word diff interleaves the pieces of a changed figure: "$12,400" -> "$11,800" diffs as
 * "$", -"12", +"11", ",", -"400", +"800", which reads "$1211,400800". People read changes as
 * phrases, so the word diff is regrouped: adjacent changes are merged into one run when only
 * punctuation or spaces (no letters or digits, no line break) separate them, and a replaced
 * run is widened to whole whitespace-delimited words. Every run is then shown as one deleted phrase
 * followed by one inserted phrase, never interleaved.
 */
import { diffWordsWithSpace } from 'diff';
import type { RedlinePart } from '@mediation/shared';

type Kind = RedlinePart['type'];

/** Equal text that may sit inside a changed phrase: no letters or digits, no line break. */
const isGlue = (s: string) => !/[\p{L}\p{N}\n]/u.test(s);
const startsWord = (s: string) => s.length > 0 && !/^\s/.test(s);
const endsWord = (s: string) => s.length > 0 && !/\s$/.test(s);

export function redline(before: string, after: string): RedlinePart[] {
  const raw: Array<{ type: Kind; text: string }> = diffWordsWithSpace(before, after).map((c) => ({ type: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
  const parts: RedlinePart[] = [];
  const push = (type: Kind, text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last?.type === type) last.text += text;
    else parts.push({ type, text });
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c.type === 'equal') { push('equal', c.text); i++; continue; }
    // A run of changes, with glue between them, up to the next real equal text.
    let del = '';
    let ins = '';
    let j = i;
    for (; j < raw.length; j++) {
      const r = raw[j]!;
      if (r.type === 'delete') del += r.text;
      else if (r.type === 'insert') ins += r.text;
      else if (isGlue(r.text) && raw[j + 1] && raw[j + 1]!.type !== 'equal') { del += r.text; ins += r.text; }
      else break;
    }
    // A replacement is widened to whole words (a pure insertion or deletion is left as typed:
    // widening it would turn it into a replacement of the neighbouring word).
    const sides = del && ins ? [del, ins] : [];
    // Widen to whole words: the part of the word before the run ("$" of "$12,400")...
    const prev = parts[parts.length - 1];
    if (prev?.type === 'equal' && sides.length > 0 && sides.every(startsWord)) {
      const head = /\S+$/.exec(prev.text)?.[0] ?? '';
      if (head) {
        prev.text = prev.text.slice(0, -head.length);
        if (!prev.text) parts.pop();
        del = head + del;
        ins = head + ins;
      }
    }
    // ...and the rest of the word after it ("." of "$12,400.").
    const next = raw[j];
    if (next?.type === 'equal' && sides.length > 0 && sides.every(endsWord)) {
      const tail = /^\S+/.exec(next.text)?.[0] ?? '';
      if (tail) {
        next.text = next.text.slice(tail.length);
        del += tail;
        ins += tail;
      }
    }
    push('delete', del);
    push('insert', ins);
    i = j;
  }
  return parts;
}

export const insertedText = (parts: RedlinePart[]): string[] => parts.filter((p) => p.type === 'insert').map((p) => p.text);
export const deletedText = (parts: RedlinePart[]): string[] => parts.filter((p) => p.type === 'delete').map((p) => p.text);
