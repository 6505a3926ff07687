import { useId, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { LanguagePicker } from '../i18n/LanguagePicker';
import type { CreateSessionResponse, Role } from '@mediation/shared';
import { createSession } from '../api';
import { localInvitePath } from '../lib/token';
import { CopyButton } from '../components/CopyButton';
import { ValiditySelect } from '../components/ValiditySelect';
import { DEFAULT_VALIDITY_HOURS, describeValidity } from '../components/linkValidity';

type InviteRole = Exclude<Role, 'mediator' | 'captioner'>;
const INVITE_ROLES: InviteRole[] = ['party', 'attorney', 'observer', 'interpreter', 'comediator'];

interface InviteDraft {
  key: number;
  displayName: string;
  role: InviteRole;
  side: string;
}

let nextKey = 1;
const blankInvite = (side = ''): InviteDraft => ({ key: nextKey++, displayName: '', role: 'party', side });

/** Landing: the mediator creates a session and gets one invite link per person. */
export function LandingPage() {
  const { t } = useTranslation('join');
  const [title, setTitle] = useState('');
  const [name, setName] = useState('');
  const [waitingRoom, setWaitingRoom] = useState(true);
  const [linkHours, setLinkHours] = useState<number | null>(DEFAULT_VALIDITY_HOURS);
  const [invites, setInvites] = useState<InviteDraft[]>(() => [blankInvite(t('landing.claimant')), blankInvite(t('landing.respondent'))]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreateSessionResponse | null>(null);
  const sidesId = useId();

  const update = (key: number, patch: Partial<InviteDraft>) => setInvites((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    // Empty rows are ignored, so people can leave a spare row without an error.
    const filled = invites.filter((i) => i.displayName.trim());
    if (linkHours === null) return setError(t('landing.chooseValidity'));
    setBusy(true);
    const result = await createSession({
      title: title.trim(),
      mediatorName: name.trim(),
      settings: { waitingRoom },
      invites: filled.map((i) => ({ displayName: i.displayName.trim(), role: i.role, side: i.role === 'comediator' || !i.side.trim() ? null : i.side.trim() })),
      linkTtlHours: linkHours,
    });
    setBusy(false);
    if (result.ok) setCreated(result.data);
    else setError(result.error.message);
  }

  if (created) return <CreatedSession session={created} />;

  return (
    <main className="page narrow">
      <LanguagePicker />
      <h1>{t('landing.heading')}</h1>
      <p className="muted">{t('landing.noAccounts')}</p>
      <p className="muted"><Trans t={t} i18nKey="landing.practice" components={{ a: <a href="/practice" /> }} /></p>
      <form onSubmit={submit} className="card stack" aria-describedby={error ? 'create-error' : undefined}>
        <label className="field">
          <span>{t('landing.title')}</span>
          <input data-testid="session-title" required maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('landing.titlePlaceholder')} />
        </label>
        <label className="field">
          <span>{t('landing.yourName')}</span>
          <input data-testid="your-name" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </label>
        <label className="check">
          <input type="checkbox" checked={waitingRoom} onChange={(e) => setWaitingRoom(e.target.checked)} />
          <span>{t('landing.waitingRoom')}</span>
        </label>

        <fieldset className="stack">
          <legend>{t('landing.whoInvited')}</legend>
          <datalist id={sidesId}>
            <option value={t('landing.claimant')} />
            <option value={t('landing.respondent')} />
          </datalist>
          {invites.map((inv, index) => (
            <div className="invite-draft" key={inv.key} role="group" aria-label={t('landing.invitee', { n: index + 1 })}>
              <label className="field">
                <span>{t('landing.name')}</span>
                <input maxLength={60} value={inv.displayName} onChange={(e) => update(inv.key, { displayName: e.target.value })} data-testid="invitee-name" />
              </label>
              <label className="field">
                <span>{t('landing.role')}</span>
                <select value={inv.role} onChange={(e) => update(inv.key, { role: e.target.value as InviteRole })} data-testid="invitee-role">
                  {INVITE_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`common:roles.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('landing.side')}</span>
                <input maxLength={40} list={sidesId} value={inv.side} disabled={inv.role === 'comediator'} onChange={(e) => update(inv.key, { side: e.target.value })} data-testid="invitee-side" placeholder={t('landing.sidePlaceholder')} />
              </label>
              <button type="button" className="secondary" onClick={() => setInvites((l) => l.filter((i) => i.key !== inv.key))} aria-label={inv.displayName ? t('landing.removeInviteeNamed', { n: index + 1, name: inv.displayName }) : t('landing.removeInvitee', { n: index + 1 })}>
                {t('landing.remove')}
              </button>
            </div>
          ))}
          <div>
            <button type="button" className="secondary" onClick={() => setInvites((l) => [...l, blankInvite()])} data-testid="add-invitee">
              {t('landing.addPerson')}
            </button>
          </div>
        </fieldset>

        <div>
          <ValiditySelect onChange={setLinkHours} label={t('landing.linksValidFor')} testId="links-validity" />
          <p className="muted">{t('landing.newLinkLater')}</p>
        </div>

        {error ? (
          <p id="create-error" className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div>
          <button type="submit" data-testid="create-session" disabled={busy}>
            {busy ? t('landing.creating') : t('landing.create')}
          </button>
        </div>
      </form>
    </main>
  );
}


function CreatedSession({ session }: { session: CreateSessionResponse }) {
  const { t } = useTranslation('join');
  return (
    <main className="page narrow">
      <h1>{session.title}</h1>
      <section className="card stack" aria-labelledby="links-heading">
        <h2 id="links-heading">{t('landing.inviteLinks')}</h2>
        <p className="muted">{t('landing.sendPrivately')}</p>
        {session.invites.length === 0 ? <p>{t('landing.noOne')}</p> : null}
        <ul className="invite-list">
          {session.invites.map((inv) => (
            <li key={inv.participantId} data-testid="invite-row" className="invite-row">
              <div>
                <strong>{inv.displayName}</strong> <span className="muted">({t(`common:roles.${inv.role}`)}{inv.side ? `, ${inv.side}` : ''})</span>
              </div>
              <a data-testid="invite-link" data-role={inv.role} data-name={inv.displayName} data-side={inv.side ?? ''} href={inv.link} className="link-text" target="_blank" rel="noreferrer">
                {inv.link}
              </a>
              <CopyButton text={inv.link} label={t('landing.copyFor', { name: inv.displayName })} />
              <span className="muted" data-testid="invite-validity">{describeValidity(inv.expiresAt, Date.now()).text}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card stack" aria-labelledby="own-heading">
        <h2 id="own-heading">{t('landing.ownLink')}</h2>
        <a data-testid="mediator-link" href={session.mediator.link} className="link-text">
          {session.mediator.link}
        </a>
        <div className="row">
          <CopyButton text={session.mediator.link} label={t('landing.copyOwn')} />
          <button type="button" data-testid="enter-room" onClick={() => window.location.assign(localInvitePath(session.mediator.link))}>
            {t('landing.enter')}
          </button>
        </div>
        <p className="muted">{t('landing.keepLink', { validity: describeValidity(session.mediator.expiresAt, Date.now()).text })}</p>
      </section>
    </main>
  );
}
