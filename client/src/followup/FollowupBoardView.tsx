/** The mediator's follow-up board for the case: every action item with where it stands. */
import { useEffect, useState } from 'react';
import { CHECKIN_STATUS_LABEL, type FollowupBoard } from '@mediation/shared';
import { followupApi } from './followupApi';

const STATE_WORDS = { done: 'Done', 'needs-help': 'Needs help', overdue: 'Overdue', due: 'Due today', upcoming: 'Upcoming', 'not-done': 'Reported not done' } as const;

export function FollowupBoardView({ token, sessionId, refresh }: { token: string; sessionId: string; refresh: unknown }) {
  const [board, setBoard] = useState<FollowupBoard | null>(null);
  useEffect(() => {
    void followupApi.board(sessionId, token).then((r) => setBoard(r.ok ? r.data : null));
  }, [sessionId, token, refresh]);
  if (!board || board.items.length === 0) return null;
  const counts = board.items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.state]: (acc[i.state] ?? 0) + 1 }), {});
  return (
    <div className="stack" data-testid="followup-board">
      <h3>Follow-up board (this case)</h3>
      <p className="muted">{Object.entries(counts).map(([s, n]) => `${STATE_WORDS[s as keyof typeof STATE_WORDS]}: ${n}`).join(' · ')}</p>
      <ul className="plan-list">
        {board.items.map((i) => (
          <li key={i.id} className={`state-${i.state}`}>
            <strong>{i.what}</strong>
            <div className="meta muted">{i.ownerLabel} · due {i.due} · {STATE_WORDS[i.state]}{i.status !== 'open' ? ` (${CHECKIN_STATUS_LABEL[i.status]}${i.note ? `: ${i.note}` : ''})` : ''} · {i.sessionTitle}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
