/**
 * Shared arithmetic and output for benchmarks. Machines here are shared and noisy, so every
 * benchmark reports medians and p95s over several runs, never a single timing.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/results');

export interface Summary {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile on a sorted copy; p in [0, 100]. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    runs: samples.length,
    median: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function benchEnv(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadavg: os.loadavg().map((l) => round(l)),
    date: new Date().toISOString(),
  };
}

export interface BenchInput {
  unit: string;
  samples: readonly number[];
  [extra: string]: unknown;
}

/** Writes bench/results/<name>.json as {name, unit, runs, median, p95, min, max, env, ...extra}. */
export function writeResult(name: string, input: BenchInput): string {
  const { unit, samples, ...extra } = input;
  const result = { name, unit, ...summarize(samples), ...extra, samples: samples.map((s) => round(s)), env: benchEnv() };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`[bench] ${name}: median ${result.median} ${unit}, p95 ${result.p95} ${unit} over ${result.runs} runs → ${file}`);
  return file;
}

/** Writes bench/results/SUMMARY.md from every result present (run.ts calls it after a run; it can
 * be called alone to refresh the summary after copying results in). */
export function writeSummary(): void {
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
