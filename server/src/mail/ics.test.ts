import { describe, expect, it } from 'vitest';
import { calendarInvite } from './ics.js';

const base = {
  uid: 'sess123-person456@mediation',
  title: 'Mediation session: PixelForge Studio v. Harbor Bakery',
  description: 'Join with your personal link: https://example.test/join#t=abc\nLine two; with, specials',
  startsAt: Date.UTC(2027, 0, 15, 9, 30),
  durationMinutes: 90,
  url: 'https://example.test/join#t=abc',
  organizer: { name: 'Maria Mediator', email: 'maria@example.test' },
  attendee: { name: 'Ana Claimant', email: 'ana@example.test' },
};

/** Unfolds RFC 5545 continuation lines (CRLF + space) so fields can be read whole. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('calendarInvite', () => {
  it('gives the start and end in UTC, the uid, the method and the attendee', () => {
    const ics = unfold(calendarInvite(base));
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toMatch(/DTSTART:20270115T093000Z/);
    expect(ics).toMatch(/DURATION:PT90M|DURATION:PT1H30M|DTEND:20270115T110000Z/);
    expect(ics).toContain('UID:sess123-person456@mediation');
    expect(ics).toMatch(/ATTENDEE;[^\r\n]*mailto:ana@example.test/);
    expect(ics).toMatch(/ORGANIZER;[^\r\n]*mailto:maria@example.test/i);
  });

  it('escapes text so a newline, comma or semicolon in the description cannot start a new field', () => {
    const ics = unfold(calendarInvite(base));
    expect(ics).toContain('Line two\\; with\\, specials');
    expect(ics.split('\r\n').filter((l) => l.startsWith('Line two'))).toEqual([]);
  });

  it('folds lines longer than 75 octets', () => {
    const ics = calendarInvite({ ...base, title: 'A'.repeat(300) });
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });
});
