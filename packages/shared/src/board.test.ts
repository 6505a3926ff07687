import { describe, expect, it } from 'vitest';
import { CARD_BACKGROUNDS, CARD_SIZE, colourFor, freeSpot, labelColour, MEDIATOR_COLOUR, NEUTRAL_COLOUR, SIDE_COLOURS } from './board.js';

/** WCAG 2.2 contrast, written out here from the definition (not the module's own helper). */
function contrast(fg: string, bg: string): number {
  const lum = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [lum(fg), lum(bg)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

describe('side colours on cards', () => {
  it('every side colour, the mediator colour and the neutral colour read at 4.5:1 or more on every card background', () => {
    const failures: string[] = [];
    for (const colour of [...SIDE_COLOURS, MEDIATOR_COLOUR, NEUTRAL_COLOUR]) {
      for (const [kind, bg] of Object.entries(CARD_BACKGROUNDS)) {
        const label = labelColour(colour);
        const r = contrast(label, bg);
        if (r < 4.5) failures.push(`${colour} as ${label} on ${kind} ${bg}: ${r.toFixed(2)}:1`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the palette itself passes, so labels keep the side colour unchanged', () => {
    for (const colour of SIDE_COLOURS) expect(labelColour(colour)).toBe(colour.toLowerCase());
  });

  it('darkens a colour from the old palette (amber 3.15:1, cyan 3.64:1) until it passes', () => {
    for (const old of ['#d97706', '#0891b2', '#059669', '#65a30d', '#db2777']) {
      expect(Math.min(...Object.values(CARD_BACKGROUNDS).map((bg) => contrast(old, bg)))).toBeLessThan(4.5);
      const label = labelColour(old);
      for (const bg of Object.values(CARD_BACKGROUNDS)) expect(contrast(label, bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('gives each side a colour from the palette', () => {
    expect(SIDE_COLOURS).toContain(colourFor('party', 'Claimant'));
    expect(SIDE_COLOURS).toContain(colourFor('attorney', 'Respondent'));
  });
});

describe('placing cards', () => {
  it('puts each new card on a free slot, so N placements are all distinct and none overlap', () => {
    const cards: Array<{ x: number; y: number }> = [{ x: 20, y: 20 }, { x: 30, y: 25 }, { x: 500, y: 300 }];
    for (let i = 0; i < 12; i++) cards.push(freeSpot(cards, 4));
    const placed = cards.slice(3);
    expect(new Set(placed.map((c) => `${c.x},${c.y}`)).size).toBe(placed.length);
    for (const a of placed) {
      for (const b of cards) {
        if (a === b) continue;
        expect(Math.abs(a.x - b.x) >= CARD_SIZE.w || Math.abs(a.y - b.y) >= CARD_SIZE.h).toBe(true);
      }
      expect(a.x + CARD_SIZE.w).toBeLessThanOrEqual(CARD_SIZE.margin + 4 * (CARD_SIZE.w + CARD_SIZE.gap));
    }
  });
});
