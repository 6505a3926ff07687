/** Configuration from the environment, validated once at start-up with a clear message per bad value. */
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MEDIASOUP_MIN_PORT > e.MEDIASOUP_MAX_PORT) {
    throw new ConfigError('Invalid configuration:\n  MEDIASOUP_MIN_PORT must not exceed MEDIASOUP_MAX_PORT');
  }
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
    mediasoup: {
      workerBin: e.MEDIASOUP_WORKER_BIN,
      numWorkers: e.MEDIASOUP_WORKERS,
      listenIp: e.MEDIASOUP_LISTEN_IP,
      announcedIp: e.MEDIASOUP_ANNOUNCED_IP,
      rtcMinPort: e.MEDIASOUP_MIN_PORT,
      rtcMaxPort: e.MEDIASOUP_MAX_PORT,
    },
  };
  return { ...base, ...overrides, mediasoup: { ...base.mediasoup, ...overrides.mediasoup } };
}
