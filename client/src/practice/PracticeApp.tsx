/**
 * The mediator's practice pages under /practice: the first visit to a fresh install sets up the
 * owner's account; otherwise sign in; signed in, the home page is the list of cases by stage.
 */
import { useEffect, useState } from 'react';
import type { PracticeStatus } from '@mediation/shared';
import { practiceApi } from './practiceApi';
import { AcceptInvitePage, SetupPage, SignInPage } from './AccountPages';
import { CasesPage } from './CasesPage';
import { CasePage } from './CasePage';
import { OutboxPage } from './OutboxPage';
import { TeamPage } from './TeamPage';
import { IntakeView } from '../intake/IntakeView';
import './practice.css';

export function PracticeApp() {
  const path = window.location.pathname.replace(/\/+$/, '');
  const [status, setStatus] = useState<PracticeStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void practiceApi.status().then((r) => (r.ok ? setStatus(r.data) : setError(r.error.message)));
  }, []);

  if (error) return <main className="page narrow"><p className="error" role="alert">{error}</p></main>;
  if (!status) return <main className="page narrow"><p className="muted">Loading…</p></main>;
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
  else page = <p>Page not found. <a href="/practice">Back to your cases</a></p>;

  return (
    <div className="practice">
      <header className="practice-bar">
        <a href="/practice" className="practice-name">{status.practice.name}</a>
        <nav aria-label="Practice" className="practice-nav">
          <a href="/practice" aria-current={path === '/practice' ? 'page' : undefined}>Cases</a>
          <a href="/practice/outbox" aria-current={path === '/practice/outbox' ? 'page' : undefined}>Outbox</a>
          <a href="/practice/team" aria-current={path === '/practice/team' ? 'page' : undefined}>Team</a>
        </nav>
        <span className="practice-me">{status.me.name}</span>
        <button type="button" className="secondary" data-testid="sign-out" onClick={async () => {
          await practiceApi.signOut();
          window.location.assign('/practice');
        }}>Sign out</button>
      </header>
      <main className="page practice-main">{page}</main>
    </div>
  );
}
