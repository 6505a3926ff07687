import { describe, expect, it } from 'vitest';
import { displayNameSchema, sessionTitleSchema, sideSchema, spaceNameSchema } from './domain.js';
import { humanIdentifier, normaliseName, sameName } from './names.js';
import { requestSchemas } from './protocol.js';

/** Every character class the outside security test tried, and their relatives. */
export const HOSTILE_CHARACTERS: Record<string, string> = {
  NUL: '\u0000', BEL: '\u0007', ESC: '\u001b', 'ESC sequence': '\u001b[31m', DEL: '\u007f', 'C1 CSI': '\u009b',
  tab: '\t', newline: '\n', 'carriage return': '\r', 'line separator': '\u2028', 'paragraph separator': '\u2029',
  LRE: '\u202a', RLE: '\u202b', PDF: '\u202c', LRO: '\u202d', RLO: '\u202e',
  LRI: '\u2066', RLI: '\u2067', FSI: '\u2068', PDI: '\u2069', LRM: '\u200e', RLM: '\u200f', ALM: '\u061c',
  ZWSP: '\u200b', ZWNJ: '\u200c', ZWJ: '\u200d', 'word joiner': '\u2060', BOM: '\ufeff', 'soft hyphen': '\u00ad',
  'lone high surrogate': '\ud800', 'lone low surrogate': '\udc00', 'private use': '\ue000', unassigned: '\u0378',
  'hangul filler': '\u3164', 'variation selector': '\ufe0f', 'interlinear annotation': '\ufff9',
};

describe('human-readable identifiers', () => {
  for (const [what, ch] of Object.entries(HOSTILE_CHARACTERS)) {
    it(`refuses ${what} inside a display name, a side, a room name and a title`, () => {
      for (const schema of [displayNameSchema, sideSchema, spaceNameSchema, sessionTitleSchema]) {
        expect(schema.safeParse(`Ana${ch}Claimant`).success).toBe(false);
      }
    });
  }

  it('normalises to NFC and trims, so the same name is stored the same way', () => {
    expect(displayNameSchema.parse('  Jose\u0301 ')).toBe('Jos\u00e9');
    expect(displayNameSchema.parse('José Müller-Čapek')).toBe('José Müller-Čapek');
  });

  it('accepts names in any script, with ordinary punctuation', () => {
    for (const name of ['Ana Claimant', "O'Brien-Smith, Jr.", 'Zoë Ørsted', 'Łukasz Żółć', 'محمد علي', '李小龍', 'Αλέξανδρος', 'J. Lee']) {
      expect(displayNameSchema.parse(name)).toBe(name);
    }
  });

  it('refuses empty, blank, punctuation-only and over-long names', () => {
    for (const bad of ['', '   ', '...', 'x'.repeat(61), 'a\u0301\u0302\u0303\u0304\u0305']) expect(displayNameSchema.safeParse(bad).success).toBe(false);
    expect(displayNameSchema.safeParse('x'.repeat(60)).success).toBe(true);
  });

  it('says which character is wrong, in words', () => {
    const r = displayNameSchema.safeParse('Ana\u202eClaimant');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('name contains an invisible or control character (U+202E)');
  });

  it('lets an optional label stay empty but checks it once typed', () => {
    const label = humanIdentifier({ label: 'timer label', max: 80, min: 0 });
    expect(label.parse('')).toBe('');
    expect(label.safeParse('\u200b').success).toBe(false);
  });

  it('is the schema of every name a mediator types into the room', () => {
    expect(requestSchemas['control:createSpace'].safeParse({ name: 'Caucus\u0000A' }).success).toBe(false);
    expect(requestSchemas['control:renameSpace'].safeParse({ space: 'joint', name: '\u202eA' }).success).toBe(false);
    expect(requestSchemas['control:setTimer'].safeParse({ space: 'joint', seconds: 60, label: 'Break\n' }).success).toBe(false);
    expect(requestSchemas['session:join'].safeParse({ displayName: 'Maria\u200bMediator' }).success).toBe(false);
  });
});

describe('telling names apart', () => {
  it('treats case, accents, repeated spaces and compatibility forms as the same name', () => {
    expect(sameName('Ana Claimant', '  ana   CLAIMANT ')).toBe(true);
    expect(sameName('José Müller-Čapek', 'jose muller-capek')).toBe(true);
    expect(sameName('Łukasz', 'Lukasz')).toBe(true);
    expect(sameName('Ａｎａ', 'Ana')).toBe(true);
    expect(normaliseName('Maria  Mediator')).toBe('maria mediator');
  });

  it('keeps different names different', () => {
    expect(sameName('Ana Claimant', 'Ana Claimants')).toBe(false);
    expect(sameName('Ben Respondent', 'Ben-Respondent')).toBe(false);
  });
});
