import type { AppContext } from '../contracts.js';

/** Stub until the collab module lands: attaches nothing. */
export async function attachCollab(_ctx: AppContext): Promise<void> {}
