import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MarkLedger, removeCommentAnchors, restampSuggestions } from './authorship.js';
import { anchorComment } from './comments.js';
import { fragmentOf, replaceDoc } from './model.js';
import { listSuggestions, suggestInsert } from './suggestions.js';

const ANA = { id: 'ana-1234', name: 'Ana Claimant' };
const KIM = { id: 'kim-1234', name: 'Kim Attorney' };
const DOC = 's1/agreement/joint';

/** A server document and an editor replica, with the server's ledger fed every update. */
function replicas() {
  const server = new Y.Doc();
  const ledger = new MarkLedger();
  replaceDoc(server, [{ type: 'paragraph', content: [{ type: 'text', text: 'Pay 100. Then sign.' }] }]);
  const editor = new Y.Doc();
  Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
  return { server, editor, ledger };
}

/** Runs `fn` on the editor and returns the update it would send. */
function edit(editor: Y.Doc, fn: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const grab = (u: Uint8Array) => { updates.push(u); };
  editor.on('update', grab);
  editor.transact(fn);
  editor.off('update', grab);
  return Y.mergeUpdates(updates);
}

/** Applies a server change (an API suggestion) and lets the ledger see it as the server's own. */
function serverChange(server: Y.Doc, editor: Y.Doc, ledger: MarkLedger, fn: (d: Y.Doc) => void): void {
  const u = edit(server, () => fn(server));
  ledger.review(DOC, server, u, null);
  Y.applyUpdate(editor, u);
}

/** Applies a writer's update at the server and reviews it, as the websocket path does. */
function receive(server: Y.Doc, ledger: MarkLedger, update: Uint8Array, writer = KIM) {
  Y.applyUpdate(server, update);
  return ledger.review(DOC, server, update, writer);
}

const firstText = (doc: Y.Doc, block = 0) => (fragmentOf(doc).get(block) as Y.XmlElement).get(0) as Y.XmlText;

/** What y-prosemirror does on Enter: cut the tail off the paragraph and put it, marks and all,
 * into a new paragraph after it (so the update re-creates the marks of the moved text). */
function splitParagraph(doc: Y.Doc, offset: number): void {
  const text = firstText(doc);
  const tail: Array<{ insert: string; attributes?: Record<string, unknown> }> = [];
  let p = 0;
  for (const op of text.toDelta() as Array<{ insert: string; attributes?: Record<string, unknown> }>) {
    const end = p + op.insert.length;
    if (end > offset) tail.push({ insert: op.insert.slice(Math.max(0, offset - p)), ...(op.attributes ? { attributes: { ...op.attributes } } : {}) });
    p = end;
  }
  text.delete(offset, text.length - offset);
  const para = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.applyDelta(tail);
  para.insert(0, [t]);
  fragmentOf(doc).insert(1, [para]);
}

