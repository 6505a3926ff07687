import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { describeLinkError } from '../lib/linkErrors';
import { SessionEndedPage } from './SessionRecord';
import type { ConnectionState } from './state';

/** Why the room closed, in the person's language (errors:closed.*). */
function closedText(reason: string, t: TFunction<'room'>): { heading: string; detail: string } | undefined {
  switch (reason) {
    case 'replaced':
      return { heading: t('errors:closed.replaced.heading'), detail: t('errors:closed.replaced.detail') };
    case 'removed':
      return { heading: t('errors:closed.removed.heading'), detail: t('errors:closed.removed.detail') };
    case 'revoked':
      return { heading: t('errors:closed.revoked.heading'), detail: t('errors:closed.revoked.detail') };
    default:
      return undefined;
  }
}

/** The page after the room closes for good: says why, in words. With the person's link, an ended
 * session shows its record page (what happened, and the signed agreement to download). */
export function Ended({ connection, token }: { connection: Extract<ConnectionState, { kind: 'closed' } | { kind: 'left' }>; token?: string }) {
  const { t } = useTranslation('room');
  if (connection.kind === 'left') {
    return (
      <main className="page narrow">
        <section className="card stack" data-testid="left-page">
          <h1>{t('left.heading')}</h1>
          <p>{t('left.detail')}</p>
          <button type="button" onClick={() => window.location.reload()}>
            {t('left.rejoin')}
          </button>
        </section>
      </main>
    );
  }
  if (connection.reason === 'ended' || connection.reason === 'SESSION_ENDED') {
    if (token) return <SessionEndedPage token={token} />;
    // Said once: the server's own sentence ("The mediator ended this session.") is not repeated.
    return (
      <main className="page narrow">
        <section className="card stack" data-testid="session-closed" data-reason="ended" role="alert">
          <h1>{t('ended.heading')}</h1>
          <p>{t('ended.detail')}</p>
        </section>
      </main>
    );
  }
  const known = closedText(connection.reason, t);
  if (!known) {
    // Handshake or join refused: the link itself is the problem (expired, revoked, tampered...).
    const info = describeLinkError({ code: connection.reason as never, message: connection.message });
    return (
      <main className="page narrow">
        <section className="card error-card" data-testid="link-error" data-reason={info.reason} role="alert">
          <h1>{info.heading}</h1>
          <p>{info.detail}</p>
        </section>
      </main>
    );
  }
  return (
    <main className="page narrow">
      <section className="card stack" data-testid="session-closed" data-reason={connection.reason} role="alert">
        <h1>{known.heading}</h1>
        <p>{known.detail}</p>
        {connection.message && connection.message !== known.detail && connection.message !== known.heading ? <p className="muted">{connection.message}</p> : null}
      </section>
    </main>
  );
}
