/**
 * Secure messages between sessions (server/src/messaging): the threads this person may read
 * (joint, their side's with the mediator; mediators also every side and their notes), unread
 * counts, one thread at a time, and a box to write. Phone width first.
 */
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  MESSAGE_FILE_MAX_BYTES, MESSAGE_FILE_TYPES, MESSAGE_MAX_CHARS, messageFileUploadedSchema, startCallResponseSchema, threadListSchema, messageThreadViewSchema,
  type MessageFile, type Result, type ThreadList, type MessageThreadView,
} from '@mediation/shared';
import { callJson, downloadFile, uploadFile } from './messagesApi';
import './messages.css';
import { errorText } from '../i18n/errorText';

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`);
/** What the file picker offers; the server decides by the content, whatever the picker allowed. */
const ACCEPT = [...Object.keys(MESSAGE_FILE_TYPES), '.pdf', '.png', '.jpg', '.jpeg', '.docx', '.txt'].join(',');

const when = (ms: number) => formatDateTime(currentLanguage(), ms);

export function MessagesPanel({ sessionId, token }: { sessionId: string; token: string }) {
  const { t } = useTranslation('messaging');
  const base = `/api/sessions/${encodeURIComponent(sessionId)}/messages`;
  const [threads, setThreads] = useState<ThreadList | null>(null);
  const [open, setOpen] = useState<MessageThreadView | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  const loadThreads = useCallback(async () => {
    const r: Result<ThreadList> = await callJson('GET', base, token, threadListSchema);
    if (r.ok) setThreads(r.data);
  }, [base, token]);
  const openThread = useCallback(async (id: string) => {
    const r: Result<MessageThreadView> = await callJson('GET', `${base}/${id}`, token, messageThreadViewSchema);
    if (r.ok) setOpen(r.data);
    else setError(errorText(r.error));
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
    if (!r.ok) return setError(errorText(r.error));
    setText('');
    await openThread(open.thread.id);
  }

  async function attach(file: File) {
    if (!open) return;
    setError(null);
    // Said before sending 5 MB over a phone connection only to be refused.
    if (file.size > MESSAGE_FILE_MAX_BYTES) return setError(t('tooLarge', { size: size(MESSAGE_FILE_MAX_BYTES) }));
    setUploading(true);
    const r = await uploadFile(`${base}/${open.thread.id}/files`, token, file, messageFileUploadedSchema);
    setUploading(false);
    if (!r.ok) return setError(errorText(r.error));
    await openThread(open.thread.id);
  }

  async function startCall() {
    if (!open) return;
    setError(null);
    const r = await callJson('POST', `${base}/${open.thread.id}/call`, token, startCallResponseSchema, {});
    if (!r.ok) return setError(errorText(r.error));
    await openThread(open.thread.id);
  }

  async function download(f: MessageFile) {
    if (!open) return;
    const r = await downloadFile(`${base}/${open.thread.id}/files/${encodeURIComponent(f.id)}`, token, f.name);
    if (!r.ok) setError(errorText(r.error));
  }

  return (
    <section className="card stack messages" data-testid="messages" aria-labelledby="messages-heading">
      <h2 id="messages-heading">{t('heading')}</h2>
      <p className="muted">{t('intro')}</p>
      <div className="thread-tabs" role="tablist" aria-label={t('conversations')}>
        {threads.threads.map((th) => (
          <button key={th.id} type="button" role="tab" aria-selected={open?.thread.id === th.id} className={open?.thread.id === th.id ? '' : 'secondary'}
            data-testid={`thread-${th.id}`} onClick={() => void openThread(th.id)}>
            {th.label}{th.unread > 0 ? <span className="badge badge-warn" aria-label={t('unread', { count: th.unread })}> {th.unread}</span> : null}
          </button>
        ))}
      </div>
      {open ? (
        <div className="stack" role="tabpanel" aria-label={open.thread.label}>
          <ol className="message-list" data-testid="message-list">
            {open.messages.length === 0 ? <li className="muted">{t('none')}</li> : null}
            {open.messages.map((m) => (
              <li key={m.id} className={m.mine ? 'mine' : ''}>
                <div className="meta muted">{m.mine ? t('you') : m.authorName} · {when(m.at)}</div>
                {m.text ? <div style={{ whiteSpace: 'pre-wrap' }}>{m.text}</div> : null}
                {m.file ? (
                  <button type="button" className="link file-link" data-testid="message-file" onClick={() => void download(m.file!)}>
                    <span className="muted">{t('file')}</span> {m.file.name} <span className="muted">({size(m.file.size)})</span>
                  </button>
                ) : null}
                {m.call ? (
                  m.call.joinUrl
                    ? <a className="button join-call" href={m.call.joinUrl} target="_blank" rel="noopener noreferrer" data-testid="message-join-call">{t('joinCall')}</a>
                    : <span className="muted small">{m.call.ended ? t('callEnded') : t('notInvited')}</span>
                ) : null}
              </li>
            ))}
          </ol>
          <form className="stack" onSubmit={send} aria-label={t('writeIn', { thread: open.thread.label })}>
            <label className="field">
              <span>{t('yourMessage')}</span>
              <textarea rows={3} maxLength={MESSAGE_MAX_CHARS} value={text} onChange={(e) => setText(e.target.value)} data-testid="message-text" />
            </label>
            <div className="message-actions">
              <button type="submit" disabled={!text.trim()} data-testid="message-send">{t('send')}</button>
              <label className={`button secondary attach${uploading ? ' disabled' : ''}`}>
                {uploading ? t('attaching') : t('attach')}
                <input type="file" className="visually-hidden" accept={ACCEPT} disabled={uploading} data-testid="message-attach" aria-label={t('attachLabel')}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    e.target.value = '';
                    if (file) void attach(file);
                  }} />
              </label>
            </div>
            {open.canStartCall ? (
              <div>
                <button type="button" className="secondary" data-testid="message-start-call" onClick={() => void startCall()}>
                  {t('startCall')}
                </button>
              </div>
            ) : null}
            <p className="muted small">{t('files', { types: Object.values(MESSAGE_FILE_TYPES).join(', '), size: size(MESSAGE_FILE_MAX_BYTES) })}</p>
          </form>
        </div>
      ) : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
    </section>
  );
}
