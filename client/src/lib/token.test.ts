import { describe, expect, it } from 'vitest';
import { localInvitePath, parseInviteFragment, unverifiedRole } from './token';

describe('parseInviteFragment', () => {
  it('reads the token from a #t= fragment', () => {
    expect(parseInviteFragment('#t=eyJhbGciOiJIUzI1NiJ9.abc.def')).toBe('eyJhbGciOiJIUzI1NiJ9.abc.def');
  });
  it('accepts the fragment without the leading hash', () => {
    expect(parseInviteFragment('t=abcdefghijkl')).toBe('abcdefghijkl');
  });
  it('returns null when there is no fragment, no t parameter, or a uselessly short token', () => {
    expect(parseInviteFragment('')).toBeNull();
    expect(parseInviteFragment('#')).toBeNull();
    expect(parseInviteFragment('#x=abcdefghijkl')).toBeNull();
    expect(parseInviteFragment('#t=short')).toBeNull();
  });
  it('ignores other fragment parameters', () => {
    expect(parseInviteFragment('#a=1&t=abcdefghijkl&b=2')).toBe('abcdefghijkl');
  });
});

describe('localInvitePath', () => {
  it('keeps path and fragment so the app can navigate to its own link on any host', () => {
    expect(localInvitePath('http://localhost:3000/join#t=abcdefghijkl')).toBe('/join#t=abcdefghijkl');
  });
  it('returns the input when it is not a URL', () => {
    expect(localInvitePath('/join#t=x')).toBe('/join#t=x');
  });
});

describe('unverifiedRole', () => {
  const b64url = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  it('reads the role a token names (for what the join page starts early; the server checks the token)', () => {
    expect(unverifiedRole(`${b64url({ alg: 'HS256' })}.${b64url({ sid: 's', role: 'observer', side: null })}.sig`)).toBe('observer');
  });
  it('answers null for anything that is not a token with a role', () => {
    expect(unverifiedRole('not-a-token')).toBeNull();
    expect(unverifiedRole('a.%%%.c')).toBeNull();
    expect(unverifiedRole(`x.${b64url({ sid: 's' })}.y`)).toBeNull();
  });
});
