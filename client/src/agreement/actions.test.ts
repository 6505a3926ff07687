import { describe, expect, it } from 'vitest';
import type { Result } from '@mediation/shared';
import { actionMessage, runAction } from './actions';

const refused: Result<unknown> = { ok: false, error: { code: 'BAD_REQUEST', message: 'The typed name must be your full name as shown in the room: Ana Claimant.' } };

describe('agreement panel actions', () => {
  it('keeps a failed action\'s message after the refresh that follows it', async () => {
    let shown: string | null = 'stale';
    let refreshes = 0;
    // The refresh succeeds (as the state request does); it must not clear the message.
    const ok = await runAction(async () => refused, (m) => { shown = m; }, async () => { refreshes++; });
    expect(ok).toBe(false);
    expect(refreshes).toBe(1);
    expect(shown).toBe('The typed name must be your full name as shown in the room: Ana Claimant.');
  });

  it('clears the message when the person acts again and it works', async () => {
    let shown: string | null = 'The typed name must be your full name';
    const seen: Array<string | null> = [];
    const ok = await runAction(async () => ({ ok: true, data: {} }), (m) => { shown = m; seen.push(m); }, async () => {});
    expect(ok).toBe(true);
    expect(shown).toBeNull();
    expect(seen).toEqual([null]);
  });

  it('uses plain words when the server gave no message', () => {
    expect(actionMessage({ code: 'FROZEN', message: '' })).toBe('The agreement is frozen for signature, so it cannot be changed now.');
    expect(actionMessage({ code: 'INTERNAL', message: ' ' })).toBe('That did not work. Please try again.');
  });
});
