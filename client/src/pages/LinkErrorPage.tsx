import type { AppError } from '@mediation/shared';
import { useTranslation } from 'react-i18next';
import { describeLinkError } from '../lib/linkErrors';

/** Shown instead of a blank screen when an invite link cannot be used; says exactly why. */
export function LinkErrorPage({ error }: { error: AppError | null }) {
  const { t } = useTranslation('errors');
  const info = describeLinkError(error);
  return (
    <main className="page narrow">
      <section className="card error-card" data-testid="link-error" data-reason={info.reason} role="alert">
        <h1>{info.heading}</h1>
        <p>{info.detail}</p>
        {error && error.code !== 'INTERNAL' ? (
          <details className="muted">
            <summary>{t('link.technical')}</summary>
            <p>
              {t('link.code', { message: error.message, code: error.code })}
            </p>
          </details>
        ) : null}
        {info.reason === 'network' ? (
          <button type="button" onClick={() => window.location.reload()}>
            {t('common:actions.retry')}
          </button>
        ) : null}
      </section>
    </main>
  );
}
