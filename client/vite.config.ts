import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * join-boot.js (the join link's camera preview, see that file) is put into index.html inline, in
 * place of `<script src="/join-boot.js">`: it must start the camera while the page is parsed, and
 * fetching it first cost 50-500 ms on a loaded machine. Its leading doc comment stays in the
 * source. The server allows exactly this inline script by its hash.
 */
function inlineJoinBoot(): Plugin {
  const file = fileURLToPath(new URL('./join-boot.js', import.meta.url));
  return {
    name: 'inline-join-boot',
    transformIndexHtml(html) {
      const code = readFileSync(file, 'utf8').replace(/^\/\*[\s\S]*?\*\/\s*/, '');
      if (code.includes('</script')) throw new Error('join-boot.js must not contain "</script"');
      return html.replace('<script src="/join-boot.js"></script>', () => `<script>\n${code}</script>`);
    },
  };
}

export default defineConfig({
  plugins: [react(), inlineJoinBoot()],
  // The manifest lets scripts/bundle-size.mjs say what each route downloads (bench/results/bundle.json).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, manifest: true },
});
