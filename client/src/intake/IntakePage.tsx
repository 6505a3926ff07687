/**
 * `/intake#t=<secret>`: one person's intake form, by link, no account. Built for a phone first
 * (one column, large targets). It saves as the person goes (a short pause after each change) and
 * opens where they left off; "Send to the mediator" marks it finished (it can still be changed).
 * Everything typed is shown as text; nothing here is seen by anyone but the person and the mediator.
 */
import { useEffect, useRef, useState } from 'react';
import {
  ACCOMMODATIONS, ACCOMMODATION_LABEL, INTAKE_DOCUMENT_MAX_BYTES, INTAKE_DOCUMENT_TYPES, JOINT_PREFERENCES, JOINT_PREFERENCE_LABEL,
  type IntakeAnswers, type IntakeForm,
} from '@mediation/shared';
import { parseInviteFragment } from '../lib/token';
import { intakeApi } from './intakeApi';
import './intake.css';

const SAVE_AFTER_MS = 700;
const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const timeOf = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

type YesNo = boolean | null;
function YesNoField({ legend, value, onChange, name }: { legend: string; value: YesNo; onChange: (v: YesNo) => void; name: string }) {
  return (
    <fieldset className="yes-no">
      <legend>{legend}</legend>
      <label><input type="radio" name={name} checked={value === true} onChange={() => onChange(true)} data-testid={`${name}-yes`} /> Yes</label>
      <label><input type="radio" name={name} checked={value === false} onChange={() => onChange(false)} data-testid={`${name}-no`} /> No</label>
    </fieldset>
  );
}

