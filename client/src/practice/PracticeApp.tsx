/**
 * The mediator's practice pages under /practice: the first visit to a fresh install sets up the
 * owner's account; otherwise sign in; signed in, the home page is the list of cases by stage.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PracticeStatus } from '@mediation/shared';
import { errorText } from '../i18n/errorText';
import { practiceApi } from './practiceApi';
import { AcceptInvitePage, SetupPage, SignInPage } from './AccountPages';
import { CasesPage } from './CasesPage';
import { CasePage } from './CasePage';
import { OutboxPage } from './OutboxPage';
import { TeamPage } from './TeamPage';
import { IntakeView } from '../intake/IntakeView';
import './practice.css';

export function PracticeApp() {
  const { t } = useTranslation('practice');
  const path = window.location.pathname.replace(/\/+$/, '');
  const [status, setStatus] = useState<PracticeStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void practiceApi.status().then((r) => (r.ok ? setStatus(r.data) : setError(errorText(r.error))));
  }, []);

  if (error) return <main className="page narrow"><p className="error" role="alert">{error}</p></main>;
  if (!status) return <main className="page narrow"><p className="muted">{t('common:loading')}</p></main>;
  if (path === '/practice/accept') return <AcceptInvitePage onDone={setStatus} />;
  if (status.needsSetup) return <SetupPage onDone={setStatus} />;
  if (!status.me || !status.practice) return <SignInPage onDone={setStatus} />;

  const caseMatch = /^\/practice\/cases\/([A-Za-z0-9_-]{6,64})$/.exec(path);
  const intakeMatch = /^\/practice\/cases\/([A-Za-z0-9_-]{6,64})\/intake$/.exec(path);
  let page;
  if (intakeMatch) page = <IntakeView caseId={intakeMatch[1]!} />;
  else if (caseMatch) page = <CasePage caseId={caseMatch[1]!} />;
  else if (path === '/practice/outbox') page = <OutboxPage smtp={status.smtp} />;
  else if (path === '/practice/team') page = <TeamPage me={status.me} />;
  else if (path === '/practice') page = <CasesPage />;
  else page = <p>{t('app.notFound')} <a href="/practice">{t('app.backToCases')}</a></p>;

  return (
    <div className="practice">
      <header className="practice-bar">
        <a href="/practice" className="practice-name">{status.practice.name}</a>
        <nav aria-label={t('app.nav')} className="practice-nav">
          <a href="/practice" aria-current={path === '/practice' ? 'page' : undefined}>{t('app.cases')}</a>
          <a href="/practice/outbox" aria-current={path === '/practice/outbox' ? 'page' : undefined}>{t('app.outbox')}</a>
          <a href="/practice/team" aria-current={path === '/practice/team' ? 'page' : undefined}>{t('app.team')}</a>
        </nav>
        <span className="practice-me">{status.me.name}</span>
        <button type="button" className="secondary" data-testid="sign-out" onClick={async () => {
          await practiceApi.signOut();
          window.location.assign('/practice');
        }}>{t('app.signOut')}</button>
      </header>
      <main className="page practice-main">{page}</main>
    </div>
  );
}
