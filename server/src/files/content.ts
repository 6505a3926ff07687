/**
 * Files people upload (intake documents, message attachments): the type is recognised from the
 * content (magic bytes), never taken from the browser's Content-Type or the file name, and a
 * download is always an attachment with `nosniff` and a sandboxing CSP, so nothing a person
 * uploads is ever rendered by another person's browser. Infrastructure, not a feature: any
 * feature that takes files uses it.
 */
import type { Request, Response } from 'express';
import { ErrorCode, FILE_NAME_HEADER, documentNameSchema } from '@mediation/shared';
import { sendError } from '../http/errors.js';

/** The types accepted anywhere a person uploads a file. */
export type RecognisedType =
  | 'application/pdf'
  | 'image/png'
  | 'image/jpeg'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'text/plain';

const startsWith = (b: Uint8Array, sig: number[]): boolean => sig.every((x, i) => b[i] === x);

/** The accepted type `data` is, or null. Plain text must be valid UTF-8 without NULs or markup. */
export function recogniseType(data: Uint8Array): RecognisedType | null {
  if (data.length === 0) return null;
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) {
    // A .docx is a zip whose entries include word/document.xml; other zips are refused.
    const head = Buffer.from(data.subarray(0, Math.min(data.length, 64 * 1024))).toString('latin1');
    return head.includes('word/') && head.includes('[Content_Types].xml') ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : null;
  }
  if (data.includes(0)) return null;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    // Markup is not "plain text": an .html renamed .txt is refused rather than stored.
    if (/<\s*(?:html|script|svg|iframe|body)\b/i.test(text)) return null;
    return 'text/plain';
  } catch {
    return null;
  }
}

/** Sends a stored file as a download: attachment, octet-stream, nosniff, a sandboxing CSP. */
export function sendAsDownload(res: Response, name: string, data: Uint8Array): void {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.set({
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'no-store',
  });
  res.send(Buffer.from(data));
}

/**
 * The name and bytes of a file sent as a raw body with its name, percent-encoded, in the
 * FILE_NAME_HEADER. Null once a BAD_REQUEST went out for a name that cannot be read or used; the
 * type is still to be recognised from the bytes.
 */
export function uploadedFile(req: Request, res: Response): { name: string; data: Uint8Array } | null {
  let rawName = req.get(FILE_NAME_HEADER) ?? '';
  try {
    rawName = decodeURIComponent(rawName);
  } catch {
    sendError(res, { code: ErrorCode.BAD_REQUEST, message: 'The file name could not be read.' });
    return null;
  }
  const name = documentNameSchema.safeParse(rawName);
  if (!name.success) {
    sendError(res, { code: ErrorCode.BAD_REQUEST, message: name.error.issues[0]?.message ?? 'The file name is not acceptable.' });
    return null;
  }
  return { name: name.data, data: Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array() };
}
