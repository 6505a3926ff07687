/**
 * Where the session stands, for everyone: the stages in order, the current one marked, one plain
 * sentence on what happens next, and the ground rules at the opening. A mediator moves it.
 */
import { useEffect, useState } from 'react';
import { GROUND_RULES, SESSION_STAGES, sessionStageViewSchema, type SessionStage } from '@mediation/shared';
import { useTranslation } from 'react-i18next';
import { onStageChange } from './stageSignal';
import { useActionSelect } from '../a11y/actionSelect';
import './intake.css';

async function fetchStage(token: string, sessionId: string, method: 'GET' | 'PUT' = 'GET', stage?: SessionStage): Promise<SessionStage | null> {
  try {
    const res = await fetch(`/api/intake/sessions/${encodeURIComponent(sessionId)}/stage`, {
      method, headers: { Authorization: `Bearer ${token}`, ...(stage ? { 'Content-Type': 'application/json' } : {}) }, body: stage ? JSON.stringify({ stage }) : undefined,
    });
    const r = sessionStageViewSchema.safeParse(await res.json());
    return r.success ? r.data.stage : null;
  } catch {
    return null;
  }
}

export function StageTracker({ token, sessionId, mediator }: { token: string; sessionId: string; mediator: boolean }) {
  const { t } = useTranslation('intake');
  const [stage, setStage] = useState<SessionStage | null>(null);
  useEffect(() => {
    const load = () => void fetchStage(token, sessionId).then((s) => s && setStage(s));
    load();
    return onStageChange(load);
  }, [token, sessionId]);
  // Everyone is told of a stage change: arrow keys only browse the stages, Enter changes it (3.2.2).
  const stageMenu = useActionSelect((v) => void fetchStage(token, sessionId, 'PUT', v as SessionStage).then((s) => s && setStage(s)), stage ?? '');
  if (!stage) return null;
  const index = SESSION_STAGES.indexOf(stage);
  return (
    <section className="stage-tracker" aria-label={t('stage.trackerLabel')} data-testid="stage-tracker" data-stage={stage}>
      {/* Focusable: on a narrow bar the list scrolls sideways, and keyboard users must be able to scroll it too. */}
      <ol className="stage-steps" tabIndex={0} aria-label={t('stage.trackerLabel')}>
        {SESSION_STAGES.map((s, i) => (
          <li key={s} className={i < index ? 'done' : i === index ? 'current' : ''} aria-current={i === index ? 'step' : undefined}>{t('stage.label', { context: s })}</li>
        ))}
      </ol>
      <p className="stage-next" data-testid="stage-next"><strong>{t('stage.label', { context: stage })}.</strong> {t('stage.next', { context: stage })}</p>
      {stage === 'opening' && (
        <div data-testid="ground-rules"><strong>{t('stage.groundRules')}</strong><ul>{GROUND_RULES.map((r, i) => <li key={r}>{t('stage.rule', { context: String(i), defaultValue: r })}</li>)}</ul></div>
      )}
      {mediator && (
        <label className="row small">{t('stage.moveTo')}
          <select {...stageMenu} data-testid="stage-select">
            {SESSION_STAGES.map((s) => <option key={s} value={s}>{t('stage.label', { context: s })}</option>)}
          </select>
        </label>
      )}
    </section>
  );
}
