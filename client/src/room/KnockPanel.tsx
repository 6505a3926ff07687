import { useState, type FormEvent } from 'react';
import type { Knock, NotificationPayload } from '@mediation/shared';
import type { RoomSession } from './roomSession';

/** "Ask for the mediator" from a caucus; shows that the knock is waiting and the answer. */
export function KnockPanel({ session, myKnock, answer, mediatorPresent }: { session: RoomSession; myKnock: Knock | null; answer: NotificationPayload<'knock:answered'> | null; mediatorPresent: boolean }) {
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function knock(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await session.knock(message.trim());
    if (r.ok) setMessage('');
    else setError(r.error.message);
  }
  return (
    <section className="card stack" aria-labelledby="knock-heading">
      <h2 id="knock-heading">Ask for the mediator</h2>
      {answer ? (
        <div className="banner banner-info" role="status" data-testid="knock-answer">
          {answer.byName} answered{answer.reply ? `: “${answer.reply}”` : ' and is on the way.'}{' '}
          <button type="button" className="secondary" onClick={() => session.dismissKnockAnswer()}>
            OK
          </button>
        </div>
      ) : null}
      {myKnock ? (
        <p role="status" data-testid="knock-waiting">
          You knocked at {new Date(myKnock.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}. The mediators have been told and will come or reply.
        </p>
      ) : mediatorPresent ? (
        <p className="muted">A mediator is here with you.</p>
      ) : (
        <form onSubmit={knock} className="stack">
          <label className="field">
            <span>Message for the mediator (optional)</span>
            <input maxLength={300} value={message} onChange={(e) => setMessage(e.target.value)} />
          </label>
          <div>
            <button type="submit" data-testid="knock">
              Knock: ask the mediator to come
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
