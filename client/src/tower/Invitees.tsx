import { useState, type FormEvent } from 'react';
import { LOBBY, type InviteLink, type Role, type RoomView, type SpaceId } from '@mediation/shared';
import { createInvite } from '../api';
import { CopyButton } from '../components/CopyButton';
import { ROLE_LABEL } from '../room/describe';
import type { RoomSession } from '../room/roomSession';
import type { Act } from './useAction';
import { notHereYet, towerSpaces } from './spaces';

/** People invited but not connected, with the space each goes to when admitted (planned). */
export function NotHereYet({ room, act }: { room: RoomView; act: Act }) {
  const absent = notHereYet(room);
  const targets = towerSpaces(room).filter((s) => s.id !== LOBBY);
  return (
    <section className="stack" aria-labelledby="absent-heading">
      <h3 id="absent-heading">Not here yet ({absent.length})</h3>
      {absent.length === 0 ? <p className="muted">Everyone invited is connected.</p> : null}
      <ul className="people">
        {absent.map((p) => (
          <li key={p.id} className="person" data-testid="absent-person" data-participant-id={p.id}>
            <span style={{ flex: 1 }}>
              <strong>{p.displayName}</strong>{' '}
              <span className="muted">
                {ROLE_LABEL[p.role]}
                {p.side ? `, ${p.side}` : ''}
              </span>
            </span>
            <select
              defaultValue=""
              aria-label={`When ${p.displayName} is admitted, place them in`}
              data-testid="plan-menu"
              data-participant-id={p.id}
              onChange={(e) => void act('control:planAssignment', { participantId: p.id, space: (e.target.value || null) as SpaceId | null }, `Planned a space for ${p.displayName}.`)}
            >
              <option value="">On admission: joint (default)</option>
              {targets.map((s) => (
                <option key={s.id} value={s.id}>
                  On admission: {s.name}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </section>
  );
}

const ROLES: Exclude<Role, 'mediator'>[] = ['party', 'attorney', 'observer', 'interpreter', 'comediator'];

/** Invite someone during the session; shows their link to copy. */
export function AddInvite({ room, session }: { room: RoomView; session: RoomSession }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Exclude<Role, 'mediator'>>('party');
  const [side, setSide] = useState('');
  const [created, setCreated] = useState<InviteLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await createInvite(room.sessionId, { displayName: name.trim(), role, side: role === 'comediator' || !side.trim() ? null : side.trim() }, session.tokenValue);
    if (r.ok) {
      setCreated(r.data);
      setName('');
    } else setError(r.error.message);
  }
  return (
    <form onSubmit={submit} className="stack" aria-label="Invite someone">
      <h3>Invite someone</h3>
      <div className="row wrap">
        <label className="field">
          <span>Name</span>
          <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} data-testid="add-invite-name" />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Exclude<Role, 'mediator'>)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Side</span>
          <input maxLength={40} value={side} onChange={(e) => setSide(e.target.value)} disabled={role === 'comediator'} />
        </label>
        <button type="submit" disabled={!name.trim()} data-testid="add-invite">
          Create link
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {created ? (
        <div className="row wrap" data-testid="added-invite">
          <span>
            Link for <strong>{created.displayName}</strong>:
          </span>
          <a className="link-text" href={created.link} data-testid="invite-link" data-role={created.role} data-name={created.displayName}>
            {created.link}
          </a>
          <CopyButton text={created.link} label={`Copy link for ${created.displayName}`} />
        </div>
      ) : null}
    </form>
  );
}
