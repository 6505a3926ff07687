/**
 * The CSP allows scripts from this origin only, plus the inline scripts of the built client's
 * index.html by their hash: exactly those (today the join link's camera preview, client/join-boot.js,
 * which runs before any file could be fetched), never any other inline script. Hashed from the file
 * actually served, so a rebuilt client cannot drift from the policy.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** `'sha256-…'` CSP sources for every inline `<script>` (no `src`) in `html`. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1] ?? '')) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2] ?? '', 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * The hashes for the client in `dist` (none when it is not built), as a function asked on every
 * response: the file is hashed again whenever it changes, so a client rebuilt under a running
 * server (development, a deploy that swaps dist in place) keeps its camera preview allowed. A stat
 * per response costs microseconds; the hash is only recomputed on a change.
 */
export function clientInlineScriptHashes(dist: string): () => string[] {
  const file = path.join(dist, 'index.html');
  let seen = '';
  let hashes: string[] = [];
  return () => {
    let version: string;
    try {
      const st = fs.statSync(file);
      version = `${st.mtimeMs} ${st.size} ${st.ino}`;
    } catch {
      version = 'missing';
    }
    if (version !== seen) {
      seen = version;
      try {
        hashes = inlineScriptHashes(fs.readFileSync(file, 'utf8'));
      } catch {
        hashes = [];
      }
    }
    return hashes;
  };
}
