import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientInlineScriptHashes, inlineScriptHashes } from './inlineScripts.js';

const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('CSP hashes of the client page’s inline scripts', () => {
  it('hashes each inline script’s exact text, and skips scripts loaded from a file', () => {
    const boot = "\n(function () { 'use strict'; var x = 1; })();\n";
    const html = `<head><script>${boot}</script><script type="module" crossorigin src="/assets/index.js"></script></head><body><script type="text/javascript">a()</script></body>`;
    expect(inlineScriptHashes(html)).toEqual([sha(boot), sha('a()')]);
  });

  it('one changed character is another hash (the policy follows the file served)', () => {
    expect(inlineScriptHashes('<script>a()</script>')).not.toEqual(inlineScriptHashes('<script>a() </script>'));
  });

  it('a page without inline scripts allows none', () => {
    expect(inlineScriptHashes('<script src="/x.js"></script><p>hi</p>')).toEqual([]);
  });

  it('follows the built page when it is rebuilt under a running server, and allows none while it is missing', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-dist-'));
    try {
      const current = clientInlineScriptHashes(dist);
      expect(current()).toEqual([]);
      fs.writeFileSync(path.join(dist, 'index.html'), '<script>first()</script>');
      expect(current()).toEqual([sha('first()')]);
      // Another build: a different size is enough to be seen even within the same mtime tick.
      fs.writeFileSync(path.join(dist, 'index.html'), '<script>second(1)</script>');
      expect(current()).toEqual([sha('second(1)')]);
      fs.rmSync(path.join(dist, 'index.html'));
      expect(current()).toEqual([]);
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
