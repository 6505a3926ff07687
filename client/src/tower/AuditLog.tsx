import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat';
import { useState } from 'react';
import type { AuditEntry, AuditNames, RoomView } from '@mediation/shared';
import { downloadAuditCsv } from '../api';
import type { RoomSession } from '../room/roomSession';
import { auditSentence } from './auditSentence';

/** The audit log (every admit, move, hold, broadcast…) in plain sentences, with the stored event
 * name and detail under "Technical details", and a CSV export. */
export function AuditLog({ session, sessionId, room }: { session: RoomSession; sessionId: string; room: RoomView }) {
  const { t } = useTranslation('tower');
  const f = useFormat();
  const names: AuditNames = {
    person: (id) => room.participants.find((p) => p.id === id)?.displayName,
    space: (id) => room.spaces.find((s) => s.id === id)?.name,
  };
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    const r = await session.request('control:auditLog', {});
    if (r.ok) {
      setEntries(r.data.entries);
      setError(null);
    } else setError(r.error.message);
  }

  async function exportCsv() {
    const r = await downloadAuditCsv(sessionId, session.tokenValue);
    if (!r.ok) return setError(r.error.message);
    const url = URL.createObjectURL(r.data);
    const a = document.createElement('a');
    a.href = url;
    a.download = `audit-${sessionId}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <section className="stack" aria-labelledby="audit-heading">
      <h3 id="audit-heading">{t('audit.heading')}</h3>
      <div className="row wrap">
        <button type="button" className="secondary" onClick={() => void load()} data-testid="audit-load">
          {entries ? t('audit.refresh') : t('audit.show')}
        </button>
        <button type="button" className="secondary" onClick={() => void exportCsv()} data-testid="audit-csv">
          {t('audit.csv')}
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {entries ? (
        <div className="audit" tabIndex={0} aria-label={t('audit.entries')}>
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
              </tr>
            </thead>
            <tbody>
              {[...entries].reverse().map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td>{f.time(e.at)}</td>
                  <td>{e.actorName}</td>
                  <td>
                    {auditSentence(e.action, e.detail, names)}
                    <details className="audit-technical">
                      <summary>{t('audit.technical')}</summary>
                      <code>
                        {e.action} {JSON.stringify(e.detail)}
                      </code>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
