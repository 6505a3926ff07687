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

/** The hashes for the client in `dist` (none when it is not built). */
export function clientInlineScriptHashes(dist: string): string[] {
  try {
    return inlineScriptHashes(fs.readFileSync(path.join(dist, 'index.html'), 'utf8'));
  } catch {
    return [];
  }
}
