import { useCallback, useRef, useState, type RefObject } from 'react';
import type { RequestName, RequestPayload, ResponseData, Result } from '@mediation/shared';
import type { RoomSession } from '../room/roomSession';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export type Act = <N extends RequestName>(name: N, payload: RequestPayload<N>, done?: string) => Promise<Result<ResponseData[N]>>;

/** Runs one mediator command and reports the outcome in a single live region. */
export function useAction(session: RoomSession): { act: Act; notice: Notice | null; setNotice: (n: Notice | null) => void; busy: boolean; noticeRef: RefObject<HTMLDivElement | null> } {
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement | null>(null);
  const [busy, setBusy] = useState(false);
  const act = useCallback<Act>(
    async (name, payload, done) => {
      setBusy(true);
      const r = await session.request(name, payload);
      setBusy(false);
      if (r.ok) setNotice(done ? { kind: 'ok', text: done } : null);
      else setNotice({ kind: 'error', text: r.error.message || 'That did not work; please try again.' });
      // A move re-renders the person in another card, so the control that had focus is gone:
      // give keyboard users a predictable place (the result message) instead of the page top.
      // The room state that moves the person may arrive just before or just after the answer.
      const refocus = () => {
        if (document.activeElement === document.body || document.activeElement === null) noticeRef.current?.focus();
      };
      window.setTimeout(refocus, 0);
      window.setTimeout(refocus, 400);
      return r;
    },
    [session],
  );
  return { act, notice, setNotice, busy, noticeRef };
}
