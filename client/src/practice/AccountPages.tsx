/** Set-up (first visit), sign in, and a co-mediator's accepting their invitation. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PracticeStatus, Result } from '@mediation/shared';
import { errorText } from '../i18n/errorText';
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
    if (!r.ok) return setError(errorText(r.error));
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
  const { t } = useTranslation('practice');
  const [practiceName, setPracticeName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  return (
    <AccountForm title={t('account.setupTitle')} testId="setup-form" submit={t('account.setupSubmit')} onDone={onDone}
      intro={<p className="muted">{t('account.setupIntro')}</p>}
      onSubmit={() => practiceApi.setup({ practiceName, name, email, password })}>
      <Field label={t('account.practiceName')} name="practiceName" maxLength={120} value={practiceName} onChange={(e) => setPracticeName(e.target.value)} />
      <Field label={t('account.yourName')} name="name" maxLength={60} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      <Field label={t('account.email')} name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label={t('account.newPassword')} name="password" type="password" minLength={10} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
    </AccountForm>
  );
}

export function SignInPage({ onDone }: { onDone: (s: PracticeStatus) => void }) {
  const { t } = useTranslation('practice');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  return (
    <AccountForm title={t('account.signInTitle')} testId="sign-in-form" submit={t('account.signIn')} onDone={onDone}
      intro={<p className="muted">{t('account.signInIntro')}</p>}
      onSubmit={() => practiceApi.signIn({ email, password })}>
      <Field label={t('account.email')} name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label={t('account.password')} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
    </AccountForm>
  );
}

export function AcceptInvitePage({ onDone }: { onDone: (s: PracticeStatus) => void }) {
  const { t } = useTranslation('practice');
  // The invitation's secret is in the fragment, which never reaches the server's logs.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('t') ?? '');
  const [password, setPassword] = useState('');
  if (!token) return <main className="page narrow"><p className="error" role="alert">{t('account.incompleteLink')}</p></main>;
  return (
    <AccountForm title={t('account.acceptTitle')} testId="accept-form" submit={t('account.acceptSubmit')} onDone={onDone}
      intro={<p className="muted">{t('account.acceptIntro')}</p>}
      onSubmit={() => practiceApi.accept({ token, password })}>
      <Field label={t('account.newPassword')} name="password" type="password" minLength={10} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
    </AccountForm>
  );
}
