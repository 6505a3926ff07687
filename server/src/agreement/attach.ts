import type { AppContext } from '../contracts.js';

/** Stub until the agreement module lands: attaches nothing. */
export async function attachAgreement(_ctx: AppContext): Promise<void> {}
