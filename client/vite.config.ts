import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** public/join-boot.js is served under a fixed name (it must run before the app's modules, so
 * Vite does not bundle it): the page names it with its content hash, so a changed file is never
 * taken from a cache next to a newer app. */
function versionJoinBoot(): Plugin {
  const file = fileURLToPath(new URL('./public/join-boot.js', import.meta.url));
  return {
    name: 'version-join-boot',
    transformIndexHtml(html) {
      const v = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
      return html.replace('src="/join-boot.js"', `src="/join-boot.js?v=${v}"`);
    },
  };
}

export default defineConfig({
  plugins: [react(), versionJoinBoot()],
  // The manifest lets scripts/bundle-size.mjs say what each route downloads (bench/results/bundle.json).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, manifest: true },
});
