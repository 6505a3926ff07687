import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTokenService, loadOrCreateSecret } from './tokens.js';

const revoked = new Set<string>();
const svc = createTokenService(new TextEncoder().encode('s'.repeat(40)), { isTokenRevoked: (id) => revoked.has(id) });
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
    const other = createTokenService(new TextEncoder().encode('t'.repeat(40)), { isTokenRevoked: () => false });
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
});
