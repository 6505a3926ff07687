/**
 * Composition root: builds storage, tokens, express and the HTTP server, then attaches the
 * features listed in `FEATURES` (features.ts explains the contract).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { ErrorCode, nestingProblem, type InviteSpec } from '@mediation/shared';
import { agreementFeature } from './agreement/attach.js';
import { createTokenService, loadOrCreateSecret } from './auth/tokens.js';
import { boardFeature } from './board/attach.js';
import { collabFeature } from './collab/attach.js';
import { StartupError, loadConfig, type Config } from './config.js';
import type { AppContext, ParticipantRecord } from './contracts.js';
import { attachFeatures, createHooks, PortRegistry, type Feature, type FeatureHooks, type Ports } from './features.js';
import { apiRateLimit } from './http/rateLimit.js';
import { clientInlineScriptHashes } from './http/inlineScripts.js';
import { newId } from './ids.js';
import { sendError } from './http/errors.js';
import { createLogger } from './logger.js';
import { auditTrail } from './storage/auditTrail.js';
import { startMetricsServer, type MetricsServer } from './http/metricsServer.js';
import { sessionsFeature } from './sessions/api.js';
import { signallingFeature } from './signalling/attach.js';
import { openConfiguredStores } from './storage/open.js';
import { isStorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE } from './storage/types.js';
import { caucusHistoryFeature } from './record/caucusHistory.js';
import { mailFeature } from './mail/attach.js';
import { practiceFeature } from './practice/attach.js';
import { followupFeature } from './followup/attach.js';
import { surveysFeature } from './surveys/attach.js';
import { messagingFeature } from './messaging/attach.js';
import { dashboardFeature } from './dashboard/attach.js';
import { intakeFeature } from './intake/attach.js';
import { clusterConfigFromEnv, connectCluster, type ClusterNode } from './cluster/index.js';
import { embeddedPlacement } from './cluster/placement.js';
import { attachRoute } from './cluster/routes.js';
import { fencingOf, openClusterStores } from './cluster/stores.js';

/**
 * The features, in the order their hooks run. A new feature is one folder and one line here.
 * Order matters only for hooks announced together (a move: the caucus history records the
 * entry before documents are reassessed); nothing depends on the order of attaching.
 */
const FEATURES = (): Feature[] => [
  sessionsFeature(),
  signallingFeature(),
  caucusHistoryFeature(),
  collabFeature(),
  boardFeature(),
  agreementFeature(),
  mailFeature(),
  practiceFeature(),
  followupFeature(),
  surveysFeature(),
  messagingFeature(),
  dashboardFeature(),
  intakeFeature(),
];

export interface RunningApp {
  url: string;
  port: number;
  /** The metrics listener's `/metrics` URL (a separate port), or null when METRICS_PORT=off. */
  metricsUrl: string | null;
  ctx: AppContext;
  /** This node of a cluster (REDIS_URL set), or null when embedded. main.ts drains it on SIGTERM. */
  cluster: ClusterNode | null;
  /** Listen to the features' lifecycle hooks from outside (tests, diagnostics). */
  observe(hooks: FeatureHooks): () => void;
  close(): Promise<void>;
}

/** JSON bodies are small; documents travel over the Yjs websocket, not HTTP. */
const JSON_LIMIT = '256kb';

