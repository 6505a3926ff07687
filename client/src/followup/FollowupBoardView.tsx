/** The mediator's follow-up board for the case: every action item with where it stands. */
import { useEffect, useState } from 'react';
import type { FollowupBoard } from '@mediation/shared';
import { useTranslation } from 'react-i18next';
import { followupApi } from './followupApi';


export function FollowupBoardView({ token, sessionId, refresh }: { token: string; sessionId: string; refresh: unknown }) {
  const { t } = useTranslation('followup');
  const [board, setBoard] = useState<FollowupBoard | null>(null);
  useEffect(() => {
    void followupApi.board(sessionId, token).then((r) => setBoard(r.ok ? r.data : null));
  }, [sessionId, token, refresh]);
  if (!board || board.items.length === 0) return null;
  const counts = board.items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.state]: (acc[i.state] ?? 0) + 1 }), {});
  return (
    <div className="stack" data-testid="followup-board">
      <h3>{t('board.heading')}</h3>
      <p className="muted">{Object.entries(counts).map(([s, n]) => `${t('state', { context: s })}: ${n}`).join(' · ')}</p>
      <ul className="plan-list">
        {board.items.map((i) => (
          <li key={i.id} className={`state-${i.state}`}>
            <strong>{i.what}</strong>
            <div className="meta muted">{i.ownerLabel} · {t('plan.due', { date: i.due })} · {t('state', { context: i.state })}{i.status !== 'open' ? ` (${t('status', { context: i.status })}${i.note ? `: ${i.note}` : ''})` : ''} · {i.sessionTitle}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
