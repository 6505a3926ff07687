/**
 * Where the session stands, for everyone: the stages in order, the current one marked, one plain
 * sentence on what happens next, and the ground rules at the opening. A mediator moves it.
 */
import { useEffect, useState } from 'react';
import { GROUND_RULES, SESSION_STAGES, SESSION_STAGE_LABEL, SESSION_STAGE_NEXT, sessionStageViewSchema, type SessionStage } from '@mediation/shared';
import { onStageChange } from './stageSignal';
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
  const [stage, setStage] = useState<SessionStage | null>(null);
  useEffect(() => {
    const load = () => void fetchStage(token, sessionId).then((s) => s && setStage(s));
    load();
    return onStageChange(load);
  }, [token, sessionId]);
  if (!stage) return null;
  const index = SESSION_STAGES.indexOf(stage);
  return (
    <section className="stage-tracker" aria-label="Where the session stands" data-testid="stage-tracker" data-stage={stage}>
      <ol className="stage-steps">
        {SESSION_STAGES.map((s, i) => (
          <li key={s} className={i < index ? 'done' : i === index ? 'current' : ''} aria-current={i === index ? 'step' : undefined}>{SESSION_STAGE_LABEL[s]}</li>
        ))}
      </ol>
      <p className="stage-next" data-testid="stage-next"><strong>{SESSION_STAGE_LABEL[stage]}.</strong> {SESSION_STAGE_NEXT[stage]}</p>
      {stage === 'opening' && (
        <div data-testid="ground-rules"><strong>Ground rules</strong><ul>{GROUND_RULES.map((r) => <li key={r}>{r}</li>)}</ul></div>
      )}
      {mediator && (
        <label className="row small">Move to
          <select value={stage} data-testid="stage-select" onChange={(e) => void fetchStage(token, sessionId, 'PUT', e.target.value as SessionStage).then((s) => s && setStage(s))}>
            {SESSION_STAGES.map((s) => <option key={s} value={s}>{SESSION_STAGE_LABEL[s]}</option>)}
          </select>
        </label>
      )}
    </section>
  );
}
