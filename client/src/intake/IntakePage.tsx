/**
 * `/intake#t=<secret>`: one person's intake form, by link, no account. Built for a phone first
 * (one column, large targets). It saves as the person goes (a short pause after each change) and
 * opens where they left off; "Send to the mediator" marks it finished (it can still be changed).
 * Everything typed is shown as text; nothing here is seen by anyone but the person and the mediator.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, type Language } from '@mediation/shared';
import { chooseLanguage, suggestLanguage } from '../i18n';
import { useFormat } from '../i18n/useFormat';
import {
  ACCOMMODATIONS, INTAKE_DOCUMENT_MAX_BYTES, INTAKE_DOCUMENT_TYPES, JOINT_PREFERENCES,
  type IntakeAnswers, type IntakeForm,
} from '@mediation/shared';
import { parseInviteFragment } from '../lib/token';
import { intakeApi } from './intakeApi';
import './intake.css';

const SAVE_AFTER_MS = 700;
const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

type YesNo = boolean | null;
function YesNoField({ legend, value, onChange, name }: { legend: string; value: YesNo; onChange: (v: YesNo) => void; name: string }) {
  const { t } = useTranslation('intake');
  return (
    <fieldset className="yes-no">
      <legend>{legend}</legend>
      <label><input type="radio" name={name} checked={value === true} onChange={() => onChange(true)} data-testid={`${name}-yes`} /> {t('yes')}</label>
      <label><input type="radio" name={name} checked={value === false} onChange={() => onChange(false)} data-testid={`${name}-no`} /> {t('no')}</label>
    </fieldset>
  );
}

export function IntakePage() {
  const { t } = useTranslation('intake');
  const f = useFormat();
  const [secret] = useState(() => parseInviteFragment(window.location.hash));
  const [form, setForm] = useState<IntakeForm | null>(null);
  const [answers, setAnswers] = useState<IntakeAnswers | null>(null);
  const [error, setError] = useState<string | null>(secret ? null : t('needsLink'));
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
      // Their earlier answer is a suggestion for this browser (their own choice here still wins).
      void suggestLanguage(a.language);
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
    return <main className="page narrow intake-page">{error ? <p className="error" role="alert" data-testid="intake-error">{error}</p> : <p className="muted">{t('loading')}</p>}</main>;
  }
  const a = answers;
  const set = <K extends keyof IntakeAnswers>(k: K, v: IntakeAnswers[K]) => update((x) => ({ ...x, [k]: v }));

  return (
    <main className="page narrow intake-page" data-testid="intake-page">
      <p className="muted small">{form.practiceName}</p>
      <h1>{t('heading')}</h1>
      <p><strong data-testid="intake-person">{form.person.name}</strong>{form.person.side ? ` · ${form.person.side}` : ''}<br /><span className="muted">{form.caseTitle}</span></p>
      <p className="notice">{t('notice', { date: f.date(form.expiresAt) })}</p>

      <section className="card stack" aria-labelledby="intake-language-heading">
        <h2 id="intake-language-heading">{t('language.heading')}</h2>
        <fieldset className="yes-no">
          <legend>{t('language.question')}</legend>
          {LANGUAGES.map((l: Language) => (
            <label key={l} lang={l}><input type="radio" name="language" checked={a.language === l} data-testid={`intake-language-${l}`}
              onChange={() => {
                set('language', l);
                // Their answer is also their choice for this page (and this browser's room).
                void chooseLanguage(l);
              }} /> {LANGUAGE_NAMES[l]}</label>
          ))}
        </fieldset>
        <p className="muted small">{t('language.note')}</p>
      </section>

      <section className="card stack">
        <h2>{t('deciding.heading')}</h2>
        <fieldset className="yes-no">
          <legend>{t('deciding.canSettle')}</legend>
          {(['yes', 'no', 'unsure'] as const).map((v) => (
            <label key={v}><input type="radio" name="canSettle" checked={a.authority.canSettle === v} onChange={() => set('authority', { ...a.authority, canSettle: v })} data-testid={`canSettle-${v}`} /> {v === 'yes' ? t('yes') : v === 'no' ? t('no') : t('notSure')}</label>
          ))}
        </fieldset>
        {a.authority.canSettle !== 'yes' && a.authority.canSettle !== null && (
          <>
            <label className="stack">{t('deciding.whoElse')}<input value={a.authority.decisionMaker} maxLength={200} onChange={(e) => set('authority', { ...a.authority, decisionMaker: e.target.value })} data-testid="decisionMaker" /></label>
            <YesNoField legend={t('deciding.attend')} name="deciderAttends" value={a.authority.deciderAttends} onChange={(v) => set('authority', { ...a.authority, deciderAttends: v })} />
            {a.authority.deciderAttends === false && <label className="stack">{t('deciding.reach')}<input value={a.authority.reachableHow} maxLength={500} onChange={(e) => set('authority', { ...a.authority, reachableHow: e.target.value })} data-testid="reachableHow" /></label>}
          </>
        )}
      </section>

      <section className="card stack">
        <h2>{t('help.heading')}</h2>
        <fieldset className="checks">
          <legend>{t('help.accommodations')}</legend>
          {ACCOMMODATIONS.map((n) => (
            <label key={n}><input type="checkbox" checked={a.accommodations.needs.includes(n)} data-testid={`acc-${n}`}
              onChange={(e) => set('accommodations', { ...a.accommodations, needs: e.target.checked ? [...a.accommodations.needs, n] : a.accommodations.needs.filter((x) => x !== n) })} /> {t('help.acc', { context: n })}</label>
          ))}
        </fieldset>
        <label className="stack">{t('help.other')}<input value={a.accommodations.other} maxLength={500} onChange={(e) => set('accommodations', { ...a.accommodations, other: e.target.value })} data-testid="acc-other" /></label>
        <YesNoField legend={t('help.interpreter')} name="interpreter" value={a.interpreter.needed} onChange={(v) => set('interpreter', { ...a.interpreter, needed: v })} />
        {a.interpreter.needed && <label className="stack">{t('help.whichLanguage')}<input value={a.interpreter.language} maxLength={80} onChange={(e) => set('interpreter', { ...a.interpreter, language: e.target.value })} data-testid="language" /></label>}
      </section>

      <section className="card stack">
        <h2>{t('session.heading')}</h2>
        <fieldset className="yes-no">
          <legend>{t('session.joint')}</legend>
          {JOINT_PREFERENCES.map((p) => (
            <label key={p}><input type="radio" name="joint" checked={a.joint.preference === p} onChange={() => set('joint', { ...a.joint, preference: p })} data-testid={`joint-${p}`} /> {t('session.pref', { context: p })}</label>
          ))}
        </fieldset>
        <label className="stack">{t('session.why')}<textarea rows={3} maxLength={2000} value={a.joint.reason} onChange={(e) => set('joint', { ...a.joint, reason: e.target.value })} data-testid="joint-reason" /></label>
        <div className="row wrap">
          <label className="stack">{t('session.hardStop')}<input type="time" value={a.hardStop.time} onChange={(e) => set('hardStop', { ...a.hardStop, time: e.target.value })} data-testid="hardStop" /></label>
          <label className="stack">{t('session.timeZone')}<input value={a.hardStop.timeZone} maxLength={64} onChange={(e) => set('hardStop', { ...a.hardStop, timeZone: e.target.value })} data-testid="hardStop-zone" /></label>
        </div>
      </section>

      <section className="card stack">
        <h2>{t('availability.heading')}</h2>
        <p className="muted small">{t('availability.zone', { zone: a.availability.timeZone || localZone() })}</p>
        {a.availability.slots.map((s, i) => (
          <div className="row wrap slot" key={i}>
            <input type="date" aria-label={t('availability.date')} value={s.date} onChange={(e) => set('availability', { ...a.availability, slots: a.availability.slots.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)) })} data-testid={`slot-date-${i}`} />
            <input type="time" aria-label={t('availability.from')} value={s.from} onChange={(e) => set('availability', { ...a.availability, slots: a.availability.slots.map((x, j) => (j === i ? { ...x, from: e.target.value } : x)) })} data-testid={`slot-from-${i}`} />
            <input type="time" aria-label={t('availability.to')} value={s.to} onChange={(e) => set('availability', { ...a.availability, slots: a.availability.slots.map((x, j) => (j === i ? { ...x, to: e.target.value } : x)) })} data-testid={`slot-to-${i}`} />
            <button type="button" className="secondary" onClick={() => set('availability', { ...a.availability, slots: a.availability.slots.filter((_, j) => j !== i) })}>{t('availability.remove')}</button>
          </div>
        ))}
        <div>
          <button type="button" className="secondary" data-testid="add-slot" disabled={a.availability.slots.length >= 30}
            onClick={() => set('availability', { ...a.availability, slots: [...a.availability.slots, { date: new Date().toISOString().slice(0, 10), from: '09:00', to: '12:00' }] })}>{t('availability.add')}</button>
        </div>
      </section>

      {form.poll.length > 0 && (
        <section className="card stack" data-testid="poll">
          <h2>{t('poll.heading')}</h2>
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
                <legend>{t('poll.option', { when: f.dateTime(o.startsAt, { withZone: true }), hours: o.durationMinutes / 60 })}</legend>
                <label><input type="radio" name={`poll-${o.id}`} checked={a.poll[o.id] === 'yes'} onChange={() => set('poll', { ...a.poll, [o.id]: 'yes' })} data-testid={`poll-yes-${o.id}`} /> {t('poll.yes')}</label>
                <label><input type="radio" name={`poll-${o.id}`} checked={a.poll[o.id] === 'no'} onChange={() => set('poll', { ...a.poll, [o.id]: 'no' })} data-testid={`poll-no-${o.id}`} /> {t('poll.no')}</label>
                {past && <span className="warning small" data-testid="poll-past-hardstop">{t('poll.pastHardStop', { time: a.hardStop.time })}</span>}
              </fieldset>
            );
          })}
        </section>
      )}

      <section className="card stack">
        <h2>{t('private.heading')}</h2>
        <label className="stack">{t('private.position')}<textarea rows={6} maxLength={20000} value={a.positionStatement} onChange={(e) => set('positionStatement', e.target.value)} data-testid="position" /></label>
        <label className="stack">{t('private.outcome')}<textarea rows={3} maxLength={4000} value={a.goodOutcome} onChange={(e) => set('goodOutcome', e.target.value)} data-testid="goodOutcome" /></label>
        <div className="stack">
          <span>{t('private.documents', { types: Object.values(INTAKE_DOCUMENT_TYPES).join(', '), mb: INTAKE_DOCUMENT_MAX_BYTES / 1024 / 1024 })}</span>
          <ul className="doc-list" data-testid="documents">
            {form.documents.map((d) => (
              <li key={d.id}>{d.name} <span className="muted small">({Math.ceil(d.size / 1024)} KB)</span>{' '}
                <button type="button" className="secondary" onClick={async () => {
                  const r = await intakeApi.removeDocument(secret!, d.id);
                  if (r.ok) setForm({ ...form, documents: form.documents.filter((x) => x.id !== d.id) });
                }}>{t('private.remove')}</button></li>
            ))}
          </ul>
          <input type="file" aria-label={t('private.upload')} data-testid="upload" accept={Object.keys(INTAKE_DOCUMENT_TYPES).join(',')} onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (file.size > INTAKE_DOCUMENT_MAX_BYTES) return setUploadError(t('private.tooLarge', { name: file.name, mb: INTAKE_DOCUMENT_MAX_BYTES / 1024 / 1024 }));
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
          <h2>{t('questions')}</h2>
          {form.questions.map((q) => (
            <label className="stack" key={q.id}>{q.text}<textarea rows={2} maxLength={4000} value={a.custom[q.id] ?? ''} onChange={(e) => set('custom', { ...a.custom, [q.id]: e.target.value })} data-testid={`custom-${q.id}`} /></label>
          ))}
        </section>
      )}

      {form.screening && (
        <section className="card stack" aria-labelledby="safety-heading">
          <h2 id="safety-heading">{t('safety.heading')}</h2>
          <p className="muted small">{t('safety.note')}</p>
          {([['afraid', t('safety.afraid')], ['harmedOrThreatened', t('safety.harmed')], ['canSpeakFreely', t('safety.free')]] as const).map(([k, q]) => (
            <YesNoField key={k} legend={q} name={`screen-${k}`} value={a.screening?.[k] ?? null}
              onChange={(v) => set('screening', { afraid: null, harmedOrThreatened: null, canSpeakFreely: null, note: '', ...a.screening, [k]: v })} />
          ))}
          <label className="stack">{t('safety.other')}<textarea rows={2} maxLength={2000} value={a.screening?.note ?? ''} data-testid="screen-note"
            onChange={(e) => set('screening', { afraid: null, harmedOrThreatened: null, canSpeakFreely: null, ...a.screening, note: e.target.value })} /></label>
        </section>
      )}

      {error && <p className="error" role="alert" data-testid="intake-error">{error}</p>}
      <div className="intake-footer">
        <span className="muted small" data-testid="save-state" aria-live="polite">
          {saving ? t('saving') : saved ? (saved.submittedAt ? t('sentSaved', { time: f.time(saved.at) }) : t('saved', { time: f.time(saved.at) })) : t('notSaved')}
        </span>
        <button type="button" data-testid="intake-submit" onClick={() => {
          if (timer.current) clearTimeout(timer.current);
          void save(true);
        }}>{saved?.submittedAt ? t('sendAgain') : t('send')}</button>
      </div>
    </main>
  );
}
