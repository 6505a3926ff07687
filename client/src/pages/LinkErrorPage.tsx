import type { AppError } from '@mediation/shared';
import { describeLinkError } from '../lib/linkErrors';

/** Shown instead of a blank screen when an invite link cannot be used; says exactly why. */
export function LinkErrorPage({ error }: { error: AppError | null }) {
  const info = describeLinkError(error);
  return (
    <main className="page narrow">
      <section className="card error-card" data-testid="link-error" data-reason={info.reason} role="alert">
        <h1>{info.heading}</h1>
        <p>{info.detail}</p>
        {error && error.code !== 'INTERNAL' ? (
          <details className="muted">
            <summary>Technical details</summary>
            <p>
              {error.message} (code {error.code})
            </p>
          </details>
        ) : null}
        {info.reason === 'network' ? (
          <button type="button" onClick={() => window.location.reload()}>
            Try again
          </button>
        ) : null}
      </section>
    </main>
  );
}
