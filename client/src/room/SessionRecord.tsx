/**
 * The page of an ended session: says what happened, once, and offers what the person may still
 * take with them (the signed agreement as PDF and Word) while the practice keeps the record.
 * Shown when the mediator ends the session under someone's eyes, and when a link is opened
 * after the end.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat } from '../i18n/useFormat';
import { isMediatorRole, type AgreementState, type InviteInfo } from '@mediation/shared';
import { getInvite } from '../api';
import { AgreementApi } from '../agreement/agreementApi';
import { describeRecord, noRecordText } from './sessionRecord';
import { EndedFollowup } from '../followup/EndedFollowup';
import { errorText } from '../i18n/errorText';

type Loaded =
  | { kind: 'loading' }
  | { kind: 'ready'; info: InviteInfo; state: AgreementState }
  | { kind: 'no-agreement'; info: InviteInfo | null; message: string };

/** Mediators read "You ended" (one of them did); everyone else "The mediator ended". */
function endedSentence(info: InviteInfo, t: TFunction<'room'>, date: string): string {
  const you = isMediatorRole(info.role);
  if (info.title) return you ? t('record.endedYou', { title: info.title, date }) : t('record.endedMediator', { title: info.title, date });
  return you ? t('record.endedYouUntitled', { date }) : t('record.endedMediatorUntitled', { date });
}

export function SessionEndedPage({ token, info: given }: { token: string; info?: InviteInfo }) {
  const { t } = useTranslation('room');
  const f = useFormat();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const invite = given && given.phase !== 'live' ? { ok: true as const, data: given } : await getInvite(token);
      if (cancelled) return;
      if (!invite.ok) return setLoaded({ kind: 'no-agreement', info: null, message: errorText(invite.error) });
      const state = await new AgreementApi(invite.data.sessionId, token).state();
      if (cancelled) return;
      if (state.ok) setLoaded({ kind: 'ready', info: invite.data, state: state.data });
      else setLoaded({ kind: 'no-agreement', info: invite.data, message: state.error.code === 'FORBIDDEN' ? noRecordText(invite.data.role) : errorText(state.error) });
    })();
    return () => {
      cancelled = true;
    };
  }, [token, given]);

  const info = loaded.kind === 'loading' ? given ?? null : loaded.info;
  return (
    <main className="page narrow">
      <section className="card stack" data-testid="session-closed" data-reason="ended" aria-labelledby="ended-heading">
        <h1 id="ended-heading">{t('record.heading')}</h1>
        <p>
          {info?.endedAt ? endedSentence(info, t, f.dateTime(info.endedAt, { withZone: true })) : t('record.endedPlain')}
          {info && isMediatorRole(info.role) ? '' : t('record.thanks')}
        </p>
      </section>
      <section className="card stack" data-testid="ended-agreement" aria-labelledby="ended-agreement-heading" aria-busy={loaded.kind === 'loading'}>
        <h2 id="ended-agreement-heading">{t('record.agreementHeading')}</h2>
        {loaded.kind === 'loading' ? <p role="status">{t('record.lookingUp')}</p> : null}
        {loaded.kind === 'no-agreement' ? <p>{loaded.message}</p> : null}
        {loaded.kind === 'ready' ? <Downloads token={token} info={loaded.info} state={loaded.state} /> : null}
      </section>
      {info ? <EndedFollowup sessionId={info.sessionId} token={token} role={info.role} /> : null}
    </main>
  );
}

function Downloads({ token, info, state }: { token: string; info: InviteInfo; state: AgreementState }) {
  const { t } = useTranslation('room');
  const f = useFormat();
  const text = describeRecord(state);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'pdf' | 'docx' | null>(null);
  const signed = state.signing?.state === 'fully-signed';
  const download = async (format: 'pdf' | 'docx') => {
    if (!text.download) return;
    setBusy(format);
    setError(null);
    const r = await new AgreementApi(info.sessionId, token).download(text.download.versionId, format);
    setBusy(null);
    if (!r.ok) setError(errorText(r.error));
  };
  return (
    <>
      <p data-testid="ended-agreement-summary" data-state={state.signing?.state ?? 'none'}>{text.summary}</p>
      {text.detail ? <p>{text.detail}</p> : null}
      {text.download ? (
        <div className="row" style={{ flexWrap: "wrap" }} role="group" aria-label={t('record.downloadGroup', { what: text.download.label })}>
          <button type="button" data-testid={signed ? 'download-signed-pdf' : 'download-pdf'} disabled={busy !== null} onClick={() => void download('pdf')}>
            {busy === 'pdf' ? t('record.preparingPdf') : t('record.downloadPdf', { what: text.download.label })}
          </button>
          <button type="button" className="secondary" data-testid={signed ? 'download-signed-docx' : 'download-docx'} disabled={busy !== null} onClick={() => void download('docx')}>
            {busy === 'docx' ? t('record.preparingWord') : t('record.downloadWord', { what: text.download.label })}
          </button>
        </div>
      ) : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      {info.retainedUntil ? <p className="muted">{t('record.retained', { date: f.date(info.retainedUntil) })}</p> : null}
    </>
  );
}
