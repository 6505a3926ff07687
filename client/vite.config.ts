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

/**
 * The app (src/start.tsx) is imported by main.tsx only after a join link's preview shows (see
 * join/boot.ts bootPreviewSettled). Its chunks are fetched from the start all the same, with
 * <link rel="prefetch">: into the cache, not compiled. modulepreload (fetch and compile at once)
 * was measured too: compiling ~1 MB of script while the camera opened delayed the preview's first
 * frame (548 against 409 ms median, static camera page 345) and started the app no earlier.
 */
function prefetchApp(): Plugin {
  return {
    name: 'prefetch-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const app = chunks.find((c) => c.facadeModuleId?.endsWith('/src/start.tsx'));
        if (!app) throw new Error('prefetch-app: no chunk for src/start.tsx');
        const files = new Set<string>();
        const visit = (file: string) => {
          const chunk = chunks.find((c) => c.fileName === file);
          if (!chunk || chunk.isEntry || files.has(file)) return;
          files.add(file);
          chunk.imports.forEach(visit);
        };
        visit(app.fileName);
        return [...files].map((file) => ({ tag: 'link', attrs: { rel: 'prefetch', as: 'script', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), inlineJoinBoot(), prefetchApp()],
  // The manifest lets scripts/bundle-size.mjs say what each route downloads (bench/results/bundle.json).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, manifest: true },
});
