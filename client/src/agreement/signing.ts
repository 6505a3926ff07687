/**
 * Where signing stands, for the status line everyone sees. The server reports it (`signing` in
 * the agreement state); until every server has that field, it is derived from the signers the
 * state already lists (parties are the required signers, attorneys only when there are no
 * parties), so the page never claims "fully signed" on its own guess of something else.
 */
import type { AgreementState } from '@mediation/shared';
import { i18n } from '../i18n';

export type SigningStage = 'editing' | 'awaiting' | 'fully-signed' | 'void';

export interface SigningSummary {
  stage: SigningStage;
  /** Names of required signers who have not signed yet. */
  awaiting: string[];
  /** The sentence the status line shows and screen readers announce. */
  sentence: string;
}

interface ReportedSigning { state: 'none' | 'awaiting' | 'fully-signed' | 'void'; awaiting: string[] }

function reported(state: AgreementState): ReportedSigning | null {
  const s = (state as { signing?: unknown }).signing as Partial<ReportedSigning> | undefined;
  return s && typeof s.state === 'string' && Array.isArray(s.awaiting) ? (s as ReportedSigning) : null;
}

/** "Ana, Ben and Carla" / "Ana, Ben y Carla". */
const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${i18n.t('agreement:signing.and')} ${names[names.length - 1]}`);

export function signingSummary(state: AgreementState): SigningSummary {
  const frozen = state.frozen;
  const server = reported(state);
  let stage: SigningStage;
  let awaiting: string[];
  if (server) {
    stage = server.state === 'none' ? 'editing' : server.state === 'void' ? (frozen ? 'awaiting' : 'void') : server.state;
    awaiting = server.awaiting;
    if (!frozen && stage !== 'void') stage = 'editing';
  } else {
    const hasParties = state.signers.some((s) => s.role === 'party');
    const required = state.signers.filter((s) => s.required ?? (hasParties ? s.role === 'party' : s.role === 'attorney'));
    awaiting = required.filter((s) => !s.signed).map((s) => s.name);
    if (frozen) stage = required.length > 0 && awaiting.length === 0 ? 'fully-signed' : 'awaiting';
    else stage = state.signoffs.some((s) => s.voidedAt) ? 'void' : 'editing';
  }
  const n = frozen?.number;
  const t = i18n.t;
  const sentence = stage === 'fully-signed' ? t('agreement:signing.fully', { number: n })
    : stage === 'awaiting' ? (awaiting.length ? t('agreement:signing.waitingFor', { names: list(awaiting), number: n }) : t('agreement:signing.waiting', { number: n }))
    : stage === 'void' ? t('agreement:signing.void')
    : '';
  return { stage, awaiting, sentence };
}
