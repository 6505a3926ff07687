/**
 * Which document to open. Caucus boards and drafts have generations (a new one starts when someone
 * of another side comes into the caucus; see packages/shared/src/collab.ts); the server says which
 * one this person opens now, and the page opens exactly that name with a fresh Y.Doc. Other
 * documents are opened by their plain name without asking.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { currentDocResponseSchema, docNameSchema, hasGenerations, type CurrentDocResponse, type Result } from '@mediation/shared';
import { request } from '../lib/http';
import { errorText } from '../i18n/errorText';

function fetchCurrent(sessionId: string, kind: string, space: string, token: string): Promise<Result<CurrentDocResponse>> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/docs/current?kind=${encodeURIComponent(kind)}&space=${encodeURIComponent(space)}`, currentDocResponseSchema, { bearer: token });
}

/** Errors that asking again cannot fix (anything else, e.g. "not in the room right now", is retried). */
const FINAL = new Set(['FORBIDDEN', 'NOT_FOUND', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'UNAUTHORIZED', 'SESSION_ENDED']);

export interface CurrentDoc {
  /** The document to open, or null while asking (or after a final refusal). */
  name: string | null;
  /** Goes up each time the server answered: open a fresh Y.Doc and provider for each value. */
  version: number;
  /** Why the document cannot be opened, when asking again cannot help. */
  error: string | null;
  /** Ask again (after the server closed the document as superseded). */
  refresh: () => void;
}

export function useCurrentDoc(logicalName: string, token: string): CurrentDoc {
  const ref = useMemo(() => {
    const r = docNameSchema.safeParse(logicalName);
    return r.success && hasGenerations(r.data.kind, r.data.scope) ? r.data : null;
  }, [logicalName]);
  const [state, setState] = useState<{ name: string | null; version: number; error: string | null }>({ name: ref ? null : logicalName, version: 0, error: null });
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    if (!ref) {
      setState((s) => (s.name === logicalName && s.error === null ? s : { name: logicalName, version: s.version + 1, error: null }));
      return;
    }
    setState((s) => ({ name: null, version: s.version, error: null }));
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async (attempt: number) => {
      const r = await fetchCurrent(ref.sessionId, ref.kind, ref.scope, token);
      if (cancelled) return;
      if (r.ok) setState((s) => ({ name: r.data.name, version: s.version + 1, error: null }));
      else if (FINAL.has(r.error.code)) setState((s) => ({ name: null, version: s.version, error: errorText(r.error) }));
      else timer = setTimeout(() => void ask(attempt + 1), Math.min(500 * 2 ** attempt, 5000));
    };
    void ask(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [ref, logicalName, token, asked]);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return { ...state, refresh };
}
