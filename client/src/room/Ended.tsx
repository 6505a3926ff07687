import { describeLinkError } from '../lib/linkErrors';
import { SessionEndedPage } from './SessionRecord';
import type { ConnectionState } from './state';

const CLOSED_TEXT: Record<string, { heading: string; detail: string }> = {
  replaced: { heading: 'You joined from another window', detail: 'This link was opened in another window or device, so this window was disconnected. Only one window per person can be in the room.' },
  removed: { heading: 'You were removed from the session', detail: 'The mediator removed you from this session.' },
  revoked: { heading: 'This link has been revoked', detail: 'The mediator has revoked (withdrawn) your link, so you were disconnected.' },
};

/** The page after the room closes for good: says why, in words. With the person's link, an ended
 * session shows its record page (what happened, and the signed agreement to download). */
export function Ended({ connection, token }: { connection: Extract<ConnectionState, { kind: 'closed' } | { kind: 'left' }>; token?: string }) {
  if (connection.kind === 'left') {
    return (
      <main className="page narrow">
        <section className="card stack" data-testid="left-page">
          <h1>You have left the session</h1>
          <p>You can come back with the same link while the session is open.</p>
          <button type="button" onClick={() => window.location.reload()}>
            Rejoin
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
          <h1>The session has ended</h1>
          <p>The mediator ended this session. Thank you for taking part.</p>
        </section>
      </main>
    );
  }
  const known = CLOSED_TEXT[connection.reason];
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
