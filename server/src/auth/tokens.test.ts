import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../config.js';
import { createTokenService, loadOrCreateSecret } from './tokens.js';

const revoked = new Set<string>();
const svc = createTokenService(new TextEncoder().encode('s'.repeat(40)), { isTokenRevoked: async (id) => revoked.has(id) });
const claims = { sessionId: 'sess_123456', participantId: 'part_123456', role: 'party' as const, side: 'Claimant' };

describe('invite tokens', () => {
  it('verifies a token it signed and returns its claims', async () => {
    const { token } = await svc.sign(claims, 60);
    const v = await svc.verify(token);
    expect(v.ok && v.data).toMatchObject(claims);
  });

  it('refuses a token with a changed payload as TOKEN_INVALID', async () => {
    const { token } = await svc.sign(claims, 60);
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.role = 'mediator';
    const forged = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
    const v = await svc.verify(forged);
    expect(!v.ok && v.error.code).toBe('TOKEN_INVALID');
  });

  it('refuses a token signed with another secret', async () => {
    const other = createTokenService(new TextEncoder().encode('t'.repeat(40)), { isTokenRevoked: async () => false });
    const { token } = await other.sign(claims, 60);
    const v = await svc.verify(token);
    expect(!v.ok && v.error.code).toBe('TOKEN_INVALID');
  });

  it('refuses an expired token as TOKEN_EXPIRED', async () => {
    const { token } = await svc.sign(claims, -10);
    const v = await svc.verify(token);
    expect(!v.ok && v.error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a revoked token as TOKEN_REVOKED', async () => {
    const { token, claims: c } = await svc.sign(claims, 60);
    revoked.add(c.jti);
    const v = await svc.verify(token);
    expect(!v.ok && v.error.code).toBe('TOKEN_REVOKED');
  });

  it('generates a secret once and keeps it in the data directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-'));
    const a = loadOrCreateSecret(dir, undefined);
    const b = loadOrCreateSecret(dir, undefined);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(fs.statSync(path.join(dir, 'token-secret')).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['empty', '', /is empty/],
    ['whitespace only', '  \n', /is empty/],
    ['truncated', 'abcdefghij', /only 10 characters long \(at least 32 needed\)/],
    ['not base64url', 'not a secret at all, just some words in a file', /not a base64url secret/],
  ])('refuses to start with a %s secret file, naming the file and the fix', (_name, content, problem) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-'));
    const file = path.join(dir, 'token-secret');
    fs.writeFileSync(file, content, { mode: 0o600 });
    expect(() => loadOrCreateSecret(dir, undefined)).toThrow(StartupError);
    expect(() => loadOrCreateSecret(dir, undefined)).toThrow(problem);
    expect(() => loadOrCreateSecret(dir, undefined)).toThrow(new RegExp(`${file}.*Restore it from a backup, or delete it`));
    // The bad file is left for the operator to inspect: replacing it would break every link sent.
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses an unreadable secret file instead of generating a new one over it', () => {
    if (process.getuid?.() === 0) return; // root reads mode-000 files; nothing to test there
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-'));
    const file = path.join(dir, 'token-secret');
    fs.writeFileSync(file, 'x'.repeat(64), { mode: 0o000 });
    expect(() => loadOrCreateSecret(dir, undefined)).toThrow(/cannot be read/);
  });

  it('writes the generated secret through a temporary file and leaves no temporary file behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-'));
    const opened: string[] = [];
    const realOpen = fs.openSync;
    const spy = (p: fs.PathLike, ...rest: unknown[]) => {
      opened.push(String(p));
      return (realOpen as (...a: unknown[]) => number)(p, ...rest);
    };
    (fs as { openSync: unknown }).openSync = spy;
    try {
      loadOrCreateSecret(dir, undefined);
    } finally {
      (fs as { openSync: unknown }).openSync = realOpen;
    }
    // Never opened for writing under its real name, so a crash cannot leave it half-written.
    expect(opened.some((p) => p.endsWith('.tmp'))).toBe(true);
    expect(opened).not.toContain(path.join(dir, 'token-secret'));
    expect(fs.readdirSync(dir)).toEqual(['token-secret']);
    const text = fs.readFileSync(path.join(dir, 'token-secret'), 'utf8');
    expect(text).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(fs.statSync(path.join(dir, 'token-secret')).mode & 0o777).toBe(0o600);
  });

  it('keeps a secret another process published first instead of replacing it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-'));
    const theirs = Buffer.alloc(48, 7);
    const realLink = fs.linkSync;
    // Another start-up publishes its secret between our temporary write and our link.
    (fs as { linkSync: unknown }).linkSync = (from: fs.PathLike, to: fs.PathLike) => {
      fs.writeFileSync(to, theirs.toString('base64url'), { mode: 0o600 });
      return realLink(from, to);
    };
    let ours: Uint8Array;
    try {
      ours = loadOrCreateSecret(dir, undefined);
    } finally {
      (fs as { linkSync: unknown }).linkSync = realLink;
    }
    expect(Buffer.from(ours).equals(theirs)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['token-secret']);
  });
});
