import { describe, expect, it } from 'vitest';
import type { ParticipantView, RoomView } from '@mediation/shared';
import { audioVolume, DUCKED_VOLUME, interpretationLanguages, interpretersHere } from './interpretation';
import { addCaptions, captionsNow, clearCaptions, lastLines, publishCaption } from './captions';

const person = (id: string, role: ParticipantView['role'], whereabouts: ParticipantView['whereabouts'], extra: Partial<ParticipantView> = {}): ParticipantView => ({ id, displayName: id, role, side: null, online: true, whereabouts, ...extra });

describe('listening to the interpretation', () => {
  it('ducks (never mutes) the original voices only when the interpretation is chosen', () => {
    expect(audioVolume({ interpretation: true }, 'original')).toBe(1);
    expect(audioVolume({}, 'original')).toBe(1);
    expect(audioVolume({ interpretation: true }, 'interpretation')).toBe(1);
    expect(audioVolume({}, 'interpretation')).toBe(DUCKED_VOLUME);
    expect(DUCKED_VOLUME).toBeGreaterThan(0);
    // No interpretation in the space any more: nobody stays ducked.
    expect(audioVolume({}, 'interpretation', false)).toBe(1);
  });

  it('offers the channel of interpreters in my own space, labelled with their language', () => {
    const room = {
      self: { id: 'ana001', displayName: 'Ana', role: 'party', side: 'A', space: 'caucus:aaaa' },
      participants: [person('ivo001', 'interpreter', 'caucus:aaaa', { interpretationLanguage: 'Spanish' }), person('eva001', 'interpreter', 'joint', { interpretationLanguage: 'French' })],
    } as unknown as RoomView;
    const here = interpretersHere(room);
    expect(here.map((p) => p.id)).toEqual(['ivo001']);
    expect(interpretationLanguages(here)).toEqual(['Spanish']);
    expect(interpretationLanguages([])).toEqual([]);
  });
});

describe('captions on the page', () => {
  const line = (id: string, at: number) => ({ id, fromId: 'cap001', fromName: 'Cleo', text: `line ${id}`, at });
  it('keeps each line once, in time order, drops malformed ones, and forgets them on a move', () => {
    clearCaptions();
    publishCaption(line('b', 2));
    addCaptions([line('a', 1), line('b', 2)]);
    publishCaption({ id: 'c', text: 'no sender' });
    expect(captionsNow().lines.map((l) => l.id)).toEqual(['a', 'b']);
    clearCaptions();
    expect(captionsNow().lines).toEqual([]);
  });

  it('shows the last three lines', () => {
    expect(lastLines([line('a', 1), line('b', 2), line('c', 3), line('d', 4)]).map((l) => l.id)).toEqual(['b', 'c', 'd']);
  });
});
