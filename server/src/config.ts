/** Configuration from the environment, validated once at start-up with a clear message per bad value. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default(path.resolve(process.cwd(), 'data')),
  TOKEN_SECRET: z.string().min(32, 'TOKEN_SECRET must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_DIST: z.string().optional(),
  SESSION_CAPACITY: z.coerce.number().int().min(2).max(50).default(12),
  TRUST_PROXY: bool.default(false),
  MEDIASOUP_WORKER_BIN: z.string().optional(),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
  MEDIASOUP_LISTEN_IP: z.ipv4().or(z.ipv6()).default('127.0.0.1'),
  MEDIASOUP_ANNOUNCED_IP: z.string().min(1).optional(),
  MEDIASOUP_MIN_PORT: port.default(40000),
  MEDIASOUP_MAX_PORT: port.default(49999),
  /** Prometheus metrics listen here, never on PORT; `off` disables them, 0 picks a free port. */
  METRICS_PORT: z.union([z.literal('off'), port]).default(9464),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Days an ended session's record (signed agreement, own side's material) stays readable by its people. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  /** Where email goes out (smtp:// or smtps://, credentials in the URL); unset: emails stay in the app's outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must be an smtp:// or smtps:// URL' }).optional(),
  /** The From of every email; defaults to no-reply at PUBLIC_URL's host. */
  MAIL_FROM: z.string().min(3).optional(),
  /** PostgreSQL instead of the embedded SQLite file (storage/postgres/); unset: SQLite in DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// or postgresql:// URL' }).optional(),
  /** Connections this server keeps to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** Longest one statement may take before the request fails with 503 "database unavailable". */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
});

export interface Config {
  port: number;
  host: string;
  /** Base of invite links; defaults to http://localhost:<port>. */
  publicUrl: string;
  dataDir: string;
  tokenSecret: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  clientDist: string;
  sessionCapacity: number;
  trustProxy: boolean;
  /** Port of the separate metrics listener (0: any free port), or null when metrics are off. */
  metricsPort: number | null;
  metricsHost: string;
  /** Days after the end during which a session's people can still read and export its record. */
  retentionDays: number;
  /** SMTP server URL, or null to keep emails in the outbox (the embedded default). */
  smtpUrl: string | null;
  mailFrom: string | null;
  /** PostgreSQL (DATABASE_URL), or null for the embedded SQLite file in dataDir (the default). */
  database: { url: string; poolSize: number; statementTimeoutMs: number } | null;
  mediasoup: {
    workerBin: string | undefined;
    numWorkers: number;
    listenIp: string;
    announcedIp: string | undefined;
    rtcMinPort: number;
    rtcMaxPort: number;
  };
}

/** A problem the operator must fix before the server can start: printed as one line, no stack trace. */
export class StartupError extends Error {}
/** A bad environment value. */
export class ConfigError extends StartupError {}

/** Debian's mediasoup-worker package (ENVIRONMENT.md); used when MEDIASOUP_WORKER_BIN is not set and it is installed. */
export const DEBIAN_WORKER_BIN = '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker';

/** Listening on every interface: the address itself cannot be given to browsers as an ICE candidate. */
const WILDCARD_IPS = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** One problem: one line. Several: a heading and one indented line each, so all are fixed in one go. */
function configError(problems: string[]): ConfigError {
  if (problems.length === 1) return new ConfigError(`Invalid configuration: ${problems[0]}`);
  return new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

function workerBinProblem(bin: string): string | undefined {
  try {
    if (!fs.statSync(bin).isFile()) return `MEDIASOUP_WORKER_BIN: ${bin} is not a file`;
    fs.accessSync(bin, fs.constants.X_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `MEDIASOUP_WORKER_BIN: ${bin} does not exist (install Debian's mediasoup-worker, see README)`;
    if (code === 'EACCES') return `MEDIASOUP_WORKER_BIN: ${bin} is not executable`;
    return `MEDIASOUP_WORKER_BIN: ${bin} cannot be used (${(err as Error).message})`;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw configError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  const problems: string[] = [];
  if (e.MEDIASOUP_MIN_PORT > e.MEDIASOUP_MAX_PORT) problems.push('MEDIASOUP_MIN_PORT must not exceed MEDIASOUP_MAX_PORT');
  // mediasoup announces the listen IP as the ICE candidate unless told otherwise; browsers cannot
  // send media to 0.0.0.0, so calls would connect signalling and then show no video at all.
  if (WILDCARD_IPS.has(e.MEDIASOUP_LISTEN_IP) && !e.MEDIASOUP_ANNOUNCED_IP) {
    problems.push(`MEDIASOUP_LISTEN_IP=${e.MEDIASOUP_LISTEN_IP} needs MEDIASOUP_ANNOUNCED_IP, the address browsers should send media to (the server's public IP)`);
  }
  // Checked here so a wrong path is one clear line at start-up, not a spawn error from mediasoup.
  const workerBin = e.MEDIASOUP_WORKER_BIN ?? (fs.existsSync(DEBIAN_WORKER_BIN) ? DEBIAN_WORKER_BIN : undefined);
  const binProblem = e.MEDIASOUP_WORKER_BIN ? workerBinProblem(e.MEDIASOUP_WORKER_BIN) : undefined;
  if (binProblem) problems.push(binProblem);
  if (problems.length) throw configError(problems);
  const here = path.dirname(new URL(import.meta.url).pathname);
  const base: Config = {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    tokenSecret: e.TOKEN_SECRET,
    logLevel: e.LOG_LEVEL,
    clientDist: path.resolve(e.CLIENT_DIST ?? path.join(here, '../../client/dist')),
    sessionCapacity: e.SESSION_CAPACITY,
    trustProxy: e.TRUST_PROXY,
    metricsPort: e.METRICS_PORT === 'off' ? null : e.METRICS_PORT,
    metricsHost: e.METRICS_HOST,
    retentionDays: e.RETENTION_DAYS,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? null,
    database: e.DATABASE_URL ? { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS } : null,
    mediasoup: {
      workerBin,
      numWorkers: e.MEDIASOUP_WORKERS,
      listenIp: e.MEDIASOUP_LISTEN_IP,
      announcedIp: e.MEDIASOUP_ANNOUNCED_IP,
      rtcMinPort: e.MEDIASOUP_MIN_PORT,
      rtcMaxPort: e.MEDIASOUP_MAX_PORT,
    },
  };
  return { ...base, ...overrides, mediasoup: { ...base.mediasoup, ...overrides.mediasoup } };
}
