/**
 * The join link's camera-preview script is inline in the client page (client/join-boot.js, inlined
 * by the Vite build), so the CSP must allow it, and only it: script-src is 'self' plus the sha256 of
 * each inline script of the page actually served, never 'unsafe-inline'. Needs a built client
 * (`npm test` builds it first).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

let app: TestServer;
beforeAll(async () => { app = await startTestServer(); });
afterAll(async () => { await stopTestServer(app); });

const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';

describe('CSP for the page’s inline scripts', () => {
  it('allows exactly the served page’s inline scripts by hash, and no other inline script', async () => {
    const res = await fetch(`${app.url}/join`);
    expect(res.status, 'the client must be built (pnpm --filter @mediation/client run build)').toBe(200);
    const html = await res.text();
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\bsrc\s*=/i.test(m[1] ?? '')).map((m) => m[2] ?? '');
    // The camera-preview script is there (it names its placeholder) ...
    expect(inline.some((code) => code.includes('boot-preview') && code.includes('getUserMedia'))).toBe(true);
    // ... and allowed by its hash, with nothing looser beside it.
    const scriptSrc = directive(res.headers.get('content-security-policy') ?? '', 'script-src');
    const hashes = inline.map((code) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`);
    expect(scriptSrc).toBe(["script-src 'self'", ...hashes].join(' '));
    expect(scriptSrc).not.toContain('unsafe-inline');
  });
});
