import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addCluster, editCard, linkOptionToInterest, moveCard, readBoardState, removeCluster, setCardCluster } from './boardDoc';

const ana = { id: 'ana_123456', displayName: 'Ana', role: 'party' as const, side: 'Claimant' };

describe('board document operations', () => {
  it('adds, moves, edits and groups cards so that a second replica converges to the same board', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
    const opt = addCard(a, ana, 'option', 'Pay in instalments', 10, 20);
    moveCard(a, opt.id, 100.4, 50.6);
    editCard(a, opt.id, 'Pay in six instalments');
    const cl = addCluster(a, 'Money')!;
    setCardCluster(a, opt.id, cl.id);
    expect(readBoardState(b).cards).toEqual([{ ...opt, x: 100, y: 51, text: 'Pay in six instalments', clusterId: cl.id }]);
    removeCluster(a, cl.id);
    expect(readBoardState(b).cards[0]!.clusterId).toBeNull();
    expect(readBoardState(b).clusters).toEqual([]);
  });

  it('links only an option to an interest, once', () => {
    const d = new Y.Doc();
    const opt = addCard(d, ana, 'option', 'o', 0, 0);
    const int = addCard(d, ana, 'interest', 'i', 0, 0);
    const pos = addCard(d, ana, 'position', 'p', 0, 0);
    expect(linkOptionToInterest(d, opt.id, int.id)).not.toBeNull();
    expect(linkOptionToInterest(d, opt.id, int.id)).toBeNull();
    expect(linkOptionToInterest(d, pos.id, int.id)).toBeNull();
    expect(linkOptionToInterest(d, int.id, opt.id)).toBeNull();
    expect(readBoardState(d).links).toHaveLength(1);
  });

  it('ignores malformed records a misbehaving client put in the document', () => {
    const d = new Y.Doc();
    d.getMap('cards').set('bad', { id: 'bad', text: 42 });
    addCard(d, ana, 'question', 'Why?', 0, 0);
    expect(readBoardState(d).cards.map((c) => c.text)).toEqual(['Why?']);
  });
});
