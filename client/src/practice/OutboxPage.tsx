/** Every email the practice sent or kept; with no mail server, the outbox is where they are read and copied. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailView } from '@mediation/shared';
import { CopyButton } from '../components/CopyButton';
import { errorText } from '../i18n/errorText';
import { useFormat } from '../i18n/useFormat';
import { practiceApi } from './practiceApi';

export function OutboxPage({ smtp }: { smtp: boolean }) {
  const { t } = useTranslation('practice');
  const f = useFormat();
  const [emails, setEmails] = useState<EmailView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void practiceApi.outbox().then((r) => (r.ok ? setEmails(r.data.emails) : setError(errorText(r.error))));
  }, []);
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <p className="muted">{smtp ? t('outbox.smtp') : t('outbox.noSmtp')}</p>
      {error && <p className="error" role="alert">{error}</p>}
      {emails?.length === 0 && <p className="muted">{t('outbox.empty')}</p>}
      <ul className="outbox" data-testid="outbox">
        {emails?.map((e) => (
          <li key={e.id} className="card" data-testid="outbox-email">
            <div className="row wrap">
              <span className={`badge ${e.status === 'failed' ? 'badge-muted' : e.status === 'sent' ? 'badge-speaking' : 'badge-warn'}`}>{t('outbox.status', { context: e.status })}</span>
              <strong>{e.subject}</strong>
            </div>
            <div className="muted small">{t('outbox.to', { to: e.to })} · {f.dateTime(e.createdAt)}{e.hasCalendar ? ` · ${t('outbox.withCalendar')}` : ''}{e.caseId && <> · <a href={`/practice/cases/${e.caseId}`}>{t('outbox.case')}</a></>}</div>
            {e.error && <p className="error">{e.error}</p>}
            <pre className="email-text">{e.text}</pre>
            <CopyButton text={e.text} label={t('outbox.copyText')} />
          </li>
        ))}
      </ul>
    </>
  );
}
