/**
 * What happens when someone acts in the agreement panel (signs, suggests, comments, replies…).
 * A failed action's message belongs next to the control the person used, and must stay until
 * they act there again: the panel refreshes its state after every action and whenever the server
 * says the agreement changed, and a refresh is not an answer to what they did. (It used to share one error line with the
 * refresh, which cleared the message a moment after it appeared.)
 */
import type { AppError, Result } from '@mediation/shared';
import { errorText } from '../i18n/errorText';

/** Plain words for a refused action, in the person's language (i18n/errorText.ts). */
export const actionMessage = (error: AppError): string => errorText(error);

/**
 * Runs one action: clears this place's previous message (they acted again), shows the new one if
 * the action failed, then refreshes. The refresh never touches the message.
 */
export async function runAction(action: () => Promise<Result<unknown>>, setError: (message: string | null) => void, refresh: () => Promise<unknown>): Promise<boolean> {
  setError(null);
  const r = await action();
  if (!r.ok) setError(actionMessage(r.error));
  await refresh();
  return r.ok;
}
