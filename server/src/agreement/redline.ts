/** Redline between two versions: the exact text inserted and deleted, word by word. */
import { diffWordsWithSpace } from 'diff';
import type { RedlinePart } from '@mediation/shared';

export function redline(before: string, after: string): RedlinePart[] {
  const parts: RedlinePart[] = [];
  for (const c of diffWordsWithSpace(before, after)) {
    const type = c.added ? 'insert' : c.removed ? 'delete' : 'equal';
    const last = parts[parts.length - 1];
    if (last?.type === type) last.text += c.value;
    else parts.push({ type, text: c.value });
  }
  return parts;
}

export const insertedText = (parts: RedlinePart[]): string[] => parts.filter((p) => p.type === 'insert').map((p) => p.text);
export const deletedText = (parts: RedlinePart[]): string[] => parts.filter((p) => p.type === 'delete').map((p) => p.text);
