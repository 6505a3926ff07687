/** The practice's mediators; the owner invites co-mediators by email. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediatorAccount } from '@mediation/shared';
import { errorText } from '../i18n/errorText';
import { practiceApi } from './practiceApi';

export function TeamPage({ me }: { me: MediatorAccount }) {
  const { t } = useTranslation('practice');
  const [mediators, setMediators] = useState<MediatorAccount[]>([]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'notice'; text: string } | null>(null);
  const load = () => void practiceApi.mediators().then((r) => r.ok && setMediators(r.data.mediators));
  useEffect(load, []);

  async function invite(e: FormEvent) {
    e.preventDefault();
    const r = await practiceApi.inviteMediator({ name, email });
    if (!r.ok) return setMessage({ kind: 'error', text: errorText(r.error) });
    setMessage({ kind: 'notice', text: t('team.sent', { name: r.data.mediator.name }) });
    setName('');
    setEmail('');
    load();
  }

  return (
    <>
      <h1>{t('team.title')}</h1>
      <ul className="card people-list" data-testid="mediators">
        {mediators.map((m) => (
          <li key={m.id}><strong>{m.name}</strong> <span className="muted">{m.email}</span> <span className="badge badge-neutral">{m.role === 'owner' ? t('team.owner') : t('team.mediator')}</span>{!m.active && <span className="badge badge-warn">{t('team.invited')}</span>}</li>
        ))}
      </ul>
      {me.role === 'owner' && (
        <form className="card stack" onSubmit={invite}>
          <h2>{t('team.inviteHeading')}</h2>
          <label className="field"><span>{t('team.name')}</span><input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label className="field"><span>{t('team.email')}</span><input required type="email" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
          {message && <p className={message.kind === 'error' ? 'error' : 'notice'} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}
          <div><button type="submit">{t('team.send')}</button></div>
        </form>
      )}
    </>
  );
}
