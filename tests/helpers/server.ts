/** Starts the real server on port 0 with a fresh data directory, for integration and e2e tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type RunningApp } from '@mediation/server/app';
import type { Config } from '@mediation/server/config';
import type { CreateSessionBody, CreateSessionResponse } from '@mediation/shared';

export interface TestServer extends RunningApp {
  dataDir: string;
}

export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-test-'));
  // Metrics on a free loopback port of their own (many servers run in one test process).
  const app = await createApp({ port: 0, host: '127.0.0.1', logLevel: 'warn', metricsPort: 0, metricsHost: '127.0.0.1', ...overrides, dataDir });
  return Object.assign(app, { dataDir });
}

export async function stopTestServer(app: TestServer | undefined, opts: { keepData?: boolean } = {}): Promise<void> {
  if (!app) return;
  await app.close();
  if (!opts.keepData) fs.rmSync(app.dataDir, { recursive: true, force: true });
}

type Invite = NonNullable<CreateSessionBody['invites']>[number];

/** The cast the tests invite, by first name (a test lists the ones it needs, in its own order:
 * `s.invites[i]` follows that order). */
export const INVITE = {
  ana: { displayName: 'Ana Claimant', role: 'party', side: 'Claimant' },
  ben: { displayName: 'Ben Respondent', role: 'party', side: 'Respondent' },
  lee: { displayName: 'J. Lee', role: 'attorney', side: 'Claimant' },
  kim: { displayName: 'K. Kim', role: 'attorney', side: 'Respondent' },
  olive: { displayName: 'Olive Observer', role: 'observer', side: null },
  cora: { displayName: 'Cora Comediator', role: 'comediator', side: null },
} as const satisfies Record<string, Invite>;

export const DEFAULT_INVITES: CreateSessionBody['invites'] = [INVITE.ana, INVITE.ben, INVITE.lee, INVITE.olive];

export async function createTestSession(app: Pick<RunningApp, 'url'>, body: Partial<CreateSessionBody> = {}): Promise<CreateSessionResponse> {
  const res = await fetch(`${app.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Smith v. Jones', mediatorName: 'Maria Mediator', invites: DEFAULT_INVITES, ...body }),
  });
  if (res.status !== 201) throw new Error(`create session failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateSessionResponse;
}

/** The token inside an invite link (`.../join#t=<token>`). */
export const tokenOf = (link: string): string => new URL(link).hash.replace(/^#t=/, '');
