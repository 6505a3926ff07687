/**
 * The real server as its own process for the kill -9 test, with every participant of every
 * session placed in the joint room. The room directory is the signalling module's job; this
 * entry point stands in for it so the crash test exercises the collaboration server alone.
 * Run: `tsx integration/yjs-crash-server.ts` with DATA_DIR and PORT; prints `Open <url>`.
 */
import { createApp } from '@mediation/server/app';
import type { SpaceDirectory } from '@mediation/server/contracts';

const app = await createApp();
const everyoneInJoint: SpaceDirectory = {
  currentSpace: (sessionId, participantId) => (app.ctx.storage.getParticipant(participantId)?.sessionId === sessionId ? 'joint' : null),
  settings: (sessionId) => app.ctx.storage.getSession(sessionId)?.settings ?? null,
  onSpaceChange: () => () => {},
};
app.ctx.spaces = everyoneInJoint;
console.log(`Open ${app.ctx.config.publicUrl}`);
