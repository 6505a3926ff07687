/**
 * Copying text where the async Clipboard API may be missing: it exists only in secure contexts
 * (https or localhost), so a mediator on a LAN address over plain http has no navigator.clipboard,
 * and some browsers refuse writeText without a fresh permission. The old select + execCommand('copy')
 * path still works there; when even that fails the caller asks the person to copy by hand.
 */
export type CopyOutcome = 'copied' | 'manual';

export interface CopyEnv {
  clipboard?: Pick<Clipboard, 'writeText'> | undefined;
  document: Pick<Document, 'createElement' | 'execCommand' | 'body' | 'activeElement'>;
}

const defaultEnv = (): CopyEnv => ({ clipboard: typeof navigator !== 'undefined' ? navigator.clipboard : undefined, document });

export async function copyText(text: string, env: CopyEnv = defaultEnv()): Promise<CopyOutcome> {
  if (env.clipboard?.writeText) {
    try {
      await env.clipboard.writeText(text);
      return 'copied';
    } catch {
      // Denied or not focused: fall through to the selection-based copy.
    }
  }
  return execCommandCopy(text, env.document) ? 'copied' : 'manual';
}

/** Copies through a temporary off-screen textarea; true when the browser says it copied. */
function execCommandCopy(text: string, doc: CopyEnv['document']): boolean {
  const previous = doc.activeElement as HTMLElement | null;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  // Off-screen rather than display:none, which cannot be selected; readonly keeps phone keyboards shut.
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  try {
    area.select();
    area.setSelectionRange(0, text.length);
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    doc.body.removeChild(area);
    previous?.focus?.();
  }
}
