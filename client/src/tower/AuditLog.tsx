import { useState } from 'react';
import { describeAudit, type AuditEntry, type AuditNames, type RoomView } from '@mediation/shared';
import { downloadAuditCsv } from '../api';
import type { RoomSession } from '../room/roomSession';

/** The audit log (every admit, move, hold, broadcast…) in plain sentences, with the stored event
 * name and detail under "Technical details", and a CSV export. */
export function AuditLog({ session, sessionId, room }: { session: RoomSession; sessionId: string; room: RoomView }) {
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
      <h3 id="audit-heading">Audit log</h3>
      <div className="row wrap">
        <button type="button" className="secondary" onClick={() => void load()} data-testid="audit-load">
          {entries ? 'Refresh log' : 'Show log'}
        </button>
        <button type="button" className="secondary" onClick={() => void exportCsv()} data-testid="audit-csv">
          Download CSV
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {entries ? (
        <div className="audit" tabIndex={0} aria-label="Audit entries">
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {[...entries].reverse().map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td>{new Date(e.at).toLocaleTimeString()}</td>
                  <td>{e.actorName}</td>
                  <td>
                    {describeAudit(e.action, e.detail, names)}
                    <details className="audit-technical">
                      <summary>Technical details</summary>
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
