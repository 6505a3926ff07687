/**
 * What the ended page says about the agreement, from the agreement's signing status: pure, so
 * the words are unit-tested. "Signed" is only ever said when every required signer has signed
 * the version still frozen (the server's `signing.state`).
 */
import type { AgreementState, Role } from '@mediation/shared';
import { currentLanguage, i18n } from '../i18n';
import { formatDate } from '../i18n/format';

export interface RecordText {
  /** One sentence on where the agreement stands. */
  summary: string;
  /** Names still missing, when signing was not finished. */
  detail: string | null;
  /** What to offer for download, or null when there is nothing to download. */
  download: { versionId: string; label: string } | null;
}

const day = (ms: number) => formatDate(currentLanguage(), ms);
const t = i18n.t;

export function describeRecord(state: Pick<AgreementState, 'signing' | 'empty'>): RecordText {
  const signing = state.signing;
  const v = signing?.version;
  if (!signing || signing.state === 'none' || !v) {
    if (state.empty) return { summary: t('room:record.noAgreement'), detail: null, download: null };
    return {
      summary: t('room:record.notFrozen'),
      detail: t('room:record.lastDraftNote'),
      download: { versionId: 'current', label: t('room:record.lastDraft') },
    };
  }
  if (signing.state === 'fully-signed') {
    return {
      summary: signing.fullySignedAt ? t('room:record.signedByAllOn', { date: day(signing.fullySignedAt) }) : t('room:record.signedByAll'),
      detail: null,
      download: { versionId: v.versionId, label: t('room:record.signedAgreement') },
    };
  }
  if (signing.state === 'awaiting') {
    return {
      summary: t('room:record.awaiting', { number: v.number }),
      detail: signing.awaiting.length ? t('room:record.notSignedBy', { names: signing.awaiting.join(', ') }) : null,
      download: { versionId: v.versionId, label: t('room:record.versionWithSigners', { number: v.number }) },
    };
  }
  return {
    summary: t('room:record.reopened', { number: v.number }),
    detail: t('room:record.lastDraftNote'),
    download: { versionId: 'current', label: t('room:record.lastDraft') },
  };
}

/** Why someone cannot download anything, in their terms. */
export function noRecordText(role: Role): string {
  return role === 'observer' || role === 'interpreter'
    ? t('room:record.noCopyObserver')
    : t('room:record.noCopy');
}
