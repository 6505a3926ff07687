import type { AppContext } from '../contracts.js';

/** Stub until the signalling module lands: attaches nothing. */
export async function attachSignalling(_ctx: AppContext): Promise<void> {}
