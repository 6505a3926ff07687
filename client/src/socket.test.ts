import { describe, expect, it } from 'vitest';
import { handshakeError } from './socket';

describe('handshakeError', () => {
  it('reads the typed error a server middleware attaches as data', () => {
    const err = Object.assign(new Error('This link was withdrawn by the mediator.'), { data: { code: 'TOKEN_REVOKED', message: 'This link was withdrawn by the mediator.' } });
    expect(handshakeError(err)).toEqual({ code: 'TOKEN_REVOKED', message: 'This link was withdrawn by the mediator.' });
  });
  it('also accepts { error: { code, message } } as data', () => {
    const err = Object.assign(new Error('x'), { data: { error: { code: 'TOKEN_EXPIRED', message: 'Expired.' } } });
    expect(handshakeError(err)?.code).toBe('TOKEN_EXPIRED');
  });
  it('returns null for a plain network error, which is worth retrying', () => {
    expect(handshakeError(new Error('websocket error'))).toBeNull();
    expect(handshakeError(null)).toBeNull();
  });
});
