/**
 * The Yjs collaboration endpoint: `ws(s)://<host>/yjs/<docName>?token=<invite token>`, speaking
 * the y-websocket protocol so the stock `WebsocketProvider` works unchanged. Authentication and
 * authorization finish before the websocket is accepted, so nothing a client sends is read
 * before it is known who they are and what they may open.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, colourFor } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';
import { accessNow, authorize } from './access.js';
import { Connection } from './connection.js';
import { loadCollabLimits } from './limits.js';
import { DocRegistry } from './registry.js';
import { attachCollabRoutes } from './routes.js';

export const YJS_PATH_PREFIX = '/yjs/';

const attached = new WeakMap<AppContext, DocRegistry>();
/** The live document registry of an app (the cluster evicts a session that moved away). */
export const collabOf = (ctx: AppContext): DocRegistry | undefined => attached.get(ctx);

/** Live Yjs documents: the websocket endpoint, the `docs` port, and closing connections whose
 * access ends (moves, revoked or replaced links, the end of the session, settings). */
export function collabFeature(): Feature {
  let registry: DocRegistry | null = null;
  return {
    name: 'collab',
    attach(ctx) {
      registry = attachCollab(ctx);
    },
    onSpaceChanged: (e) => registry?.spaceChanged(e.sessionId, e.participantId, e.to),
    onParticipantRevoked: (e) => registry?.closeParticipant(e.sessionId, e.participantId, CloseCode.UNAUTHORIZED, 'link withdrawn'),
    onLinkReplaced: (e) => registry?.closeParticipant(e.sessionId, e.participantId, CloseCode.UNAUTHORIZED, 'link replaced'),
    onPhaseChanged: (e) => {
      if (e.to !== 'live') registry?.closeSession(e.sessionId, CloseCode.SESSION_ENDED, 'session ended');
    },
    onSettingsChanged: (e) => registry?.settingsChanged(e.sessionId, e.settings),
  };
}

function attachCollab(ctx: AppContext): DocRegistry {
  const limits = loadCollabLimits();
  const registry = new DocRegistry(ctx, ctx.stores.documents, limits);
  attached.set(ctx, registry);
  ctx.provide('docs', registry);
  // No permessage-deflate (the default, said here because frames.ts depends on it): an update is
  // framed once and the same bytes go to every recipient.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(YJS_PATH_PREFIX)) return;
    let docName: string;
    try {
      docName = decodeURIComponent(url.pathname.slice(YJS_PATH_PREFIX.length));
    } catch {
      docName = '';
    }
    const token = url.searchParams.get('token');
    void authorize(ctx, docName, token).then(
      async (outcome) => {
        // Clustered: only the session's owner serves its documents (cluster/README.md).
        const moved = outcome.ok ? await ctx.placement.admit(outcome.doc.sessionId) : null;
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
          if (!outcome.ok) return ws.close(outcome.code, outcome.reason);
          if (moved && !moved.ok) return ws.close(CloseCode.SESSION_MOVED, moved.reason);
          const refused = registry.refusal(outcome.doc.sessionId, outcome.principal.participant.id);
          if (refused) return ws.close(refused.code, refused.reason);
          ws.on('error', (err) => ctx.log.debug({ err }, 'yjs socket error'));
          // What the client sends from now on is kept until its document is open (connect).
          const early: Array<[Buffer, boolean]> = [];
          const keep = (data: Buffer, isBinary: boolean) => void early.push([data, isBinary]);
          ws.on('message', keep);
          // The participant may have moved while the token was being verified: ask again.
          accessNow(ctx, outcome.principal, outcome.doc).then((now) => {
            ws.off('message', keep);
            if (!now.ok) return ws.close(now.code, now.reason);
            const p = outcome.principal.participant;
            const user = { participantId: p.id, name: p.displayName, role: p.role, side: p.side, colour: colourFor(p.role, p.side) };
            void registry.connect(new Connection(ws, docName, outcome.doc, outcome.principal, user, now.access, limits, socket), early);
          }, (err: unknown) => {
            ws.off('message', keep);
            ctx.log.error({ err }, 'yjs access check failed');
            ws.close(1011, 'internal error');
          });
        });
      },
      (err: unknown) => {
        ctx.log.error({ err }, 'yjs upgrade failed');
        socket.destroy();
      },
    );
  };
  ctx.http.on('upgrade', onUpgrade);

  attachCollabRoutes(ctx);

  ctx.onClose(async () => {
    ctx.http.off('upgrade', onUpgrade);
    // Waits for every queued document write: the store closes after this.
    await registry.shutdown();
    wss.close();
  });
  return registry;
}
