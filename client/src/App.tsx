import { LandingPage } from './pages/LandingPage';
import { JoinPage } from './pages/JoinPage';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// Pages outside the room load on demand: a party opening their join link downloads only the join
// page and the room (the practice, intake, dashboard and after-session pages are a third of the code).
const PracticeApp = lazy(() => import('./practice/PracticeApp').then((m) => ({ default: m.PracticeApp })));
const CheckinPage = lazy(() => import('./followup/LinkPages').then((m) => ({ default: m.CheckinPage })));
const SurveyPage = lazy(() => import('./followup/LinkPages').then((m) => ({ default: m.SurveyPage })));
const DashboardPage = lazy(() => import('./dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const IntakePage = lazy(() => import('./intake/IntakePage').then((m) => ({ default: m.IntakePage })));

function Loading({ children }: { children: ReactNode }) {
  const { t } = useTranslation('common');
  return <Suspense fallback={<main className="page narrow"><p role="status">{t('loading')}</p></main>}>{children}</Suspense>;
}

/** The room's two routes plus the practice pages; the invite token lives in the fragment, so `/join` needs no server routing. */
export function App() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return <LandingPage />;
  if (path === '/join') return <JoinPage />;
  // Links from after-session emails (the key stays in the fragment): check-ins and surveys.
  if (path === '/checkin') return <Loading><CheckinPage /></Loading>;
  if (path === '/survey') return <Loading><SurveyPage /></Loading>;
  // The practice dashboard (signed-in mediators).
  if (path === '/dashboard') return <Loading><DashboardPage /></Loading>;
  // A person's intake form, by the link in their email (no account).
  if (path === '/intake') return <Loading><IntakePage /></Loading>;
  // The mediator's practice (accounts, cases, outbox): its own small router.
  if (path === '/practice' || path.startsWith('/practice/')) return <Loading><PracticeApp /></Loading>;
  return <NotFound />;
}

function NotFound() {
  const { t } = useTranslation('common');
  return (
    <main className="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/">{t('notFound.startNew')}</a>
      </p>
    </main>
  );
}
