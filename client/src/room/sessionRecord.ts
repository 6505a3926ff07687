/**
 * What the ended page says about the agreement, from the agreement's signing status: pure, so
 * the words are unit-tested. "Signed" is only ever said when every required signer has signed
 * the version still frozen (the server's `signing.state`).
 */
import type { AgreementState, Role } from '@mediation/shared';

export interface RecordText {
  /** One sentence on where the agreement stands. */
  summary: string;
  /** Names still missing, when signing was not finished. */
  detail: string | null;
  /** What to offer for download, or null when there is nothing to download. */
  download: { versionId: string; label: string } | null;
}

const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

export function describeRecord(state: Pick<AgreementState, 'signing' | 'empty'>): RecordText {
  const signing = state.signing;
  const v = signing?.version;
  if (!signing || signing.state === 'none' || !v) {
    if (state.empty) return { summary: 'No agreement was written in this session.', detail: null, download: null };
    return {
      summary: 'The agreement was not frozen for signature before the session ended, so nobody signed it.',
      detail: 'You can download the last draft. It is not signed.',
      download: { versionId: 'current', label: 'the last draft (not signed)' },
    };
  }
  if (signing.state === 'fully-signed') {
    return {
      summary: `The agreement was signed by everyone who had to sign it${signing.fullySignedAt ? `, on ${day(signing.fullySignedAt)}` : ''}.`,
      detail: null,
      download: { versionId: v.versionId, label: 'the signed agreement' },
    };
  }
  if (signing.state === 'awaiting') {
    return {
      summary: `The agreement (version ${v.number}) was frozen for signature, but not everyone signed it before the session ended.`,
      detail: signing.awaiting.length ? `Not signed by: ${signing.awaiting.join(', ')}.` : null,
      download: { versionId: v.versionId, label: `version ${v.number}, with who signed it` },
    };
  }
  return {
    summary: `The agreement (version ${v.number}) was frozen for signature and then opened for changes again, so its signatures no longer count.`,
    detail: 'You can download the last draft. It is not signed.',
    download: { versionId: 'current', label: 'the last draft (not signed)' },
  };
}

/** Why someone cannot download anything, in their terms. */
export function noRecordText(role: Role): string {
  return role === 'observer' || role === 'interpreter'
    ? 'Observers and interpreters do not keep a copy of the agreement. Ask the mediator if you need it.'
    : 'The agreement cannot be downloaded with this link any more. Ask the mediator for a copy.';
}
