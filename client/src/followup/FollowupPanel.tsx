/**
 * The closing panel (room tab "Follow-up"). The mediator builds the plan: action items (what,
 * owner: a person, a side or everyone, due date, optional clause), the discovery plan, and a firm
 * follow-up date and time that becomes a follow-up session in the case when the session ends.
 * Everyone else confirms the email the follow-up will use and sees the items that concern them
 * (the server filters; a side never receives the other side's items).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isMediatorRole, type ItemOwner, type PlanView, type RoomView, type SavePlanBody } from '@mediation/shared';
import { followupApi } from './followupApi';
import { FollowupBoardView } from './FollowupBoardView';
import { PlanList } from './PlanList';
import './followup.css';

interface DraftItem {
  id?: string;
  what: string;
  /** 'everyone', 'side:<side>' or 'person:<participantId>'. */
  owner: string;
  due: string;
  clause: string;
}

const ownerKey = (o: ItemOwner): string => (o.kind === 'everyone' ? 'everyone' : o.kind === 'side' ? `side:${o.side}` : `person:${o.participantId}`);
const ownerOf = (k: string): ItemOwner => (k.startsWith('side:') ? { kind: 'side', side: k.slice(5) } : k.startsWith('person:') ? { kind: 'person', participantId: k.slice(7) } : { kind: 'everyone' });
const pad = (n: number) => String(n).padStart(2, '0');
/** A `datetime-local` value in the browser's time zone. */
const localInput = (ms: number) => { const d = new Date(ms); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`; };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function FollowupPanel({ token, room }: { token: string; room: RoomView }) {
  const { t } = useTranslation('followup');
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void followupApi.plan(room.sessionId, token).then((r) => {
      if (cancelled) return;
      if (r.ok) setPlan(r.data);
      else setError(r.error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [room.sessionId, token]);

  if (!plan) return <section className="card" aria-busy={!error}>{error ? <p className="error" role="alert">{error}</p> : <p role="status">{t('panel.loading')}</p>}</section>;
  return isMediatorRole(room.self.role)
    ? <PlanEditor token={token} sessionId={room.sessionId} plan={plan} onSaved={setPlan} />
    : <PartyFollowup token={token} sessionId={room.sessionId} plan={plan} onChanged={setPlan} />;
}

function PartyFollowup({ token, sessionId, plan, onChanged }: { token: string; sessionId: string; plan: PlanView; onChanged(p: PlanView): void }) {
  const { t } = useTranslation('followup');
  const [email, setEmail] = useState(plan.me.email ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function confirm(e: FormEvent) {
    e.preventDefault();
    const r = await followupApi.confirmEmail(sessionId, token, email);
    if (r.ok) {
      onChanged(r.data);
      setMessage({ ok: true, text: t('panel.confirmed', { email: r.data.me.email }) });
    } else setMessage({ ok: false, text: r.error.message });
  }
  return (
    <section className="card stack" data-testid="followup-panel" aria-labelledby="followup-heading">
      <h2 id="followup-heading">{t('panel.heading')}</h2>
      {plan.byEmail ? <form className="stack" onSubmit={confirm} aria-label={t('panel.emailForm')}>
        <label className="field">
          <span>{t('panel.emailLabel')}</span>
          <input type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} data-testid="followup-email" autoComplete="email" />
        </label>
        <div className="row wrap">
          <button type="submit" data-testid="followup-email-confirm">{plan.me.confirmed ? t('panel.update') : t('panel.confirm')}</button>
          {plan.me.confirmed && !message ? <span className="muted">{t('panel.confirmedShort')}</span> : null}
        </div>
        {message ? <p className={message.ok ? 'muted' : 'error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p> : null}
      </form> : <p className="muted">{t('panel.noEmail')}</p>}
      <h3>{t('panel.concernsYou')}</h3>
      <PlanList plan={plan} />
    </section>
  );
}

function PlanEditor({ token, sessionId, plan, onSaved }: { token: string; sessionId: string; plan: PlanView; onSaved(p: PlanView): void }) {
  const { t } = useTranslation('followup');
  const [items, setItems] = useState<DraftItem[]>(() => plan.items.map((i) => ({ id: i.id, what: i.what, owner: ownerKey(i.owner), due: i.due, clause: i.clause })));
  const [discovery, setDiscovery] = useState(plan.discovery);
  const [when, setWhen] = useState(plan.followUp ? localInput(plan.followUp.startsAt) : '');
  const [duration, setDuration] = useState(plan.followUp?.durationMinutes ?? 60);
  const [purpose, setPurpose] = useState(plan.followUp?.purpose ?? '');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const sides = [...new Set(plan.people.map((p) => p.side).filter((s): s is string => s !== null))];
  const set = (n: number, patch: Partial<DraftItem>) => setItems((xs) => xs.map((x, i) => (i === n ? { ...x, ...patch } : x)));

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    const body: SavePlanBody = {
      items: items.map((i) => ({ ...(i.id ? { id: i.id } : {}), what: i.what, owner: ownerOf(i.owner), due: i.due, clause: i.clause })),
      discovery,
      followUp: when ? { startsAt: new Date(when).getTime(), durationMinutes: duration, purpose } : null,
    };
    const r = await followupApi.save(sessionId, token, body);
    setBusy(false);
    if (!r.ok) return setStatus({ ok: false, text: r.error.message });
    onSaved(r.data);
    setItems(r.data.items.map((i) => ({ id: i.id, what: i.what, owner: ownerKey(i.owner), due: i.due, clause: i.clause })));
    setStatus({ ok: true, text: t('panel.saved') });
  }

  return (
    <section className="card stack" data-testid="followup-panel" aria-labelledby="followup-heading">
      <h2 id="followup-heading">{t('panel.editorHeading')}</h2>
      <p className="muted">{t('panel.editorNote')}</p>
      <form className="stack" onSubmit={save} aria-label={t('panel.planForm')}>
        <h3>{t('panel.items')}</h3>
        {items.length === 0 ? <p className="muted">{t('panel.noItemsYet')}</p> : null}
        {items.map((item, n) => (
          <fieldset key={item.id ?? `new-${n}`} className="plan-item" aria-label={t('panel.itemLabel', { n: n + 1 })}>
            <div className="plan-item-grid">
              <label className="field"><span>{t('panel.what')}</span>
                <input required maxLength={300} value={item.what} onChange={(e) => set(n, { what: e.target.value })} data-testid={`followup-item-what-${n}`} />
              </label>
              <label className="field"><span>{t('panel.who')}</span>
                <select value={item.owner} onChange={(e) => set(n, { owner: e.target.value })} data-testid={`followup-item-owner-${n}`}>
                  <option value="everyone">{t('panel.everyone')}</option>
                  {sides.map((s) => <option key={s} value={`side:${s}`}>{t('panel.sideOption', { side: s })}</option>)}
                  {plan.people.map((p) => <option key={p.participantId} value={`person:${p.participantId}`}>{p.name}{p.side ? ` (${p.side})` : ''}</option>)}
                </select>
              </label>
              <label className="field"><span>{t('panel.due')}</span>
                <input type="date" required value={item.due} onChange={(e) => set(n, { due: e.target.value })} data-testid={`followup-item-due-${n}`} />
              </label>
              <label className="field"><span>{t('panel.clause')}</span>
                <input maxLength={120} value={item.clause} onChange={(e) => set(n, { clause: e.target.value })} placeholder={t('panel.clausePlaceholder')} data-testid={`followup-item-clause-${n}`} />
              </label>
            </div>
            <button type="button" className="secondary" onClick={() => setItems((xs) => xs.filter((_, i) => i !== n))}>{t('panel.remove')}</button>
          </fieldset>
        ))}
        <div>
          <button type="button" className="secondary" data-testid="followup-add-item" onClick={() => setItems((xs) => [...xs, { what: '', owner: 'everyone', due: inDays(14), clause: '' }])}>
            {t('panel.addItem')}
          </button>
        </div>
        <label className="field"><span>{t('panel.discovery')}</span>
          <textarea rows={3} maxLength={4000} value={discovery} onChange={(e) => setDiscovery(e.target.value)} data-testid="followup-discovery" />
        </label>
        <h3>{t('panel.followUpDate')}</h3>
        <div className="row wrap">
          <label className="field"><span>{t('panel.dateTime')}</span>
            <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} data-testid="followup-date" />
          </label>
          <label className="field"><span>{t('panel.length')}</span>
            <select value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
              {[30, 45, 60, 90, 120].map((m) => <option key={m} value={m}>{t('panel.minutes', { count: m })}</option>)}
            </select>
          </label>
        </div>
        <label className="field"><span>{t('panel.purpose')}</span>
          <input maxLength={500} value={purpose} onChange={(e) => setPurpose(e.target.value)} placeholder={t('panel.purposePlaceholder')} data-testid="followup-purpose" />
        </label>
        {status ? <p className={status.ok ? 'muted' : 'error'} role={status.ok ? 'status' : 'alert'} data-testid="followup-status">{status.text}</p> : null}
        <div><button type="submit" disabled={busy} data-testid="followup-save">{busy ? t('panel.saving') : t('panel.save')}</button></div>
      </form>
      <h3>{t('panel.whoGetsIt')}</h3>
      {plan.byEmail ? null : <p className="muted">{t('panel.notFromCase')}</p>}
      <ul data-testid="followup-people">
        {plan.people.map((p) => (
          <li key={p.participantId}>
            {p.name}{p.side ? ` (${p.side})` : ''}: {p.email ? <>{p.email} <span className="muted">{p.confirmed ? t('panel.confirmedMark') : t('panel.notConfirmedMark')}</span></> : <span className="muted">{t('panel.noEmailYet')}</span>}
          </li>
        ))}
      </ul>
      <FollowupBoardView token={token} sessionId={sessionId} refresh={plan.updatedAt} />
    </section>
  );
}