describe('suggestion authorship over the websocket', () => {
  it('stamps a new suggestion whose mark claims someone else with the writer', () => {
    const { server, editor, ledger } = replicas();
    const u = edit(editor, () => firstText(editor).insert(8, ' now', { suggestInsert: { id: 'sug1', authorId: ANA.id, authorName: ANA.name, at: 1 } }));
    const review = receive(server, ledger, u);
    expect([...review.newSuggestions]).toEqual(['sug1']);
    expect(review.restamp.get('sug1')).toEqual({ authorId: KIM.id, authorName: KIM.name, at: 1 });
    expect(restampSuggestions(server, review.restamp)).toBe(1);
    expect(listSuggestions(server)).toMatchObject([{ id: 'sug1', author: { id: KIM.id, name: KIM.name }, inserted: ' now' }]);
    expect(restampSuggestions(server, review.restamp)).toBe(0);
  });

  it("corrects a forged authorName even when the authorId is the writer's", () => {
    const { server, editor, ledger } = replicas();
    const u = edit(editor, () => firstText(editor).insert(8, ' now', { suggestInsert: { id: 'sug1', authorId: KIM.id, authorName: 'Ana Claimant', at: 1 } }));
    const review = receive(server, ledger, u);
    expect(review.restamp.get('sug1')).toEqual({ authorId: KIM.id, authorName: KIM.name, at: 1 });
    restampSuggestions(server, review.restamp);
    expect(listSuggestions(server)[0]!.author).toEqual(KIM);
  });

  it("leaves a new suggestion stamped with the writer's own identity alone", () => {
    const { server, editor, ledger } = replicas();
    const u = edit(editor, () => firstText(editor).insert(8, ' now', { suggestInsert: { id: 'sug1', authorId: KIM.id, authorName: KIM.name, at: 5 } }));
    expect(receive(server, ledger, u).restamp.size).toBe(0);
  });

  it("keeps Ana's suggestion Ana's when Kim splits the paragraph it is in", () => {
    const { server, editor, ledger } = replicas();
    serverChange(server, editor, ledger, (d) => suggestInsert(d, 10, 'promptly ', ANA, 'ana-sug', 42));
    const u = edit(editor, () => splitParagraph(editor, 9));
    const review = receive(server, ledger, u);
    expect(review.restamp.size).toBe(0);
    expect(review.newSuggestions.size).toBe(0);
    expect(fragmentOf(server).length).toBe(2);
    expect(listSuggestions(server)).toMatchObject([{ id: 'ana-sug', author: ANA, at: 42, inserted: 'promptly ' }]);
  });

  it('knows the suggestions a document held when it loaded (the first update after a restart)', () => {
    const { server, editor } = replicas();
    serverChange(server, editor, new MarkLedger(), (d) => suggestInsert(d, 10, 'promptly ', ANA, 'ana-sug', 42));
    const fresh = new MarkLedger();
    fresh.seed(DOC, server);
    const review = receive(server, fresh, edit(editor, () => splitParagraph(editor, 9)));
    expect(review.restamp.size).toBe(0);
    expect(review.newSuggestions.size).toBe(0);
  });

  it('without a load hook, counts what the document held outside the first update as known', () => {
    const { server, editor } = replicas();
    serverChange(server, editor, new MarkLedger(), (d) => suggestInsert(d, 4, 'only ', ANA, 'ana-sug', 42));
    const fresh = new MarkLedger();
    const review = receive(server, fresh, edit(editor, () => splitParagraph(editor, 14)));
    expect(review.restamp.size).toBe(0);
    expect(review.newSuggestions.size).toBe(0);
  });

  it("puts back the stamp of someone else's suggestion that an update rewrites (author, name or time)", () => {
    const { server, editor, ledger } = replicas();
    serverChange(server, editor, ledger, (d) => suggestInsert(d, 10, 'promptly ', ANA, 'ana-sug', 42));
    const forged = { id: 'ana-sug', authorId: KIM.id, authorName: KIM.name, at: 42 };
    let review = receive(server, ledger, edit(editor, () => firstText(editor).format(9, 9, { suggestInsert: forged })));
    expect(review.restamp.get('ana-sug')).toEqual({ authorId: ANA.id, authorName: ANA.name, at: 42 });
    restampSuggestions(server, review.restamp);
    expect(listSuggestions(server)).toMatchObject([{ id: 'ana-sug', author: ANA, at: 42 }]);
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
    review = receive(server, ledger, edit(editor, () => firstText(editor).format(9, 9, { suggestInsert: { ...forged, authorId: ANA.id, authorName: ANA.name, at: 7 } })));
    expect(review.restamp.get('ana-sug')).toEqual({ authorId: ANA.id, authorName: ANA.name, at: 42 });
  });

  it('tells new comment anchors from existing ones the binding rewrites, and removes anchors without the text', () => {
    const { server, editor, ledger } = replicas();
    serverChange(server, editor, ledger, (d) => anchorComment(d, 10, 14, 'thread-old'));
    expect(receive(server, ledger, edit(editor, () => splitParagraph(editor, 9))).newThreads.size).toBe(0);
    const review = receive(server, ledger, edit(editor, () => firstText(editor).format(0, 3, { comment: { threadId: 'thread-new' } })));
    expect([...review.newThreads]).toEqual(['thread-new']);
    expect(removeCommentAnchors(server, review.newThreads)).toBe(1);
    expect(JSON.stringify(firstText(server).toDelta())).not.toContain('thread-new');
    expect(firstText(server).toString()).toContain('Pay');
    expect(JSON.stringify(firstText(server, 1).toDelta())).toContain('thread-old');
  });
});
