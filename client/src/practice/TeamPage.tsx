/** The practice's mediators; the owner invites co-mediators by email. */
import { useEffect, useState, type FormEvent } from 'react';
import type { MediatorAccount } from '@mediation/shared';
import { practiceApi } from './practiceApi';

export function TeamPage({ me }: { me: MediatorAccount }) {
  const [mediators, setMediators] = useState<MediatorAccount[]>([]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'notice'; text: string } | null>(null);
  const load = () => void practiceApi.mediators().then((r) => r.ok && setMediators(r.data.mediators));
  useEffect(load, []);

  async function invite(e: FormEvent) {
    e.preventDefault();
    const r = await practiceApi.inviteMediator({ name, email });
    if (!r.ok) return setMessage({ kind: 'error', text: r.error.message });
    setMessage({ kind: 'notice', text: `Invitation for ${r.data.mediator.name} is on its way (see the Outbox).` });
    setName('');
    setEmail('');
    load();
  }

  return (
    <>
      <h1>Team</h1>
      <ul className="card people-list" data-testid="mediators">
        {mediators.map((m) => (
          <li key={m.id}><strong>{m.name}</strong> <span className="muted">{m.email}</span> <span className="badge badge-neutral">{m.role === 'owner' ? 'Owner' : 'Mediator'}</span>{!m.active && <span className="badge badge-warn">Invited</span>}</li>
        ))}
      </ul>
      {me.role === 'owner' && (
        <form className="card stack" onSubmit={invite}>
          <h2>Invite a co-mediator</h2>
          <label className="field"><span>Name</span><input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label className="field"><span>Email</span><input required type="email" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
          {message && <p className={message.kind === 'error' ? 'error' : 'notice'} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}
          <div><button type="submit">Send invitation</button></div>
        </form>
      )}
    </>
  );
}
