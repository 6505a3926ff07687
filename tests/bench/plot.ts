/**
 * A tiny SVG line-plot writer for benchmark results (latency or loss against load), shared by the
 * benches so every plot looks alike. No dependency: a few hundred bytes of SVG per series.
 *
 *   writePlot('sfu', { title, xLabel, yLabel, series: [{ name: 'ours p95', points: [[1, 3.2], ...] }] })
 *
 * writes bench/results/sfu.svg. Optional `y2` draws series against a right-hand axis (say, packet
 * loss in % beside latency in ms); optional `limit` draws a dashed horizontal goal line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './stats.js';

export type Point = readonly [x: number, y: number];

export interface Series {
  name: string;
  points: readonly Point[];
  /** CSS colour; a default palette is used otherwise. */
  colour?: string;
  dashed?: boolean;
}

export interface Axis {
  label: string;
  series: readonly Series[];
  /** Forced bounds (otherwise 0 to the largest value, rounded up). */
  max?: number;
}

export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  /** Right-hand axis. */
  y2?: Axis;
  /** A dashed goal line on the left axis. */
  limit?: { y: number; label: string };
  width?: number;
  height?: number;
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1).replace(/\.0$/, '') : n.toFixed(2).replace(/\.?0+$/, ''));

/** A "nice" upper bound and tick step (1, 2 or 5 times a power of ten) for values up to `max`. */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

/** The SVG text of a plot. */
export function renderPlot(spec: PlotSpec): string {
  const W = spec.width ?? 720;
  const H = spec.height ?? 420;
  const m = { left: 64, right: spec.y2 ? 64 : 20, top: 40, bottom: 56 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const all = [...spec.series, ...(spec.y2?.series ?? [])];
  const xs = all.flatMap((s) => s.points.map((p) => p[0]));
  const xMin = xs.length ? Math.min(...xs) : 0;
  const xMaxRaw = xs.length ? Math.max(...xs) : 1;
  const xMax = xMaxRaw === xMin ? xMin + 1 : xMaxRaw;
  const yMaxRaw = Math.max(0, ...spec.series.flatMap((s) => s.points.map((p) => p[1])), spec.limit?.y ?? 0);
  const y = niceScale(yMaxRaw);
  const y2 = spec.y2 ? niceScale(spec.y2.max ?? Math.max(0, ...spec.y2.series.flatMap((s) => s.points.map((p) => p[1])))) : null;
  const sx = (v: number) => m.left + ((v - xMin) / (xMax - xMin)) * iw;
  const sy = (v: number, top = y.top) => m.top + ih - (v / top) * ih;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(spec.title)}</text>`);
  // Grid and left ticks.
  for (let v = 0; v <= y.top + y.step / 2; v += y.step) {
    const py = sy(v).toFixed(1);
    out.push(`<line x1="${m.left}" x2="${m.left + iw}" y1="${py}" y2="${py}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${m.left - 6}" y="${py}" dy="4" text-anchor="end">${fmt(v)}</text>`);
  }
  if (y2) {
    for (let v = 0; v <= y2.top + y2.step / 2; v += y2.step) out.push(`<text x="${m.left + iw + 6}" y="${sy(v, y2.top).toFixed(1)}" dy="4">${fmt(v)}</text>`);
  }
  // X ticks at the data's distinct x values (at most 12 labelled).
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const every = Math.max(1, Math.ceil(distinct.length / 12));
  distinct.forEach((v, i) => {
    if (i % every !== 0) return;
    out.push(`<text x="${sx(v).toFixed(1)}" y="${m.top + ih + 16}" text-anchor="middle">${fmt(v)}</text>`);
  });
  out.push(`<rect x="${m.left}" y="${m.top}" width="${iw}" height="${ih}" fill="none" stroke="#9ca3af"/>`);
  out.push(`<text x="${m.left + iw / 2}" y="${H - 14}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${m.top + ih / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  if (spec.y2) out.push(`<text transform="translate(${W - 12} ${m.top + ih / 2}) rotate(90)" text-anchor="middle">${esc(spec.y2.label)}</text>`);
  if (spec.limit) {
    const py = sy(spec.limit.y).toFixed(1);
    out.push(`<line x1="${m.left}" x2="${m.left + iw}" y1="${py}" y2="${py}" stroke="#6b7280" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${m.left + iw - 4}" y="${py}" dy="-4" text-anchor="end" fill="#6b7280">${esc(spec.limit.label)}</text>`);
  }
  const legend: Array<[string, string, boolean]> = [];
  const draw = (s: Series, i: number, top: number) => {
    const colour = s.colour ?? PALETTE[i % PALETTE.length]!;
    legend.push([s.name, colour, s.dashed ?? false]);
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    if (pts.length === 0) return;
    const d = pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1], top).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    for (const p of pts) out.push(`<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1], top).toFixed(1)}" r="3" fill="${colour}"/>`);
  };
  spec.series.forEach((s, i) => draw(s, i, y.top));
  spec.y2?.series.forEach((s, i) => draw(s, spec.series.length + i, y2!.top));
  legend.forEach(([name, colour, dashed], i) => {
    const lx = m.left + 10;
    const ly = m.top + 14 + i * 16;
    out.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    out.push(`<text x="${lx + 24}" y="${ly}">${esc(name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Writes bench/results/<name>.svg and returns its path. */
export function writePlot(name: string, spec: PlotSpec): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.svg`);
  writeFileSync(file, renderPlot(spec));
  console.log(`[bench] ${name} plot → ${file}`);
  return file;
}
