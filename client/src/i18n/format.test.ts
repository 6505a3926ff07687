import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatTime } from './format';

// 2026-03-04 20:30 UTC: 15:30 in New York (EST), 21:30 in Madrid (CET).
const instant = Date.UTC(2026, 2, 4, 20, 30);

describe('formatting in the person\'s zone and language', () => {
  it('shows the time in the given zone, in each language\'s style', () => {
    expect(formatTime('en', instant, { timeZone: 'America/New_York' })).toBe('3:30 PM');
    expect(formatTime('es', instant, { timeZone: 'Europe/Madrid' })).toBe('21:30');
  });
  it('names the zone where the exact time matters', () => {
    expect(formatTime('en', instant, { timeZone: 'America/New_York', withZone: true })).toBe('3:30 PM EST');
    expect(formatDateTime('es', instant, { timeZone: 'Europe/Madrid', withZone: true })).toMatch(/^4 mar 2026, 21:30 (CET|GMT\+1)$/);
  });
  it('the zone moves the calendar day', () => {
    const late = Date.UTC(2026, 2, 5, 2, 0);
    expect(formatDate('en', late, { timeZone: 'America/Los_Angeles' })).toBe('Mar 4, 2026');
    expect(formatDate('en', late, { timeZone: 'Asia/Tokyo' })).toBe('Mar 5, 2026');
  });
  it('a calendar day (YYYY-MM-DD) stays that day in every zone', () => {
    expect(formatDate('en', '2026-03-04', { timeZone: 'Pacific/Honolulu' })).toBe('Mar 4, 2026');
    expect(formatDate('es', '2026-03-04', { timeZone: 'Asia/Tokyo' })).toBe('4 mar 2026');
  });
  it('numbers use the language\'s separators', () => {
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
    expect(formatNumber('es', 12345.5)).toBe('12.345,5');
  });
});