export async function createApp(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Promise<RunningApp> {
  const config = loadConfig(env, overrides);
  const log = createLogger(config.logLevel);
  // Clustered (REDIS_URL): Redis first, since the storage fence asks the cluster for epochs.
  const clusterConfig = clusterConfigFromEnv(env);
  const cluster = clusterConfig ? await connectCluster(clusterConfig, log) : null;
  const stores = cluster ? await openClusterStores(cluster, config.dataDir, log, config.database).catch(async (err: unknown) => {
    await cluster.close();
    throw err;
  }) : await openConfiguredStores(config, log);
  const tokens = createTokenService(loadOrCreateSecret(config.dataDir, config.tokenSecret), stores.sessions);
  const audits = auditTrail(stores.sessions, log);
  const app = express();
  const server = http.createServer(app);
  const closers: Array<() => Promise<void> | void> = [];
  const features = FEATURES();
  const ports = new PortRegistry();
  const { hooks, observe } = createHooks(() => features, log);

  // The ports (ctx.spaces, ctx.docs, …) are read from and provided to the registry.
  const ctx: AppContext = ports.exposeOn<Omit<AppContext, keyof Ports>>({
    config, log, stores, tokens, http: server, express: app,
    placement: embeddedPlacement,
    hooks,
    provide: (name, value) => ports.provide(name, value),
    onClose: (fn) => void closers.push(fn),
    audit(sessionId, actor, action, detail = {}) {
      return audits.append(sessionId, { at: Date.now(), actorId: actor.id, actorName: actor.name, action, detail });
    },
    async createInvite(sessionId: string, spec: InviteSpec, ttlHours: number): Promise<ParticipantRecord> {
      const id = newId();
      const { token, claims } = await tokens.sign({ sessionId, participantId: id, role: spec.role, side: spec.side ?? null }, ttlHours * 3600);
      const rec: ParticipantRecord = {
        id, sessionId, displayName: spec.displayName, role: spec.role, side: spec.side ?? null, plannedSpace: spec.plannedSpace ?? null,
        interpretsFor: spec.interpretsFor ?? null, interpretationLanguage: spec.interpretationLanguage ?? null,
        tokenId: claims.jti, token, expiresAt: claims.exp * 1000, revoked: false, createdAt: Date.now(),
      };
      await stores.sessions.addParticipant(rec);
      ctx.hooks.participantInvited(rec);
      return rec;
    },
    async reissueLink(sessionId, participantId, ttlHours) {
      const p = await stores.sessions.getParticipant(participantId);
      if (!p || p.sessionId !== sessionId) throw new Error('reissueLink: no such participant in this session');
      const { token, claims } = await tokens.sign({ sessionId, participantId, role: p.role, side: p.side }, ttlHours * 3600);
      // Storage puts the old token id on the revocation list when the token id changes.
      await stores.sessions.updateParticipant(participantId, { tokenId: claims.jti, token, expiresAt: claims.exp * 1000 });
      ctx.hooks.linkReplaced({ sessionId, participantId });
      return (await stores.sessions.getParticipant(participantId))!;
    },
    async revokeParticipant(sessionId, participantId, actor) {
      // Stored first: once the hook has closed the live connections, a reconnect must already be refused.
      await stores.sessions.updateParticipant(participantId, { revoked: true });
      void ctx.audit(sessionId, actor, 'participant.revoked', { participantId });
      ctx.hooks.participantRevoked({ sessionId, participantId });
    },
  });

  // Without a fence (the shared-SQLite trial mode) every claim is taken as recorded.
  if (cluster) ctx.placement = cluster.bind(ctx, fencingOf(stores) ?? { claim: async () => true, epoch: async () => 0 });

  if (config.trustProxy) app.set('trust proxy', 1);
  // `/Metrics` and `/metrics/` are not `/metrics`: a path means one thing, so a rule about it (in
  // the app or in a proxy in front) cannot be dodged by another spelling.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.disable('x-powered-by');
  const clientInlineHashes = clientInlineScriptHashes(config.clientDist);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Only this origin: socket.io and the Yjs websocket are same-host. Bare `ws:`/`wss:` would let
          // an injected script send documents to any host. CSP3 'self' covers same-origin ws/wss
          // (Chromium, Firefox, Safari 15.4+), so no scheme sources are needed.
          connectSrc: ["'self'"],
          mediaSrc: ["'self'", 'blob:', 'mediastream:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          // Editor and React inline style attributes.
          styleSrc: ["'self'", "'unsafe-inline'"],
          // No inline scripts except the client page's own, each allowed by its hash (http/inlineScripts.ts).
          scriptSrc: ["'self'", () => clientInlineHashes().join(' ')],
          // helmet's default upgrade-insecure-requests breaks plain-http localhost use.
          upgradeInsecureRequests: null,
        },
      },
      // Invite tokens live in the URL fragment; never leak the page URL to other origins.
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  // Requests about a session another node hosts are forwarded there unparsed (cluster/routes.ts).
  cluster?.attachHttp(app);
  app.use(express.json({ limit: JSON_LIMIT }));
  // JSON.parse itself does not recurse, but validation and logging of the parsed body do: bound
  // its depth and size before any route sees it (a 20,000-deep body answers 400, not 500).
  app.use((req, res, next) => {
    const problem = nestingProblem(req.body);
    if (problem) return sendError(res, { code: ErrorCode.BAD_REQUEST, message: `Request body is ${problem}.` });
    next();
  });
  // Load balancers and monitors read this: without a live mediasoup worker nobody gets media, so
  // the server is not healthy even though HTTP answers (workers are respawned, see workers.ts).
  app.get('/healthz', (_req, res) => {
    const parts = features.flatMap((f) => (f.health ? [f.health()] : []));
    const ok = parts.every((h) => h.ok);
    res.status(ok ? 200 : 503).json(Object.assign({}, ...parts.map(({ ok: _ok, ...detail }) => detail), { ok }));
  });
  // Metrics are served on their own port (METRICS_PORT), never here; every spelling of the old
  // path is a plain 404 rather than the client page, so nothing suggests they are reachable.
  app.use((req, res, next) => {
    if (/^\/+metrics\b/i.test(asProxySees(req.path))) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'Not found.' });
    next();
  });
  app.use('/api', apiRateLimit(cluster?.rateLimitStore));
  attachRoute(app, ctx, () => cluster?.ownership ?? null);

  // A failure from here on (worker binary, port in use) must not leave workers and the database
  // open: tests start many apps in one process, and main.ts prints one line and exits.
  const abort = async (err: unknown): Promise<never> => {
    for (const fn of closers.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    server.close();
    await stores.close();
    await cluster?.close();
    throw err;
  };
  try {
    await attachFeatures(ctx, features, ports);
  } catch (err) {
    return abort(err);
  }

  app.use('/api', (_req, res) => sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such API endpoint.' }));
  serveClient(app, config.clientDist, log);
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return sendError(res, { code: ErrorCode.PAYLOAD_TOO_LARGE, message: `Request body is larger than ${JSON_LIMIT}.` });
    if (e.type === 'entity.parse.failed') return sendError(res, { code: ErrorCode.BAD_REQUEST, message: 'Request body is not valid JSON.' });
    // PostgreSQL down or restarting: say so (503), and the same request works once it is back.
    if (isStorageUnavailable(err)) {
      log.warn({ err: err.cause instanceof Error ? err.cause.message : String(err) }, 'database unavailable');
      return sendError(res, { code: ErrorCode.UNAVAILABLE, message: STORAGE_UNAVAILABLE_MESSAGE });
    }
    log.error({ err }, 'unhandled HTTP error');
    sendError(res, { code: ErrorCode.INTERNAL, message: 'Something went wrong on the server.' });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    return abort(listenError(err, config));
  }
  let metricsServer: MetricsServer | null = null;
  if (config.metricsPort !== null) {
    try {
      metricsServer = await startMetricsServer(config.metricsHost, config.metricsPort, log);
    } catch (err) {
      return abort(listenError(err, config, 'metrics'));
    }
  }
  const port = (server.address() as AddressInfo).port;
  cluster?.start(port);
  // With port 0 (tests) or no PUBLIC_URL, links must name the port actually bound.
  if (!env.PUBLIC_URL && !overrides.publicUrl) config.publicUrl = `http://localhost:${port}`;
  const url = `http://localhost:${port}`;
  log.info({ url }, 'listening');

  let closed = false;
  return {
    url,
    port,
    metricsUrl: metricsServer?.url ?? null,
    ctx,
    cluster,
    observe,
    async close() {
      if (closed) return;
      closed = true;
      await metricsServer?.close();
      for (const fn of closers.reverse()) await fn();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await audits.settled();
      await stores.close();
      await cluster?.close();
    },
  };
}

