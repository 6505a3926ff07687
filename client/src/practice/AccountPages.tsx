/** Set-up (first visit), sign in, and a co-mediator's accepting their invitation. */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { PracticeStatus, Result } from '@mediation/shared';
import { practiceApi } from './practiceApi';

function AccountForm(props: { title: string; intro?: ReactNode; submit: string; testId: string; onSubmit: () => Promise<Result<PracticeStatus>>; onDone: (s: PracticeStatus) => void; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await props.onSubmit();
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    window.history.replaceState(null, '', '/practice');
    props.onDone(r.data);
  }
  return (
    <main className="page narrow account-page">
      <h1>{props.title}</h1>
      {props.intro}
      <form className="card stack" onSubmit={submit} data-testid={props.testId}>
        {props.children}
        {error && <p className="error" role="alert" data-testid="account-error">{error}</p>}
        <div><button type="submit" disabled={busy}>{props.submit}</button></div>
      </form>
    </main>
  );
}

const Field = ({ label, ...input }: { label: string } & React.InputHTMLAttributes<HTMLInputElement>) => (
  <label className="field"><span>{label}</span><input required {...input} /></label>
);

export function SetupPage({ onDone }: { onDone: (s: PracticeStatus) => void }) {
  const [practiceName, setPracticeName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  return (
    <AccountForm title="Set up your practice" testId="setup-form" submit="Create my account" onDone={onDone}
      intro={<p className="muted">This installation has no mediator yet. You become its owner; you can invite co-mediators afterwards. Parties and their advisers never need an account.</p>}
      onSubmit={() => practiceApi.setup({ practiceName, name, email, password })}>
      <Field label="Practice name" name="practiceName" maxLength={120} value={practiceName} onChange={(e) => setPracticeName(e.target.value)} />
      <Field label="Your name" name="name" maxLength={60} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password (at least 10 characters)" name="password" type="password" minLength={10} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
    </AccountForm>
  );
}

export function SignInPage({ onDone }: { onDone: (s: PracticeStatus) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  return (
    <AccountForm title="Sign in to your practice" testId="sign-in-form" submit="Sign in" onDone={onDone}
      intro={<p className="muted">For mediators. Joining a session? Open the personal link you were sent instead.</p>}
      onSubmit={() => practiceApi.signIn({ email, password })}>
      <Field label="Email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
    </AccountForm>
  );
}

export function AcceptInvitePage({ onDone }: { onDone: (s: PracticeStatus) => void }) {
  // The invitation's secret is in the fragment, which never reaches the server's logs.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('t') ?? '');
  const [password, setPassword] = useState('');
  if (!token) return <main className="page narrow"><p className="error" role="alert">This invitation link is incomplete. Open the link from the email again.</p></main>;
  return (
    <AccountForm title="Choose your password" testId="accept-form" submit="Save and sign in" onDone={onDone}
      intro={<p className="muted">You were invited to join a mediation practice as a co-mediator.</p>}
      onSubmit={() => practiceApi.accept({ token, password })}>
      <Field label="Password (at least 10 characters)" name="password" type="password" minLength={10} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
    </AccountForm>
  );
}
