/** Every email the practice sent or kept; with no mail server, the outbox is where they are read and copied. */
import { useEffect, useState } from 'react';
import type { EmailView } from '@mediation/shared';
import { CopyButton } from '../components/CopyButton';
import { practiceApi } from './practiceApi';

const STATUS_LABEL: Record<EmailView['status'], string> = { sent: 'Sent', outbox: 'In the outbox', failed: 'Not sent' };

export function OutboxPage({ smtp }: { smtp: boolean }) {
  const [emails, setEmails] = useState<EmailView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void practiceApi.outbox().then((r) => (r.ok ? setEmails(r.data.emails) : setError(r.error.message)));
  }, []);
  return (
    <>
      <h1>Outbox</h1>
      <p className="muted">{smtp ? 'Emails go out through the mail server; every one is listed here.' : 'No mail server is set up (SMTP_URL), so emails stay here: copy the text or the links and send them yourself.'}</p>
      {error && <p className="error" role="alert">{error}</p>}
      {emails?.length === 0 && <p className="muted">No emails yet.</p>}
      <ul className="outbox" data-testid="outbox">
        {emails?.map((e) => (
          <li key={e.id} className="card" data-testid="outbox-email">
            <div className="row wrap">
              <span className={`badge ${e.status === 'failed' ? 'badge-muted' : e.status === 'sent' ? 'badge-speaking' : 'badge-warn'}`}>{STATUS_LABEL[e.status]}</span>
              <strong>{e.subject}</strong>
            </div>
            <div className="muted small">To {e.to} · {new Date(e.createdAt).toLocaleString()}{e.hasCalendar ? ' · with a calendar invite' : ''}{e.caseId && <> · <a href={`/practice/cases/${e.caseId}`}>case</a></>}</div>
            {e.error && <p className="error">{e.error}</p>}
            <pre className="email-text">{e.text}</pre>
            <CopyButton text={e.text} label="Copy the text" />
          </li>
        ))}
      </ul>
    </>
  );
}
