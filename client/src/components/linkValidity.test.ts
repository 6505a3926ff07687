import { describe, expect, it } from 'vitest';
import { describeValidity, hoursUntil } from './linkValidity';

const HOUR = 3600_000;
// Tue 8 Dec 2026, 18:00 local time.
const at = new Date(2026, 11, 8, 18, 0).getTime();

describe('link validity', () => {
  it('says until when a link is valid, with weekday, date and time', () => {
    const v = describeValidity(at, at - 5 * 24 * HOUR, 'en-GB');
    expect(v).toEqual({ state: 'valid', text: 'Valid until Tue 8 Dec, 18:00' });
  });
  it('warns when a link expires within 24 hours, and says in how many hours', () => {
    const v = describeValidity(at, at - 5 * HOUR, 'en-GB');
    expect(v.state).toBe('soon');
    expect(v.text).toBe('Valid until Tue 8 Dec, 18:00 (expires in 5 hours)');
  });
  it('says an expired link expired, and when', () => {
    expect(describeValidity(at, at + HOUR, 'en-GB')).toEqual({ state: 'expired', text: 'Expired on Tue 8 Dec, 18:00' });
  });
  it('turns a chosen date into whole hours from now, refusing the past and more than 90 days', () => {
    expect(hoursUntil(at, at - 2.5 * HOUR)).toBe(3);
    expect(hoursUntil(at, at + 1)).toBeNull();
    expect(hoursUntil(at + 91 * 24 * HOUR, at)).toBeNull();
  });
});
