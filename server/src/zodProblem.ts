/** A zod failure in words, shared by the HTTP request parser (http/parse.ts) and the socket
 * dispatcher (signalling/connection.ts), so both answer BAD_REQUEST the same way. */
import type { z } from 'zod';

/**
 * What is wrong, for a person: a schema's own message when it wrote one for people (names,
 * identifiers: `custom` issues), else the caller's words for the field, else "field: problem".
 */
export function zodProblem(error: z.ZodError, fieldWords: Record<string, string> = {}, what = 'payload'): string {
  const first = error.issues[0];
  if (!first) return `Invalid ${what}.`;
  if (first.code === 'custom') return first.message;
  const field = first.path.at(-1);
  if (typeof field === 'string' && fieldWords[field]) return fieldWords[field];
  return `${first.path.join('.') || what}: ${first.message}`;
}
