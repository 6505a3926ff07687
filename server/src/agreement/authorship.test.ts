import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { forgedSuggestionIds, restampAuthor } from './authorship.js';
import { fragmentOf, replaceDoc } from './model.js';
import { listSuggestions } from './suggestions.js';

function replicas() {
  const server = new Y.Doc();
  replaceDoc(server, [{ type: 'paragraph', content: [{ type: 'text', text: 'Pay 100.' }] }]);
  const editor = new Y.Doc();
  Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
  return { server, editor };
}

/** The editor types a suggestion claiming `authorId`; returns the update it sends. */
function typeSuggestion(editor: Y.Doc, authorId: string): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  editor.once('update', (u: Uint8Array) => { update = u; });
  const text = (fragmentOf(editor).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  text.insert(7, ' now', { suggestInsert: { id: 'sug1', authorId, authorName: 'Someone', at: 1 } });
  return update;
}

describe('suggestion authorship over the websocket', () => {
  it('spots a suggestion mark whose author is not the writer', () => {
    const { editor } = replicas();
    const update = typeSuggestion(editor, 'ana-1234');
    expect([...forgedSuggestionIds(update, 'lee-1234')]).toEqual(['sug1']);
    expect([...forgedSuggestionIds(update, 'ana-1234')]).toEqual([]);
  });

  it('re-stamps a forged suggestion with the real author', () => {
    const { server, editor } = replicas();
    Y.applyUpdate(server, typeSuggestion(editor, 'ana-1234'));
    expect(restampAuthor(server, new Set(['sug1']), { id: 'lee-1234', name: 'J. Lee' })).toBe(1);
    expect(listSuggestions(server)).toMatchObject([{ id: 'sug1', author: { id: 'lee-1234', name: 'J. Lee' }, inserted: ' now' }]);
    expect(restampAuthor(server, new Set(['sug1']), { id: 'lee-1234', name: 'J. Lee' })).toBe(0);
  });
});
