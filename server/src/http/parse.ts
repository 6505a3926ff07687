/**
 * One request parser: a zod failure becomes the typed BAD_REQUEST every client expects, on HTTP
 * (`parseRequest`, which answers 400 itself) and on the socket (`zodProblem`, in ../zodProblem.ts,
 * for the ack).
 */
import type { Response } from 'express';
import type { z } from 'zod';
import { ErrorCode } from '@mediation/shared';
import { zodProblem } from '../zodProblem.js';
import { sendError } from './errors.js';

/** The parsed value, or undefined after answering 400 BAD_REQUEST with what is wrong. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, res: Response, fieldWords?: Record<string, string>): z.output<T> | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  sendError(res, { code: ErrorCode.BAD_REQUEST, message: forPeople(parsed.error, fieldWords) });
  return undefined;
}

/** HTTP answers are read by people (the client shows them): a schema's own words or the field's,
 * never "confirm: Invalid input: expected true". */
function forPeople(error: z.ZodError, fieldWords: Record<string, string> = {}): string {
  const first = error.issues[0];
  const field = first?.path.at(-1);
  if (first?.code === 'custom' || (typeof field === 'string' && fieldWords[field])) return zodProblem(error, fieldWords, 'body');
  if (!first || first.path.length === 0) return 'The request was not understood.';
  return `Something in the request was not as expected (${first.path.join('.')}).`;
}
