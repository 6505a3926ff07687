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
});
