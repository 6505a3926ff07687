import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { isFollowerRole, isMediatorRole, JOINT, LOBBY, type Binding, type InviteLink, type Role, type RoomView, type SpaceId } from '@mediation/shared';
import { createInvite, listInvites, reissueLink } from '../api';
import { CopyButton } from '../components/CopyButton';
import { ValiditySelect } from '../components/ValiditySelect';
import { i18n } from '../i18n';
import { errorText } from '../i18n/errorText';
import { DEFAULT_VALIDITY_HOURS, describeValidity } from '../components/linkValidity';
import { ROLE_LABEL } from '../room/describe';
import type { RoomSession } from '../room/roomSession';
import type { Act } from './useAction';
import { notHereYet, towerSpaces } from './spaces';

/** People invited but not connected, with the space each goes to when admitted (planned). */
export function NotHereYet({ room, act }: { room: RoomView; act: Act }) {
  const { t } = useTranslation('tower');
  const absent = notHereYet(room);
  const targets = towerSpaces(room).filter((s) => s.id !== LOBBY);
  return (
    <section className="stack" aria-labelledby="absent-heading">
      <h3 id="absent-heading">{t('absent.heading', { count: absent.length })}</h3>
      {absent.length === 0 ? <p className="muted">{t('absent.allHere')}</p> : null}
      <ul className="people">
        {absent.map((p) => (
          <li key={p.id} className="person" data-testid="absent-person" data-participant-id={p.id}>
            <span style={{ flex: 1 }}>
              <strong>{p.displayName}</strong>{' '}
              <span className="muted">
                {t('room:role', { context: p.role, defaultValue: ROLE_LABEL[p.role] })}
                {p.side ? `, ${p.side}` : ''}
              </span>
            </span>
            <select
              defaultValue=""
              aria-label={t('absent.placeIn', { name: p.displayName })}
              data-testid="plan-menu"
              data-participant-id={p.id}
              onChange={(e) => void act('control:planAssignment', { participantId: p.id, space: (e.target.value || null) as SpaceId | null }, t('absent.planned', { name: p.displayName }))}
            >
              <option value="">{t('absent.default')}</option>
              {targets.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('absent.onAdmission', { space: s.id === JOINT && s.name === 'Joint session' ? t('room:space.joint') : s.name })}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </section>
  );
}

const ROLES: Exclude<Role, 'mediator'>[] = ['party', 'attorney', 'observer', 'interpreter', 'captioner', 'comediator'];

/** Whom an interpreter or captioner can serve: each person who is not a mediator or a follower,
 * and each side. Values are `p:<id>` or `s:<side>`; empty means unbound (placed by hand). */
export function servable(room: RoomView): Array<{ value: string; label: string }> {
  const people = room.participants.filter((p) => !isMediatorRole(p.role) && !isFollowerRole(p.role));
  const sides = [...new Set(people.map((p) => p.side).filter((s): s is string => !!s))];
  return [
    ...people.map((p) => ({ value: `p:${p.id}`, label: `${p.displayName}${p.side ? ` (${p.side})` : ''}` })),
    ...sides.map((s) => ({ value: `s:${s}`, label: i18n.t('tower:invite.everyoneOf', { side: s }) })),
  ];
}
export const bindingOf = (value: string): Binding | undefined => (value.startsWith('p:') ? { participantId: value.slice(2) } : value.startsWith('s:') ? { side: value.slice(2) } : undefined);

/** Invite someone during the session; shows their link to copy. */
export function AddInvite({ room, session, onCreated }: { room: RoomView; session: RoomSession; onCreated?: () => void }) {
  const { t } = useTranslation('tower');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Exclude<Role, 'mediator'>>('party');
  const [side, setSide] = useState('');
  const [serves, setServes] = useState('');
  const [language, setLanguage] = useState('');
  const follower = isFollowerRole(role);
  const [hours, setHours] = useState<number | null>(DEFAULT_VALIDITY_HOURS);
  const [created, setCreated] = useState<InviteLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (hours === null) return setError(t('invite.chooseValidity'));
    const interpretsFor = follower ? bindingOf(serves) : undefined;
    const spec = {
      displayName: name.trim(), role, side: role === 'comediator' || interpretsFor || !side.trim() ? null : side.trim(), linkTtlHours: hours,
      // The server gives a bound interpreter the side they serve.
      ...(interpretsFor ? { interpretsFor } : {}),
      ...(follower && language.trim() ? { interpretationLanguage: language.trim() } : {}),
    };
    const r = await createInvite(room.sessionId, spec, session.tokenValue);
    if (r.ok) {
      setCreated(r.data);
      setName('');
      onCreated?.();
    } else setError(errorText(r.error));
  }
  return (
    <form onSubmit={submit} className="stack" aria-label={t('invite.label')}>
      <h3>{t('invite.label')}</h3>
      <div className="row wrap">
        <label className="field">
          <span>{t('invite.name')}</span>
          <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} data-testid="add-invite-name" />
        </label>
        <label className="field">
          <span>{t('invite.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Exclude<Role, 'mediator'>)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t('room:role', { context: r, defaultValue: ROLE_LABEL[r] })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('invite.side')}</span>
          <input maxLength={40} value={side} onChange={(e) => setSide(e.target.value)} disabled={role === 'comediator' || (follower && !!serves)} />
        </label>
        {follower ? (
          <>
            <label className="field">
              <span>{role === 'interpreter' ? t('invite.interpretsFor') : t('invite.captionsFor')}</span>
              <select value={serves} onChange={(e) => setServes(e.target.value)} data-testid="add-invite-serves">
                <option value="">{t('invite.nobody')}</option>
                {servable(room).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('invite.language')}</span>
              <input maxLength={40} value={language} onChange={(e) => setLanguage(e.target.value)} placeholder={t('invite.languagePlaceholder')} data-testid="add-invite-language" />
            </label>
          </>
        ) : null}
        <ValiditySelect onChange={setHours} testId="add-invite-validity" />
        <button type="submit" disabled={!name.trim() || hours === null} data-testid="add-invite">
          {t('invite.create')}
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
            <Trans t={t} i18nKey="invite.linkFor" values={{ name: created.displayName }} components={{ strong: <strong /> }} />
          </span>
          <a className="link-text" href={created.link} data-testid="invite-link" data-role={created.role} data-name={created.displayName}>
            {created.link}
          </a>
          <CopyButton text={created.link} label={t('invite.copyFor', { name: created.displayName })} />
          <span className="muted">{describeValidity(created.expiresAt, Date.now()).text}</span>
        </div>
      ) : null}
    </form>
  );
}

/** Every link of the session with its validity: copy any of them (your own too), and give someone
 * a new link when theirs is lost or about to run out (the old one stops working). */
export function InviteLinks({ room, session, version }: { room: RoomView; session: RoomSession; version: number }) {
  const { t } = useTranslation('tower');
  const [links, setLinks] = useState<InviteLink[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const known = room.participants.length;
  const load = useCallback(async () => {
    const r = await listInvites(room.sessionId, session.tokenValue);
    if (r.ok) {
      setLinks(r.data.invites);
      setError(null);
    } else setError(errorText(r.error));
    setNow(Date.now());
  }, [room.sessionId, session]);
  // Reload when someone is invited (here or by another mediator) and every few minutes, so
  // "expires in N hours" stays true.
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 5 * 60_000);
    return () => window.clearInterval(timer);
  }, [load, version, known]);

  const selfIsLead = room.self.role === 'mediator';
  const live = (links ?? []).filter((l) => !l.revoked);
  const sorted = [...live].sort((a, b) => Number(b.participantId === room.self.id) - Number(a.participantId === room.self.id) || a.displayName.localeCompare(b.displayName));
  return (
    <section className="stack" aria-labelledby="links-heading" data-testid="invite-links">
      <h3 id="links-heading">{t('links.heading')}</h3>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {links === null && !error ? <p className="muted">{t('links.loading')}</p> : null}
      <ul className="people">
        {sorted.map((l) => (
          <LinkRow
            key={l.participantId}
            link={l}
            now={now}
            isSelf={l.participantId === room.self.id}
            online={!!room.participants.find((p) => p.id === l.participantId)?.online}
            canReissue={l.participantId !== room.self.id && (selfIsLead || l.role !== 'mediator')}
            reissue={async (hours) => {
              const r = await reissueLink(room.sessionId, l.participantId, hours, session.tokenValue);
              if (r.ok) setLinks((list) => (list ?? []).map((x) => (x.participantId === l.participantId ? r.data : x)));
              setNow(Date.now());
              return r.ok ? { ok: true, link: r.data } : { ok: false, message: errorText(r.error) };
            }}
          />
        ))}
      </ul>
    </section>
  );
}

