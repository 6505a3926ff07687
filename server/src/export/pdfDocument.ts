/** The start of every document PDF export: A4, the Unicode fonts, and the bytes once it ends. */
import PDFDocument from 'pdfkit';
import { useUnicodeFonts } from './fonts.js';

export interface PdfUnderway {
  doc: PDFKit.PDFDocument;
  /** The whole file, after `doc.end()`. */
  bytes: Promise<Buffer>;
}

export function startPdf(title: string): PdfUnderway {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Creator: 'Mediation room', Producer: 'Mediation room' } });
  // Names of people are in the text (parties, signatures): Helvetica cannot show most of them.
  useUnicodeFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