/** The usual reasons the port cannot be bound, as one line that says what to change. */
function listenError(err: unknown, config: Config, which: 'main' | 'metrics' = 'main'): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  const [PORT, HOST, port, host] = which === 'main' ? ['PORT', 'HOST', config.port, config.host] : ['METRICS_PORT', 'METRICS_HOST', config.metricsPort, config.metricsHost];
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') return new StartupError(`Port ${port} is already in use (${where}): stop the other server or set ${PORT} to a free port${which === 'metrics' ? ' (or off)' : ''}.`);
  if (code === 'EACCES') return new StartupError(`Not allowed to listen on ${where} (ports below 1024 need privileges): set ${PORT} to 1024 or above.`);
  if (code === 'EADDRNOTAVAIL') return new StartupError(`${HOST} ${host} is not an address of this machine: set ${HOST} to one of its addresses${which === 'main' ? ' or 0.0.0.0' : ''}.`);
  return err;
}

/** A path as a proxy sees it: percent-decoded, dot segments and repeated slashes resolved
 * (`/%6Detrics`, `//metrics` and `/x/../metrics` are all `/metrics`). */
function asProxySees(p: string): string {
  let decoded = p;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    // Malformed escapes: match on the path as sent.
  }
  return path.posix.normalize(decoded);
}

/** The built React client; any non-API path falls back to index.html (client-side routing). */
function serveClient(app: express.Express, dist: string, log: AppContext['log']): void {
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) {
    log.warn({ dist }, 'client is not built; run `pnpm --filter @mediation/client run build`');
    app.get(/.*/, (_req, res) => res.status(503).type('text').send('The client is not built yet. Run: pnpm --filter @mediation/client run build'));
    return;
  }
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.get(/.*/, (_req, res) => res.sendFile(index));
}
