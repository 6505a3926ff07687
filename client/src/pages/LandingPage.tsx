import { useId, useState, type FormEvent } from 'react';
import type { CreateSessionResponse, Role } from '@mediation/shared';
import { createSession } from '../api';
import { localInvitePath } from '../lib/token';
import { CopyButton } from '../components/CopyButton';
import { ValiditySelect } from '../components/ValiditySelect';
import { DEFAULT_VALIDITY_HOURS, describeValidity } from '../components/linkValidity';

type InviteRole = Exclude<Role, 'mediator'>;
const INVITE_ROLES: { value: InviteRole; label: string }[] = [
  { value: 'party', label: 'Party' },
  { value: 'attorney', label: 'Attorney / advisor' },
  { value: 'observer', label: 'Observer' },
  { value: 'interpreter', label: 'Interpreter' },
  { value: 'comediator', label: 'Co-mediator' },
];

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
  const [title, setTitle] = useState('');
  const [name, setName] = useState('');
  const [waitingRoom, setWaitingRoom] = useState(true);
  const [linkHours, setLinkHours] = useState<number | null>(DEFAULT_VALIDITY_HOURS);
  const [invites, setInvites] = useState<InviteDraft[]>(() => [blankInvite('Claimant'), blankInvite('Respondent')]);
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
    if (linkHours === null) return setError('Choose how long the links stay valid.');
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
      <h1>Start a mediation session</h1>
      <p className="muted">No accounts: each person gets a private link. You will be the mediator.</p>
      <p className="muted">Mediators with a practice account: <a href="/practice">sign in to your cases</a>.</p>
      <form onSubmit={submit} className="card stack" aria-describedby={error ? 'create-error' : undefined}>
        <label className="field">
          <span>Session title</span>
          <input data-testid="session-title" required maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Smith v. Jones, first session" />
        </label>
        <label className="field">
          <span>Your name</span>
          <input data-testid="your-name" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </label>
        <label className="check">
          <input type="checkbox" checked={waitingRoom} onChange={(e) => setWaitingRoom(e.target.checked)} />
          <span>Waiting room: people wait until you admit them</span>
        </label>

        <fieldset className="stack">
          <legend>Who is invited</legend>
          <datalist id={sidesId}>
            <option value="Claimant" />
            <option value="Respondent" />
          </datalist>
          {invites.map((inv, index) => (
            <div className="invite-draft" key={inv.key} role="group" aria-label={`Invitee ${index + 1}`}>
              <label className="field">
                <span>Name</span>
                <input maxLength={60} value={inv.displayName} onChange={(e) => update(inv.key, { displayName: e.target.value })} data-testid="invitee-name" />
              </label>
              <label className="field">
                <span>Role</span>
                <select value={inv.role} onChange={(e) => update(inv.key, { role: e.target.value as InviteRole })} data-testid="invitee-role">
                  {INVITE_ROLES.map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Side</span>
                <input maxLength={40} list={sidesId} value={inv.side} disabled={inv.role === 'comediator'} onChange={(e) => update(inv.key, { side: e.target.value })} data-testid="invitee-side" placeholder="Claimant, Respondent…" />
              </label>
              <button type="button" className="secondary" onClick={() => setInvites((l) => l.filter((i) => i.key !== inv.key))} aria-label={`Remove invitee ${index + 1}${inv.displayName ? ` (${inv.displayName})` : ''}`}>
                Remove
              </button>
            </div>
          ))}
          <div>
            <button type="button" className="secondary" onClick={() => setInvites((l) => [...l, blankInvite()])} data-testid="add-invitee">
              Add a person
            </button>
          </div>
        </fieldset>

        <div>
          <ValiditySelect onChange={setLinkHours} label="Links valid for" testId="links-validity" />
          <p className="muted">You can send anyone a new link later from the room.</p>
        </div>

        {error ? (
          <p id="create-error" className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div>
          <button type="submit" data-testid="create-session" disabled={busy}>
            {busy ? 'Creating…' : 'Create session and links'}
          </button>
        </div>
      </form>
    </main>
  );
}

const roleLabel = (role: Role) => (role === 'comediator' ? 'co-mediator' : role);

function CreatedSession({ session }: { session: CreateSessionResponse }) {
  return (
    <main className="page narrow">
      <h1>{session.title}</h1>
      <section className="card stack" aria-labelledby="links-heading">
        <h2 id="links-heading">Invite links</h2>
        <p className="muted">Send each person their own link. Anyone holding a link can join as that person, so send them privately.</p>
        {session.invites.length === 0 ? <p>No one invited yet. You can add people later from the room.</p> : null}
        <ul className="invite-list">
          {session.invites.map((inv) => (
            <li key={inv.participantId} data-testid="invite-row" className="invite-row">
              <div>
                <strong>{inv.displayName}</strong> <span className="muted">({roleLabel(inv.role)}{inv.side ? `, ${inv.side}` : ''})</span>
              </div>
              <a data-testid="invite-link" data-role={inv.role} data-name={inv.displayName} data-side={inv.side ?? ''} href={inv.link} className="link-text" target="_blank" rel="noreferrer">
                {inv.link}
              </a>
              <CopyButton text={inv.link} label={`Copy link for ${inv.displayName}`} />
              <span className="muted" data-testid="invite-validity">{describeValidity(inv.expiresAt, Date.now()).text}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card stack" aria-labelledby="own-heading">
        <h2 id="own-heading">Your own link (mediator)</h2>
        <a data-testid="mediator-link" href={session.mediator.link} className="link-text">
          {session.mediator.link}
        </a>
        <div className="row">
          <CopyButton text={session.mediator.link} label="Copy your own link" />
          <button type="button" data-testid="enter-room" onClick={() => window.location.assign(localInvitePath(session.mediator.link))}>
            Enter the room
          </button>
        </div>
        <p className="muted">Keep your link: it lets you come back to this session. {describeValidity(session.mediator.expiresAt, Date.now()).text}; you can also copy it again in the room, under “Links”.</p>
      </section>
    </main>
  );
}
