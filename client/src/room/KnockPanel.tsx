import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat';
import { useState, type FormEvent } from 'react';
import type { Knock, NotificationPayload } from '@mediation/shared';
import type { RoomSession } from './roomSession';
import { errorText } from '../i18n/errorText';

/** "Ask for the mediator" from a caucus; shows that the knock is waiting and the answer. */
export function KnockPanel({ session, myKnock, answer, mediatorPresent }: { session: RoomSession; myKnock: Knock | null; answer: NotificationPayload<'knock:answered'> | null; mediatorPresent: boolean }) {
  const { t } = useTranslation('room');
  const f = useFormat();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function knock(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await session.knock(message.trim());
    if (r.ok) setMessage('');
    else setError(errorText(r.error));
  }
  return (
    <section className="card stack knock-strip" aria-labelledby="knock-heading">
      <h2 id="knock-heading">{t('knock.heading')}</h2>
      {answer ? (
        <div className="banner banner-info" role="status" data-testid="knock-answer">
          {answer.reply ? t('knock.answeredReply', { name: answer.byName, reply: answer.reply }) : t('knock.answered', { name: answer.byName })}{' '}
          <button type="button" className="secondary" onClick={() => session.dismissKnockAnswer()}>
            {t('knock.ok')}
          </button>
        </div>
      ) : null}
      {myKnock ? (
        <p role="status" data-testid="knock-waiting">
          {t('knock.waiting', { time: f.time(myKnock.at) })}
        </p>
      ) : mediatorPresent ? (
        <p className="muted">{t('knock.present')}</p>
      ) : (
        <form onSubmit={knock} className="stack">
          <label className="field">
            <span>{t('knock.message')}</span>
            <input maxLength={300} value={message} onChange={(e) => setMessage(e.target.value)} />
          </label>
          <div>
            <button type="submit" data-testid="knock">
              {t('knock.knock')}
            </button>
          </div>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}
