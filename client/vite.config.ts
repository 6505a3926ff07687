import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // The manifest lets scripts/bundle-size.mjs say what each route downloads (bench/results/bundle.json).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, manifest: true },
});
