import { LandingPage } from './pages/LandingPage';
import { JoinPage } from './pages/JoinPage';

/** Two routes only; the invite token lives in the fragment, so `/join` needs no server routing. */
export function App() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return <LandingPage />;
  if (path === '/join') return <JoinPage />;
  return (
    <main className="page narrow">
      <h1>Page not found</h1>
      <p>
        <a href="/">Start a new mediation session</a>
      </p>
    </main>
  );
}
