import type { AppContext } from '../contracts.js';
import type { DocRegistry } from '../collab/registry.js';

/** Board HTTP routes (scores, promote, export); filled in below. */
export async function attachBoard(_ctx: AppContext, _docs: DocRegistry): Promise<void> {}
