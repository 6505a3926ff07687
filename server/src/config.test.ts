import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working embedded defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.mediasoup.listenIp).toBe('127.0.0.1');
    expect(c.sessionCapacity).toBe(12);
  });

  it('names every bad value in one clear message', () => {
    expect(() => loadConfig({ PORT: 'abc', MEDIASOUP_LISTEN_IP: 'not-an-ip' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', MEDIASOUP_LISTEN_IP: 'not-an-ip' });
    } catch (e) {
      expect(String((e as Error).message)).toMatch(/PORT/);
      expect(String((e as Error).message)).toMatch(/MEDIASOUP_LISTEN_IP/);
    }
  });

  it('refuses a short TOKEN_SECRET and an inverted port range', () => {
    expect(() => loadConfig({ TOKEN_SECRET: 'short' })).toThrow(/TOKEN_SECRET/);
    expect(() => loadConfig({ MEDIASOUP_MIN_PORT: '50000', MEDIASOUP_MAX_PORT: '40000' })).toThrow(/MIN_PORT/);
  });

  it('derives the public URL from PORT unless PUBLIC_URL is set', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://mediate.example.org/' }).publicUrl).toBe('https://mediate.example.org');
  });

  it('refuses a MEDIASOUP_WORKER_BIN that does not exist, in one line naming the path', () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'mediasoup-worker');
    expect(() => loadConfig({ MEDIASOUP_WORKER_BIN: missing })).toThrow(ConfigError);
    try {
      loadConfig({ MEDIASOUP_WORKER_BIN: missing });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toBe(`Invalid configuration: MEDIASOUP_WORKER_BIN: ${missing} does not exist (install Debian's mediasoup-worker, see README)`);
      expect(message).not.toContain('\n');
    }
  });

  it('refuses a MEDIASOUP_WORKER_BIN that is a directory or not executable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-bin-'));
    expect(() => loadConfig({ MEDIASOUP_WORKER_BIN: dir })).toThrow(/is not a file/);
    const file = path.join(dir, 'mediasoup-worker');
    fs.writeFileSync(file, '', { mode: 0o644 });
    expect(() => loadConfig({ MEDIASOUP_WORKER_BIN: file })).toThrow(/is not executable/);
    fs.chmodSync(file, 0o755);
    expect(loadConfig({ MEDIASOUP_WORKER_BIN: file }).mediasoup.workerBin).toBe(file);
  });

  it.each(['0.0.0.0', '::'])('refuses MEDIASOUP_LISTEN_IP=%s without MEDIASOUP_ANNOUNCED_IP (browsers would get an unusable candidate)', (ip) => {
    expect(() => loadConfig({ MEDIASOUP_LISTEN_IP: ip })).toThrow(
      `Invalid configuration: MEDIASOUP_LISTEN_IP=${ip} needs MEDIASOUP_ANNOUNCED_IP, the address browsers should send media to (the server's public IP)`,
    );
    const c = loadConfig({ MEDIASOUP_LISTEN_IP: ip, MEDIASOUP_ANNOUNCED_IP: '203.0.113.7' });
    expect(c.mediasoup).toMatchObject({ listenIp: ip, announcedIp: '203.0.113.7' });
  });

  it('accepts a specific MEDIASOUP_LISTEN_IP without an announced IP (it is what browsers get)', () => {
    expect(loadConfig({ MEDIASOUP_LISTEN_IP: '192.0.2.10' }).mediasoup.announcedIp).toBeUndefined();
  });

  it('stays on SQLite without DATABASE_URL; takes a postgres:// URL with pool size and statement timeout', () => {
    expect(loadConfig({}).database).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'postgres://app:pw@db.internal:5432/mediation' }).database).toEqual({
      url: 'postgres://app:pw@db.internal:5432/mediation', poolSize: 10, statementTimeoutMs: 5000,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://app@127.0.0.1/m', DATABASE_POOL_SIZE: '25', DATABASE_STATEMENT_TIMEOUT_MS: '2000' }).database)
      .toEqual({ url: 'postgresql://app@127.0.0.1/m', poolSize: 25, statementTimeoutMs: 2000 });
  });

  it('refuses a DATABASE_URL that is not postgres://, and a pool size of 0, naming them', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://app@db/m' })).toThrow('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/m', DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });
});
