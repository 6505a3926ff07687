/**
 * A Unicode TrueType font for PDF exports. pdfkit's built-in fonts (Helvetica) only cover
 * WinAnsi, so names like "Łukasz Żółć" or "José Müller-Čapek" came out garbled. DejaVu Sans
 * (free licence, Bitstream Vera terms) comes from the `dejavu-fonts-ttf` npm package, so a fresh
 * machine has it after `pnpm install` without any system package; Debian's fonts-dejavu-core is
 * only a fallback. pdfkit embeds just the glyphs used (subsetting), so files stay small.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const PDF_FONT = { regular: 'Body', bold: 'Body-Bold', italic: 'Body-Oblique', boldItalic: 'Body-BoldOblique' } as const;
type Style = keyof typeof PDF_FONT;

const FILES: Record<Style, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
};

function fontDirs(): string[] {
  const dirs: string[] = [];
  try {
    dirs.push(path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  } catch { /* not installed: fall back to the system's copy */ }
  dirs.push('/usr/share/fonts/truetype/dejavu');
  return dirs;
}

let cached: Record<Style, Buffer> | null = null;

/** The font files, read once (every export embeds from the same buffers). */
export function pdfFontData(): Record<Style, Buffer> {
  if (cached) return cached;
  for (const dir of fontDirs()) {
    if (!fs.existsSync(path.join(dir, FILES.regular))) continue;
    const read = (s: Style) => fs.readFileSync(fs.existsSync(path.join(dir, FILES[s])) ? path.join(dir, FILES[s]) : path.join(dir, FILES.regular));
    cached = { regular: read('regular'), bold: read('bold'), italic: read('italic'), boldItalic: read('boldItalic') };
    return cached;
  }
  throw new Error(`No Unicode font for PDF export: install the dejavu-fonts-ttf package (pnpm install) or Debian's fonts-dejavu-core (looked in ${fontDirs().join(', ')})`);
}

/** Registers the font family on a pdfkit document under the `PDF_FONT` names and selects it. */
export function useUnicodeFonts(doc: PDFKit.PDFDocument): void {
  const data = pdfFontData();
  for (const s of Object.keys(PDF_FONT) as Style[]) doc.registerFont(PDF_FONT[s], data[s]);
  doc.font(PDF_FONT.regular);
}
