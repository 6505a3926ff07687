/**
 * In the waiting room: "Read and sign the agreement to mediate" until the person has signed the
 * text the session requires (parties and attorneys; the mediator cannot admit them before). The
 * signature is the typed name over the SHA-256 of exactly the text shown (sent back as `hash`).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat';
import type { AgreementToMediateStatus } from '@mediation/shared';
import { intakeApi } from './intakeApi';
import './intake.css';

export function AgreementToMediateGate({ token, sessionId, name }: { token: string; sessionId: string; name: string }) {
  const { t } = useTranslation('intake');
  const f = useFormat();
  const [status, setStatus] = useState<AgreementToMediateStatus | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    void intakeApi.agreementStatus(token, sessionId).then((r) => (r.ok ? setStatus(r.data) : undefined));
  }, [token, sessionId]);

  if (!status || !status.required || !status.mustSign) return null;
  if (status.signed) {
    return <p className="notice" data-testid="atm-signed">{t('atm.signed', { name: status.signed.typedName, date: f.dateTime(status.signed.at, { withZone: true }) })}</p>;
  }
  return (
    <section className="card stack atm-gate" data-testid="atm-gate" aria-labelledby="atm-heading" style={{ textAlign: 'left' }}>
      <h2 id="atm-heading" style={{ margin: 0 }}>{t('atm.heading')}</h2>
      <p className="muted">{t('atm.intro')}</p>
      {!open ? (
        <div><button type="button" onClick={() => setOpen(true)} data-testid="atm-read">{t('atm.read')}</button></div>
      ) : (
        <form className="stack" onSubmit={async (e) => {
          e.preventDefault();
          const r = await intakeApi.signAgreement(token, sessionId, typed, status.hash);
          if (!r.ok) return setError(r.error.message);
          setError(null);
          setStatus(r.data);
        }}>
          <h3 style={{ margin: 0 }}>{status.title} <span className="muted small">{t('atm.version', { version: status.version })}</span></h3>
          <div className="atm-text" data-testid="atm-text" tabIndex={0}>{status.text}</div>
          <label className="stack">{t('atm.typeName', { name })}
            <input value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={60} autoComplete="name" data-testid="atm-name" required />
          </label>
          {error && <p className="error" role="alert" data-testid="atm-error">{error}</p>}
          <div><button type="submit" data-testid="atm-sign" disabled={!typed.trim()}>{t('atm.sign')}</button></div>
        </form>
      )}
    </section>
  );
}
