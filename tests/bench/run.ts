/**
 * Runs benchmarks: `tsx bench/run.ts` runs every `*.bench.ts` here; `tsx bench/run.ts join move`
 * runs the named ones. Each benchmark writes bench/results/<name>.json itself (see stats.ts);
 * afterwards every result present is summarised in bench/results/SUMMARY.md.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSummary } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();

const requested = process.argv.slice(2).filter((a) => a !== '--');
const unknown = requested.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}
const selected = requested.length > 0 ? requested : available;

let failed = 0;
for (const name of selected) {
  console.log(`\n[bench] ── ${name} ──`);
  const started = Date.now();
  try {
    const mod = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as { default: () => Promise<void> };
    await mod.default();
    console.log(`[bench] ${name} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    failed++;
    console.error(`[bench] ${name} FAILED:`, err);
  }
}

writeSummary();
process.exit(failed > 0 ? 1 : 0);
