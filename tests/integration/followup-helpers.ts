/** Shared set-up for the followup-* and survey-* tests: a real loopback SMTP server that records
 * what arrives, a practice with the PixelForge case and a main session, and a bearer-token client. */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Config } from '@mediation/server/config';
import { startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must } from '../helpers/socketClient.js';
import { PIXELFORGE, type PracticeClient } from './practice-client.js';

export interface Mail {
  to: string[];
  mail: ParsedMail;
  text: string;
}

export async function startSmtp(): Promise<{ port: number; received: Mail[]; close(): Promise<void> }> {
  const received: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, cb) {
      simpleParser(stream).then((mail) => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail, text: mail.text ?? '' });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return { port: (smtp.server.address() as AddressInfo).port, received, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}

export type Smtp = Awaited<ReturnType<typeof startSmtp>>;

/** A test server whose practice mails go to `smtp` (a restart passes its old `dataDir`). */
export const startServerMailingTo = (smtp: Smtp, overrides: Partial<Config> = {}): Promise<TestServer> =>
  startTestServer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Calm Waters <office@calmwaters.test>', ...overrides });

/** The SMTP catcher and a server mailing to it, for a whole test file. */
export async function startMailedServer(): Promise<{ smtp: Smtp; app: TestServer }> {
  const smtp = await startSmtp();
  return { smtp, app: await startServerMailingTo(smtp) };
}

export async function stopMailedServer(app: TestServer, smtp: Smtp): Promise<void> {
  await stopTestServer(app);
  await smtp.close();
}

/** Waits until `n` emails arrived (they go out from durable jobs, a moment after the end). */
export async function waitForMail(received: Mail[], n: number, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (received.length < n) {
    if (Date.now() - start > timeoutMs) throw new Error(`expected ${n} emails, got ${received.length}: ${received.map((m) => m.to.join()).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const mailTo = (received: Mail[], address: string): Mail[] => received.filter((m) => m.to.includes(address));

export interface CaseSessionFixture {
  caseId: string;
  sessionId: string;
  mediator: string;
  /** Bearer tokens by first name. */
  tok: { ana: string; lee: string; tom: string; ines: string };
  pid: { ana: string; lee: string; tom: string; ines: string };
}

export async function caseWithSession(maria: PracticeClient): Promise<CaseSessionFixture> {
  const created = await maria.post('/cases', PIXELFORGE);
  const caseId = created.body.case.id as string;
  const withSession = await maria.post(`/cases/${caseId}/sessions`, { kind: 'main' });
  if (withSession.status !== 201) throw new Error(`session: ${withSession.status} ${JSON.stringify(withSession.body)}`);
  const s = withSession.body.sessions[0];
  const inv = (name: string) => s.invitees.find((i: { name: string }) => i.name === name) as { link: string; participantId: string };
  const names = { ana: 'Ana Diaz', lee: 'Jordan Lee', tom: 'Tom Brennan', ines: 'Ines Moreau' } as const;
  const tok = Object.fromEntries(Object.entries(names).map(([k, n]) => [k, tokenOf(inv(n).link)])) as CaseSessionFixture['tok'];
  const pid = Object.fromEntries(Object.entries(names).map(([k, n]) => [k, inv(n).participantId])) as CaseSessionFixture['pid'];
  return { caseId, sessionId: s.sessionId, mediator: tokenOf(s.mediatorLink), tok, pid };
}

export async function api<T = any>(app: TestServer, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${app.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The mediator joins the room and ends the session (as the room's control does it). */
export async function endSession(app: TestServer, mediatorToken: string): Promise<void> {
  const m = await connectClient(app.url, mediatorToken);
  must(await m.request('session:join', {}));
  must(await m.request('control:endSession', {}));
  m.close();
}

/** A YYYY-MM-DD `days` from today (UTC). */
export const dayAhead = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
