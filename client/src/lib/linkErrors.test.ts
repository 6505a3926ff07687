import { describe, expect, it } from 'vitest';
import { LINK_REPLACED_MESSAGE } from '@mediation/shared';
import { describeLinkError } from './linkErrors';

describe('describeLinkError', () => {
  it('says a link without a token is incomplete', () => {
    expect(describeLinkError(null).reason).toBe('missing');
  });
  it('names a tampered or malformed link as invalid and mentions tampering', () => {
    const info = describeLinkError({ code: 'TOKEN_INVALID', message: 'bad signature' });
    expect(info.reason).toBe('invalid');
    expect(info.heading).toMatch(/invalid/i);
    expect(info.detail).toMatch(/tampered/);
  });
  it('names an expired link as expired', () => {
    const info = describeLinkError({ code: 'TOKEN_EXPIRED', message: 'x' });
    expect(info.reason).toBe('expired');
    expect(info.heading).toMatch(/expired/i);
  });
  it('names a withdrawn link as revoked', () => {
    const info = describeLinkError({ code: 'TOKEN_REVOKED', message: 'x' });
    expect(info.reason).toBe('revoked');
    expect(info.heading).toMatch(/revoked/i);
  });
  it('tells a link replaced by a new one apart from a withdrawn one', () => {
    const info = describeLinkError({ code: 'TOKEN_REVOKED', message: LINK_REPLACED_MESSAGE });
    expect(info.reason).toBe('replaced');
    expect(info.heading).toBe('This link was replaced by a new one');
    expect(info.detail).toMatch(/ask the mediator/i);
  });
  it('says when the session has ended', () => {
    expect(describeLinkError({ code: 'SESSION_ENDED', message: 'x' }).reason).toBe('ended');
  });
  it('treats server trouble as retryable, not as a bad link', () => {
    expect(describeLinkError({ code: 'INTERNAL', message: 'Server down.' }).reason).toBe('network');
  });
});
