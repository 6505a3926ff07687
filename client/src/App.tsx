import { LandingPage } from './pages/LandingPage';
import { JoinPage } from './pages/JoinPage';
import { PracticeApp } from './practice/PracticeApp';
import { CheckinPage, SurveyPage } from './followup/LinkPages';
import { DashboardPage } from './dashboard/DashboardPage';
import { IntakePage } from './intake/IntakePage';

/** The room's two routes plus the practice pages; the invite token lives in the fragment, so `/join` needs no server routing. */
export function App() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return <LandingPage />;
  if (path === '/join') return <JoinPage />;
  // Links from after-session emails (the key stays in the fragment): check-ins and surveys.
  if (path === '/checkin') return <CheckinPage />;
  if (path === '/survey') return <SurveyPage />;
  // The practice dashboard (signed-in mediators).
  if (path === '/dashboard') return <DashboardPage />;
  // A person's intake form, by the link in their email (no account).
  if (path === '/intake') return <IntakePage />;
  // The mediator's practice (accounts, cases, outbox): its own small router.
  if (path === '/practice' || path.startsWith('/practice/')) return <PracticeApp />;
  return (
    <main className="page narrow">
      <h1>Page not found</h1>
      <p>
        <a href="/">Start a new mediation session</a>
      </p>
    </main>
  );
}
