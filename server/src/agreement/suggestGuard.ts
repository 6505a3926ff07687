/**
 * Parties suggest by typing in the agreement like everyone else in suggest mode, but their
 * connection has 'suggest' access, not 'write': the server accepts from it only updates whose
 * whole effect is suggestions by that party. Yjs applies an update whole, so the update is tried
 * on a scratch copy of the document first and judged by what it changes:
 *  - take the document before and after, and in both remove what is the party's own pending
 *    suggestion (text carrying their `suggestInsert` mark, and their `suggestDelete` marks);
 *  - the two must be identical. So a party may insert text wrapped in their insertion mark, mark
 *    existing text for deletion, and take back their own pending suggestions; anything else
 *    (plain typing, a real deletion, formatting, a new paragraph, touching someone else's
 *    suggestion or a comment anchor) changes what remains and the update is refused whole.
 * A refused update is never applied or stored (the connection is treated like a read-only one
 * for that update). Author names and times on accepted marks are still corrected afterwards by
 * the authorship ledger (`authorship.ts`).
 */
import * as Y from 'yjs';
import type { HookPayloads } from '../features.js';
import { AGREEMENT_MARKS } from '@mediation/shared';
import { canonicalJson, fragmentOf, readDoc, type PMMark, type PMNode } from './model.js';

/** The root type a (possibly nested) shared type belongs to. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its shared types' events loosely
type SharedType = Y.AbstractType<any>;
function rootOf(type: SharedType): SharedType {
  let t = type;
  while (t._item && t._item.parent instanceof Y.AbstractType) t = t._item.parent as SharedType;
  return t;
}

const isMine = (m: PMMark, partyId: string) => (m.type === AGREEMENT_MARKS.insert || m.type === AGREEMENT_MARKS.delete) && m.attrs?.authorId === partyId;

/** The document without the party's own pending suggestions (adjacent equal runs merged). */
function withoutSuggestionsOf(nodes: PMNode[], partyId: string): PMNode[] {
  const out: PMNode[] = [];
  for (const n of nodes) {
    if (n.type === 'text') {
      const marks = n.marks ?? [];
      if (marks.some((m) => m.type === AGREEMENT_MARKS.insert && m.attrs?.authorId === partyId)) continue;
      const kept = marks.filter((m) => !isMine(m, partyId));
      const prev = out[out.length - 1];
      if (prev?.type === 'text' && canonicalJson(prev.marks ?? []) === canonicalJson(kept)) { prev.text = (prev.text ?? '') + (n.text ?? ''); continue; }
      out.push(kept.length ? { type: 'text', text: n.text, marks: kept } : { type: 'text', text: n.text });
      continue;
    }
    const copy: PMNode = { type: n.type };
    if (n.attrs) copy.attrs = n.attrs;
    const content = withoutSuggestionsOf(n.content ?? [], partyId);
    if (content.length) copy.content = content;
    out.push(copy);
  }
  return out;
}

/** Suggestion ids the party's marks use, and ids anyone else's marks use. */
function suggestionIds(nodes: PMNode[], partyId: string, mine = new Set<string>(), others = new Set<string>()): { mine: Set<string>; others: Set<string> } {
  for (const n of nodes) {
    for (const m of n.marks ?? []) {
      if (m.type !== AGREEMENT_MARKS.insert && m.type !== AGREEMENT_MARKS.delete) continue;
      (m.attrs?.authorId === partyId ? mine : others).add(String(m.attrs?.id));
    }
    if (n.content) suggestionIds(n.content, partyId, mine, others);
  }
  return { mine, others };
}

const hasPending = (d: Y.Doc) => d.store.pendingStructs !== null || d.store.pendingDs !== null;

/** Whether `update`, applied to `doc`, changes nothing but `partyId`'s own suggestions. */
export function onlySuggestionsBy(doc: Y.Doc, update: Uint8Array, partyId: string): boolean {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = readDoc(scratch);
    const pendingBefore = hasPending(scratch);
    // Only the agreement itself may change: not another root type of the same document.
    const frag = fragmentOf(scratch);
    let elsewhere = false;
    scratch.on('afterTransaction', (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) if (rootOf(type) !== frag) elsewhere = true;
    });
    Y.applyUpdate(scratch, update);
    if (elsewhere) return false;
    // Structs waiting for something the server never accepted: they would integrate later,
    // unjudged, when their dependency arrives. Refuse them now.
    if (!pendingBefore && hasPending(scratch)) return false;
    const after = readDoc(scratch);
    if (canonicalJson(withoutSuggestionsOf(before, partyId)) !== canonicalJson(withoutSuggestionsOf(after, partyId))) return false;
    // A suggestion id someone else already uses cannot be borrowed: the ledger would put the
    // other author's name on the party's marks.
    const ids = suggestionIds(after, partyId);
    const earlier = suggestionIds(before, partyId);
    for (const id of ids.mine) if (ids.others.has(id) || earlier.others.has(id)) return false;
    return true;
  } catch {
    return false;
  } finally {
    scratch.destroy();
  }
}

/** Installs the guard on agreement documents as they load (the `documentLoaded` hook). */
export function guardPartySuggestions(d: HookPayloads['documentLoaded'], isAgreement: (name: string) => boolean): void {
  if (!isAgreement(d.name)) return;
  d.gateSuggestions((participantId, update) => onlySuggestionsBy(d.doc, update, participantId));
}
