/**
 * Live captions as this page holds them: the lines of the space it is in (from `caption:line`,
 * which the server sends only to that space), and whether the overlay is turned on. Nothing is
 * written anywhere: a reload starts empty (the server keeps captions only when the session says
 * so, and then `caption:history` brings back what this person was there for).
 */
import { useSyncExternalStore } from 'react';
import { captionLineSchema, type CaptionLine } from '@mediation/shared';
import { Store } from '../lib/store';

/** Lines kept on the page (the overlay shows the last few). */
const KEEP = 50;

export interface CaptionsState {
  lines: CaptionLine[];
  /** The overlay is on (anyone may turn it on; off by default). */
  shown: boolean;
}

const store = new Store<CaptionsState>({ lines: [], shown: false });

/** Adds lines (live or history), once each, in time order. Malformed payloads are dropped. */
export function publishCaption(payload: unknown): void {
  const r = captionLineSchema.safeParse(payload);
  if (r.success) addCaptions([r.data]);
}

export function addCaptions(lines: readonly CaptionLine[]): void {
  store.update((s) => {
    const known = new Set(s.lines.map((l) => l.id));
    const fresh = lines.filter((l) => !known.has(l.id));
    if (fresh.length === 0) return s;
    return { ...s, lines: [...s.lines, ...fresh].sort((a, b) => a.at - b.at).slice(-KEEP) };
  });
}

/** A move: the old space's lines are not this space's (and must not be shown in it). */
export function clearCaptions(): void {
  store.update((s) => (s.lines.length === 0 ? s : { ...s, lines: [] }));
}

export function setCaptionsShown(shown: boolean): void {
  store.update((s) => (s.shown === shown ? s : { ...s, shown }));
}

export const captionsNow = (): CaptionsState => store.get();

export function useCaptions(): CaptionsState {
  return useSyncExternalStore(store.subscribe, store.get);
}

/** The last `n` lines, for the overlay. */
export const lastLines = (lines: readonly CaptionLine[], n = 3): CaptionLine[] => lines.slice(-n);
