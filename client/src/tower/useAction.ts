import { useCallback, useState } from 'react';
import type { RequestName, RequestPayload, ResponseData, Result } from '@mediation/shared';
import type { RoomSession } from '../room/roomSession';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export type Act = <N extends RequestName>(name: N, payload: RequestPayload<N>, done?: string) => Promise<Result<ResponseData[N]>>;

/** Runs one mediator command and reports the outcome in a single live region. */
export function useAction(session: RoomSession): { act: Act; notice: Notice | null; setNotice: (n: Notice | null) => void; busy: boolean } {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const act = useCallback<Act>(
    async (name, payload, done) => {
      setBusy(true);
      const r = await session.request(name, payload);
      setBusy(false);
      if (r.ok) setNotice(done ? { kind: 'ok', text: done } : null);
      else setNotice({ kind: 'error', text: r.error.message || r.error.code });
      return r;
    },
    [session],
  );
  return { act, notice, setNotice, busy };
}
