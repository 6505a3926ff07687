import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { can, ErrorCode, isMediatorRole, LIMITS, type ChatMessage, type ChatTarget, type RoomView } from '@mediation/shared';
import { audienceFor, listNames, spaceName, visibleThread } from './describe';
import type { RoomSession } from './roomSession';
import { errorText } from '../i18n/errorText';

type TargetKey = 'space' | 'mediators' | `p:${string}`;

const toTarget = (key: TargetKey): ChatTarget => (key === 'space' ? { kind: 'space' } : key === 'mediators' ? { kind: 'mediators' } : { kind: 'participant', participantId: key.slice(2) });

/** Chat for my current space plus private lines with the mediators. The composer always says
 * exactly who will read the message before it is sent. */
export function ChatPanel({ session, room, chat, typing }: { session: RoomSession; room: RoomView; chat: ChatMessage[]; typing: string[] }) {
  const { t } = useTranslation('room');
  const f = useFormat();
  const mediator = isMediatorRole(room.self.role);
  // Observers do not write in the space's chat; their one line is the private one to the mediators.
  const spaceChat = can(room.self.role, 'chat');
  const [targetKey, setTargetKey] = useState<TargetKey>(spaceChat ? 'space' : 'mediators');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const typingSent = useRef(0);
  const typingTimer = useRef<number | undefined>(undefined);
  const logRef = useRef<HTMLOListElement>(null);
  const audienceId = useId();
  const inputId = useId();

  // A private reply target may leave; fall back to the space rather than sending to no one.
  const target = toTarget(targetKey);
  const validTarget = target.kind !== 'participant' || room.participants.some((p) => p.id === target.participantId);
  const fallback: TargetKey = spaceChat ? 'space' : 'mediators';
  useEffect(() => {
    if (!validTarget) setTargetKey(fallback);
  }, [validTarget, fallback]);

  const audience = audienceFor(room, validTarget ? target : toTarget(fallback));
  const shown = useMemo(() => chat.filter((m) => mediator || visibleThread(room, m.thread)), [chat, room, mediator]);
  const names = new Map(room.participants.map((p) => [p.id, p.displayName]));
  const typers = typing.filter((id) => id !== room.self.id).map((id) => names.get(id) ?? t('chat.someone'));

  useEffect(() => {
    // Scroll the log itself, never the page (scrollIntoView would yank the mediator's view).
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [shown.length]);

  function stopTyping() {
    window.clearTimeout(typingTimer.current);
    if (typingSent.current) {
      typingSent.current = 0;
      void session.request('typing:set', { active: false });
    }
  }

  function onType(value: string) {
    setText(value);
    const now = Date.now();
    // "Typing…" goes to the whole space: an observer's private note to the mediators shows none.
    if (value && spaceChat && now - typingSent.current > 2500) {
      typingSent.current = now;
      void session.request('typing:set', { active: true });
    }
    window.clearTimeout(typingTimer.current);
    typingTimer.current = window.setTimeout(stopTyping, 3000);
  }

  async function send(e: FormEvent) {
    e.preventDefault();
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    setError(null);
    const to = validTarget ? target : toTarget(fallback);
    // The space the composer names ("To: Claimant caucus"): if a move crosses the message, the
    // server refuses it rather than deliver it to the space the sender was moved to.
    const r = await session.sendChat(to.kind === 'space' ? { kind: 'space', space: room.self.space } : to, body);
    setSending(false);
    if (r.ok) {
      setText('');
      stopTyping();
    } else if (to.kind === 'space' && r.error.code === ErrorCode.CONFLICT) {
      // Kept in the box (not cleared), to be read again against the new audience.
      setError(t('chat.movedNotSent'));
    } else setError(errorText(r.error));
  }

  const threadLabel = (thread: string) => {
    if (thread.startsWith('dm:')) {
      const pid = thread.slice(3);
      return pid === room.self.id ? t('chat.privateMine') : t('chat.privateOf', { name: names.get(pid) ?? t('chat.participant') });
    }
    return spaceName(room, thread);
  };

  const canChat = spaceChat || can(room.self.role, 'messageMediator');
  return (
    <section className="card stack chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{t('chat.heading')}</h2>
      <ol className="chat-log" ref={logRef} aria-live="polite" aria-label={t('chat.messages')}>
        {shown.length === 0 ? <li className="muted">{t('chat.none')}</li> : null}
        {shown.map((m) => (
          <li key={m.id} data-testid="chat-message" data-thread={m.thread} className={m.thread.startsWith('dm:') ? 'chat-private' : undefined}>
            <div className="muted" style={{ fontSize: '0.8rem' }}>
              <strong style={{ color: 'var(--text)' }}>{m.fromName}</strong> · {f.time(m.at)}
              {m.thread !== room.self.space ? ` · ${threadLabel(m.thread)}` : ''}
            </div>
            <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.text}</div>
          </li>
        ))}
      </ol>
      <p className="muted" aria-live="polite" style={{ minHeight: '1.2em', margin: 0, fontSize: '0.85rem' }}>
        {typers.length ? t(typers.length === 1 ? 'chat.typingOne' : 'chat.typingMany', { names: listNames(typers) }) : ''}
      </p>
      {canChat ? (
        <form onSubmit={send} className="stack">
          <label className="field">
            <span>{t('chat.sendTo')}</span>
            <select value={validTarget ? targetKey : fallback} onChange={(e) => setTargetKey(e.target.value as TargetKey)} data-testid="chat-target">
              {spaceChat ? <option value="space">{t('chat.everyoneIn', { space: spaceName(room, room.self.space) })}</option> : null}
              {!mediator ? <option value="mediators">{t('chat.mediatorsOnly')}</option> : null}
              {mediator
                ? room.participants
                    .filter((p) => p.id !== room.self.id && !isMediatorRole(p.role))
                    .map((p) => (
                      <option key={p.id} value={`p:${p.id}`}>
                        {t('chat.privatelyTo', { name: p.displayName })}
                      </option>
                    ))
                : null}
            </select>
          </label>
          <p id={audienceId} className="audience" data-testid="chat-audience" data-count={audience.count} style={{ margin: 0 }}>
            {audience.label}
            {audience.readers.length ? <span className="muted" style={{ fontWeight: 400 }}>{t('chat.readBy', { names: listNames(audience.readers) })}</span> : <span className="muted" style={{ fontWeight: 400 }}>{t('chat.noReader')}</span>}
          </p>
          <label htmlFor={inputId} className="sr-only">
            {t('chat.message')}
          </label>
          <textarea
            id={inputId}
            data-testid="chat-input"
            rows={2}
            maxLength={LIMITS.chatMaxChars}
            value={text}
            aria-describedby={audienceId}
            onChange={(e) => onType(e.target.value)}
            onBlur={stopTyping}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void send(e);
              }
            }}
            placeholder={t('chat.placeholder')}
          />
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          {!spaceChat ? <p className="muted" style={{ margin: 0 }}>{t('chat.observerNote')}</p> : null}
          <div>
            <button type="submit" data-testid="chat-send" disabled={!text.trim() || sending}>
              {t('chat.send')}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">{t('chat.observerRead')}</p>
      )}
    </section>
  );
}
