/** Reading a kept chat message back: both backends store the message and its readers as JSON. */
import { chatMessageSchema } from '@mediation/shared';
import { z } from 'zod';
import type { StoredChatMessage } from './types.js';

const readersSchema = z.array(z.string());

/** The row as a kept message, or nothing if it does not parse (it is then left out, not guessed at). */
export function chatRow(message: string, readers: string): StoredChatMessage[] {
  try {
    const m = chatMessageSchema.safeParse(JSON.parse(message));
    const r = readersSchema.safeParse(JSON.parse(readers));
    return m.success && r.success ? [{ message: m.data, readers: r.data }] : [];
  } catch {
    return [];
  }
}