export function IntakePage() {
  const [secret] = useState(() => parseInviteFragment(window.location.hash));
  const [form, setForm] = useState<IntakeForm | null>(null);
  const [answers, setAnswers] = useState<IntakeAnswers | null>(null);
  const [error, setError] = useState<string | null>(secret ? null : 'This page needs the personal link from your email.');
  const [saved, setSaved] = useState<{ at: number; submittedAt: number | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef<IntakeAnswers | null>(null);

  useEffect(() => {
    if (!secret) return;
    void intakeApi.form(secret).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setForm(r.data);
      const a = r.data.answers;
      // A time zone the person has not chosen yet is their device's.
      const filled = { ...a, hardStop: { ...a.hardStop, timeZone: a.hardStop.timeZone || localZone() }, availability: { ...a.availability, timeZone: a.availability.timeZone || localZone() } };
      setAnswers(filled);
      latest.current = filled;
      if (r.data.updatedAt) setSaved({ at: r.data.updatedAt, submittedAt: r.data.submittedAt });
    });
  }, [secret]);

  const save = async (submit: boolean) => {
    if (!secret || !latest.current) return;
    setSaving(true);
    const r = await intakeApi.save(secret, { answers: latest.current, submit });
    setSaving(false);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setSaved({ at: r.data.updatedAt, submittedAt: r.data.submittedAt });
  };

  const update = (fn: (a: IntakeAnswers) => IntakeAnswers) => {
    setAnswers((prev) => {
      if (!prev) return prev;
      const next = fn(prev);
      latest.current = next;
      return next;
    });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(false), SAVE_AFTER_MS);
  };

  if (!form || !answers) {
    return <main className="page narrow intake-page">{error ? <p className="error" role="alert" data-testid="intake-error">{error}</p> : <p className="muted">Loading your form…</p>}</main>;
  }
  const a = answers;
  const set = <K extends keyof IntakeAnswers>(k: K, v: IntakeAnswers[K]) => update((x) => ({ ...x, [k]: v }));

  return (
    <main className="page narrow intake-page" data-testid="intake-page">
      <p className="muted small">{form.practiceName}</p>
      <h1>Before your mediation</h1>
      <p><strong data-testid="intake-person">{form.person.name}</strong>{form.person.side ? ` · ${form.person.side}` : ''}<br /><span className="muted">{form.caseTitle}</span></p>
      <p className="notice">Your answers go to the mediator only. They are saved as you type, so you can stop and come back with the same link until {new Date(form.expiresAt).toLocaleDateString()}.</p>

      <section className="card stack">
        <h2>Deciding</h2>
        <fieldset className="yes-no">
          <legend>Can you agree to a settlement yourself?</legend>
          {(['yes', 'no', 'unsure'] as const).map((v) => (
            <label key={v}><input type="radio" name="canSettle" checked={a.authority.canSettle === v} onChange={() => set('authority', { ...a.authority, canSettle: v })} data-testid={`canSettle-${v}`} /> {v === 'yes' ? 'Yes' : v === 'no' ? 'No' : 'Not sure'}</label>
          ))}
        </fieldset>
        {a.authority.canSettle !== 'yes' && a.authority.canSettle !== null && (
          <>
            <label className="stack">Who else decides?<input value={a.authority.decisionMaker} maxLength={200} onChange={(e) => set('authority', { ...a.authority, decisionMaker: e.target.value })} data-testid="decisionMaker" /></label>
            <YesNoField legend="Will they attend the session?" name="deciderAttends" value={a.authority.deciderAttends} onChange={(v) => set('authority', { ...a.authority, deciderAttends: v })} />
            {a.authority.deciderAttends === false && <label className="stack">How can they be reached during the session?<input value={a.authority.reachableHow} maxLength={500} onChange={(e) => set('authority', { ...a.authority, reachableHow: e.target.value })} data-testid="reachableHow" /></label>}
          </>
        )}
      </section>

      <section className="card stack">
        <h2>What would help you take part</h2>
        <fieldset className="checks">
          <legend>Accommodations</legend>
          {ACCOMMODATIONS.map((n) => (
            <label key={n}><input type="checkbox" checked={a.accommodations.needs.includes(n)} data-testid={`acc-${n}`}
              onChange={(e) => set('accommodations', { ...a.accommodations, needs: e.target.checked ? [...a.accommodations.needs, n] : a.accommodations.needs.filter((x) => x !== n) })} /> {ACCOMMODATION_LABEL[n]}</label>
          ))}
        </fieldset>
        <label className="stack">Anything else?<input value={a.accommodations.other} maxLength={500} onChange={(e) => set('accommodations', { ...a.accommodations, other: e.target.value })} data-testid="acc-other" /></label>
        <YesNoField legend="Do you need an interpreter?" name="interpreter" value={a.interpreter.needed} onChange={(v) => set('interpreter', { ...a.interpreter, needed: v })} />
        {a.interpreter.needed && <label className="stack">Which language?<input value={a.interpreter.language} maxLength={80} onChange={(e) => set('interpreter', { ...a.interpreter, language: e.target.value })} data-testid="language" /></label>}
      </section>

      <section className="card stack">
        <h2>How the session runs</h2>
        <fieldset className="yes-no">
          <legend>Would you rather start together, or stay in separate rooms?</legend>
          {JOINT_PREFERENCES.map((p) => (
            <label key={p}><input type="radio" name="joint" checked={a.joint.preference === p} onChange={() => set('joint', { ...a.joint, preference: p })} data-testid={`joint-${p}`} /> {JOINT_PREFERENCE_LABEL[p]}</label>
          ))}
        </fieldset>
        <label className="stack">Why? (only the mediator reads this)<textarea rows={3} maxLength={2000} value={a.joint.reason} onChange={(e) => set('joint', { ...a.joint, reason: e.target.value })} data-testid="joint-reason" /></label>
        <div className="row wrap">
          <label className="stack">Do you have to leave by a certain time?<input type="time" value={a.hardStop.time} onChange={(e) => set('hardStop', { ...a.hardStop, time: e.target.value })} data-testid="hardStop" /></label>
          <label className="stack">Time zone<input value={a.hardStop.timeZone} maxLength={64} onChange={(e) => set('hardStop', { ...a.hardStop, timeZone: e.target.value })} data-testid="hardStop-zone" /></label>
        </div>
      </section>

      <section className="card stack">
        <h2>When you can join</h2>
        <p className="muted small">Times are in {a.availability.timeZone || localZone()}.</p>
        {a.availability.slots.map((s, i) => (
          <div className="row wrap slot" key={i}>
            <input type="date" aria-label="Date" value={s.date} onChange={(e) => set('availability', { ...a.availability, slots: a.availability.slots.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)) })} data-testid={`slot-date-${i}`} />
            <input type="time" aria-label="From" value={s.from} onChange={(e) => set('availability', { ...a.availability, slots: a.availability.slots.map((x, j) => (j === i ? { ...x, from: e.target.value } : x)) })} data-testid={`slot-from-${i}`} />
            <input type="time" aria-label="To" value={s.to} onChange={(e) => set('availability', { ...a.availability, slots: a.availability.slots.map((x, j) => (j === i ? { ...x, to: e.target.value } : x)) })} data-testid={`slot-to-${i}`} />
            <button type="button" className="secondary" onClick={() => set('availability', { ...a.availability, slots: a.availability.slots.filter((_, j) => j !== i) })}>Remove</button>
          </div>
        ))}
        <div>
          <button type="button" className="secondary" data-testid="add-slot" disabled={a.availability.slots.length >= 30}
            onClick={() => set('availability', { ...a.availability, slots: [...a.availability.slots, { date: new Date().toISOString().slice(0, 10), from: '09:00', to: '12:00' }] })}>Add a time that suits you</button>
        </div>
      </section>

      {form.poll.length > 0 && (
        <section className="card stack" data-testid="poll">
          <h2>Which of these times suit you?</h2>
          {form.poll.map((o) => {
            const end = o.startsAt + o.durationMinutes * 60_000;
            // Runs past the time they said they must leave (compared on the clock of their own zone).
            const zone = a.hardStop.timeZone || localZone();
            let endLocal = '';
            try {
              endLocal = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(end));
            } catch {
              endLocal = '';
            }
            const past = !!a.hardStop.time && !!endLocal && endLocal > a.hardStop.time;
            return (
              <fieldset className="yes-no" key={o.id}>
                <legend>{new Date(o.startsAt).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })} ({o.durationMinutes / 60} h)</legend>
                <label><input type="radio" name={`poll-${o.id}`} checked={a.poll[o.id] === 'yes'} onChange={() => set('poll', { ...a.poll, [o.id]: 'yes' })} data-testid={`poll-yes-${o.id}`} /> Suits me</label>
                <label><input type="radio" name={`poll-${o.id}`} checked={a.poll[o.id] === 'no'} onChange={() => set('poll', { ...a.poll, [o.id]: 'no' })} data-testid={`poll-no-${o.id}`} /> Does not suit me</label>
                {past && <span className="warning small" data-testid="poll-past-hardstop">Ends after {a.hardStop.time}, when you said you must leave.</span>}
              </fieldset>
            );
          })}
        </section>
      )}

      <section className="card stack">
        <h2>For the mediator only</h2>
        <label className="stack">Your side of the story (position statement)<textarea rows={6} maxLength={20000} value={a.positionStatement} onChange={(e) => set('positionStatement', e.target.value)} data-testid="position" /></label>
        <label className="stack">What would a good outcome look like for you?<textarea rows={3} maxLength={4000} value={a.goodOutcome} onChange={(e) => set('goodOutcome', e.target.value)} data-testid="goodOutcome" /></label>
        <div className="stack">
          <span>Documents ({Object.values(INTAKE_DOCUMENT_TYPES).join(', ')}; up to {INTAKE_DOCUMENT_MAX_BYTES / 1024 / 1024} MB each)</span>
          <ul className="doc-list" data-testid="documents">
            {form.documents.map((d) => (
              <li key={d.id}>{d.name} <span className="muted small">({Math.ceil(d.size / 1024)} KB)</span>{' '}
                <button type="button" className="secondary" onClick={async () => {
                  const r = await intakeApi.removeDocument(secret!, d.id);
                  if (r.ok) setForm({ ...form, documents: form.documents.filter((x) => x.id !== d.id) });
                }}>Remove</button></li>
            ))}
          </ul>
          <input type="file" aria-label="Upload a document" data-testid="upload" accept={Object.keys(INTAKE_DOCUMENT_TYPES).join(',')} onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (file.size > INTAKE_DOCUMENT_MAX_BYTES) return setUploadError(`${file.name} is larger than ${INTAKE_DOCUMENT_MAX_BYTES / 1024 / 1024} MB.`);
            const r = await intakeApi.upload(secret!, file);
            if (!r.ok) return setUploadError(r.error.message);
            setUploadError(null);
            setForm({ ...form, documents: [...form.documents, r.data] });
          }} />
          {uploadError && <p className="error" role="alert" data-testid="upload-error">{uploadError}</p>}
        </div>
      </section>

      {form.questions.length > 0 && (
        <section className="card stack">
          <h2>The mediator's questions</h2>
          {form.questions.map((q) => (
            <label className="stack" key={q.id}>{q.text}<textarea rows={2} maxLength={4000} value={a.custom[q.id] ?? ''} onChange={(e) => set('custom', { ...a.custom, [q.id]: e.target.value })} data-testid={`custom-${q.id}`} /></label>
          ))}
        </section>
      )}

      {form.screening && (
        <section className="card stack" aria-labelledby="safety-heading">
          <h2 id="safety-heading">Your safety (private)</h2>
          <p className="muted small">Only the mediator sees these answers. They are never shown to the other side. If something worries you, the mediator can keep you in a separate room for the whole session.</p>
          {([['afraid', 'Are you afraid of anyone taking part?'], ['harmedOrThreatened', 'Has anyone taking part harmed or threatened you?'], ['canSpeakFreely', 'Do you feel free to say what you think in front of them?']] as const).map(([k, q]) => (
            <YesNoField key={k} legend={q} name={`screen-${k}`} value={a.screening?.[k] ?? null}
              onChange={(v) => set('screening', { afraid: null, harmedOrThreatened: null, canSpeakFreely: null, note: '', ...a.screening, [k]: v })} />
          ))}
          <label className="stack">Anything the mediator should know<textarea rows={2} maxLength={2000} value={a.screening?.note ?? ''} data-testid="screen-note"
            onChange={(e) => set('screening', { afraid: null, harmedOrThreatened: null, canSpeakFreely: null, ...a.screening, note: e.target.value })} /></label>
        </section>
      )}

      {error && <p className="error" role="alert" data-testid="intake-error">{error}</p>}
      <div className="intake-footer">
        <span className="muted small" data-testid="save-state" aria-live="polite">
          {saving ? 'Saving…' : saved ? (saved.submittedAt ? `Sent to the mediator · saved ${timeOf(saved.at)}` : `Saved ${timeOf(saved.at)}`) : 'Not saved yet'}
        </span>
        <button type="button" data-testid="intake-submit" onClick={() => {
          if (timer.current) clearTimeout(timer.current);
          void save(true);
        }}>{saved?.submittedAt ? 'Send again' : 'Send to the mediator'}</button>
      </div>
    </main>
  );
}
