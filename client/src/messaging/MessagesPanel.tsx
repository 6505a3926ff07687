/**
 * Secure messages between sessions (server/src/messaging): the threads this person may read
 * (joint, their side's with the mediator; mediators also every side and their notes), unread
 * counts, one thread at a time, and a box to write. Phone width first.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { MESSAGE_MAX_CHARS, threadListSchema, messageThreadViewSchema, type Result, type ThreadList, type MessageThreadView } from '@mediation/shared';
import { callJson } from './messagesApi';
import './messages.css';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function MessagesPanel({ sessionId, token }: { sessionId: string; token: string }) {
  const base = `/api/sessions/${encodeURIComponent(sessionId)}/messages`;
  const [threads, setThreads] = useState<ThreadList | null>(null);
  const [open, setOpen] = useState<MessageThreadView | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const loadThreads = useCallback(async () => {
    const r: Result<ThreadList> = await callJson('GET', base, token, threadListSchema);
    if (r.ok) setThreads(r.data);
  }, [base, token]);
  const openThread = useCallback(async (id: string) => {
    const r: Result<MessageThreadView> = await callJson('GET', `${base}/${id}`, token, messageThreadViewSchema);
    if (r.ok) setOpen(r.data);
    else setError(r.error.message);
    void loadThreads();
  }, [base, token, loadThreads]);
  useEffect(() => {
    void loadThreads();
  }, [loadThreads]);

  if (!threads) return null;
  async function send(e: FormEvent) {
    e.preventDefault();
    if (!open || !text.trim()) return;
    setError(null);
    const r = await callJson('POST', `${base}/${open.thread.id}`, token, null, { text });
    if (!r.ok) return setError(r.error.message);
    setText('');
    await openThread(open.thread.id);
  }

  return (
    <section className="card stack messages" data-testid="messages" aria-labelledby="messages-heading">
      <h2 id="messages-heading">Messages</h2>
      <p className="muted">Between sessions, write to the mediator here. Each conversation is read only by the people it names.</p>
      <div className="thread-tabs" role="tablist" aria-label="Conversations">
        {threads.threads.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={open?.thread.id === t.id} className={open?.thread.id === t.id ? '' : 'secondary'}
            data-testid={`thread-${t.id}`} onClick={() => void openThread(t.id)}>
            {t.label}{t.unread > 0 ? <span className="badge badge-warn" aria-label={`${t.unread} unread`}> {t.unread}</span> : null}
          </button>
        ))}
      </div>
      {open ? (
        <div className="stack" role="tabpanel" aria-label={open.thread.label}>
          <ol className="message-list" data-testid="message-list">
            {open.messages.length === 0 ? <li className="muted">No messages yet.</li> : null}
            {open.messages.map((m) => (
              <li key={m.id} className={m.mine ? 'mine' : ''}>
                <div className="meta muted">{m.mine ? 'You' : m.authorName} · {when(m.at)}</div>
                <div style={{ whiteSpace: 'pre-wrap' }}>{m.text}</div>
              </li>
            ))}
          </ol>
          <form className="stack" onSubmit={send} aria-label={`Write in ${open.thread.label}`}>
            <label className="field">
              <span>Your message</span>
              <textarea rows={3} maxLength={MESSAGE_MAX_CHARS} value={text} onChange={(e) => setText(e.target.value)} data-testid="message-text" />
            </label>
            <div><button type="submit" disabled={!text.trim()} data-testid="message-send">Send</button></div>
          </form>
        </div>
      ) : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
    </section>
  );
}
