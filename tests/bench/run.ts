/**
 * Runs benchmarks: `tsx bench/run.ts` runs every `*.bench.ts` here; `tsx bench/run.ts join move`
 * runs the named ones. Each benchmark writes bench/results/<name>.json itself (see stats.ts);
 * afterwards every result present is summarised in bench/results/SUMMARY.md.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RESULTS_DIR } from './stats.js';

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

function writeSummary(): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const rows = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as Record<string, unknown>);
  const skip = new Set(['name', 'unit', 'runs', 'median', 'p95', 'min', 'max', 'env', 'samples']);
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench`. Medians and p95s over several runs; machines are shared and noisy.',
    '',
    '| benchmark | unit | runs | median | p95 | min | max | other | measured at |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const other = Object.entries(r)
        .filter(([k]) => !skip.has(k))
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join('; ');
      const env = r.env as { date?: string } | undefined;
      return `| ${String(r.name)} | ${String(r.unit)} | ${String(r.runs)} | ${String(r.median)} | ${String(r.p95)} | ${String(r.min)} | ${String(r.max)} | ${other} | ${env?.date ?? ''} |`;
    }),
    '',
    // Plots of latency against load (tests/bench/plot.ts), for the benchmarks that draw one.
    ...readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.svg')).sort().map((f) => `![${f.replace(/\.svg$/, '')}](${f})`),
    '',
  ];
  writeFileSync(path.join(RESULTS_DIR, 'SUMMARY.md'), lines.join('\n'));
  console.log(`\n[bench] summary → ${path.join(RESULTS_DIR, 'SUMMARY.md')}`);
}