type ReissueOutcome = { ok: true; link: InviteLink } | { ok: false; message: string };

function LinkRow({ link, now, isSelf, online, canReissue, reissue }: { link: InviteLink; now: number; isSelf: boolean; online: boolean; canReissue: boolean; reissue: (hours: number) => Promise<ReissueOutcome> }) {
  const { t } = useTranslation('tower');
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState<number | null>(DEFAULT_VALIDITY_HOURS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fresh, setFresh] = useState(false);
  const validity = describeValidity(link.expiresAt, now);
  const name = isSelf ? t('links.self', { name: link.displayName }) : link.displayName;
  async function confirm() {
    if (hours === null) return;
    setBusy(true);
    const r = await reissue(hours);
    setBusy(false);
    if (r.ok) {
      setOpen(false);
      setFresh(true);
      setError(null);
    } else setError(r.message);
  }
  return (
    <li className="person link-row stack" data-testid="link-row" data-participant-id={link.participantId} data-validity={validity.state}>
      <div className="row wrap">
        <span className="person-name">
          <strong>{name}</strong>{' '}
          <span className="muted">
            {t('room:role', { context: link.role, defaultValue: ROLE_LABEL[link.role] })}
            {link.side ? `, ${link.side}` : ''}
          </span>
        </span>
        <span className={validity.state === 'valid' ? 'muted' : 'badge badge-warn'} data-testid="link-validity">
          {validity.state === 'valid' ? '' : '⚠ '}
          {validity.text}
        </span>
      </div>
      {fresh ? (
        <p className="banner banner-info" role="status" data-testid="link-replaced">
          {t('links.replaced', { name: link.displayName })}
        </p>
      ) : null}
      <div className="row wrap">
        <CopyButton text={link.link} label={isSelf ? t('links.copyOwn') : t('invite.copyFor', { name: link.displayName })} />
        <details className="link-details">
          <summary>{t('links.show')}</summary>
          <a className="link-text" href={link.link} data-testid="link-text">
            {link.link}
          </a>
        </details>
        {canReissue && !open ? (
          <button type="button" className="secondary" data-testid="reissue" onClick={() => setOpen(true)}>
            {t('links.reissue')}
          </button>
        ) : null}
      </div>
      {open ? (
        <div className="card stack reissue" role="group" aria-label={t('links.newFor', { name: link.displayName })}>
          <p>{online ? t('links.replacesOnline', { name: link.displayName }) : t('links.replaces', { name: link.displayName })}</p>
          <div className="row wrap">
            <ValiditySelect onChange={setHours} label={t('links.validFor')} testId="reissue-validity" />
            <button type="button" data-testid="confirm-reissue" disabled={busy || hours === null} onClick={() => void confirm()}>
              {t('links.replace')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('common:actions.cancel')}
            </button>
          </div>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
