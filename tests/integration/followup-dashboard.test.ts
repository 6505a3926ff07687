/**
 * The practice dashboard on a real server: signed-in mediators only; cases by stage, sessions
 * held, follow-up items and their check-ins, as the practice's own data says; CSV export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '@mediation/shared';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { api, caseWithSession, dayAhead, endSession, type CaseSessionFixture } from './followup-helpers.js';
import { PracticeClient, setUpOwner } from './practice-client.js';

let app: TestServer;
let maria: PracticeClient;
let f: CaseSessionFixture;

beforeAll(async () => {
  app = await startTestServer();
  maria = await setUpOwner(app.url);
  f = await caseWithSession(maria);
});
afterAll(async () => {
  await stopTestServer(app);
});

const dashboard = async (c: PracticeClient) => {
  const res = await fetch(`${app.url}/api/dashboard`, { headers: c.cookie ? { cookie: c.cookie } : {} });
  return { status: res.status, body: (await res.json()) as Dashboard & { error?: { code: string } } };
};

describe('practice dashboard', () => {
  it('is for signed-in mediators only', async () => {
    const r = await dashboard(new PracticeClient(app.url));
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe('UNAUTHORIZED');
    expect((await fetch(`${app.url}/api/dashboard/cases.csv`)).status).toBe(401);
  });

  it('counts the practice’s cases, sessions held and follow-up items; exports CSV', async () => {
    let d = (await dashboard(maria)).body;
    expect(d.casesByStage.find((s) => s.stage === 'scheduling')?.count).toBe(1);
    expect(d.settlement).toEqual({ settled: 0, ended: 0, rate: null });

    const saved = await api(app, 'PUT', `/api/sessions/${f.sessionId}/followup`, f.mediator, {
      items: [{ what: 'Send the invoice', owner: { kind: 'person', participantId: f.pid.ana }, due: dayAhead(3) }, { what: 'Pay', owner: { kind: 'side', side: 'Respondent' }, due: dayAhead(9) }],
    });
    expect(saved.status).toBe(200);
    await endSession(app, f.mediator);
    d = (await dashboard(maria)).body;
    expect(d.settlement).toEqual({ settled: 0, ended: 1, rate: 0 });
    expect(d.followUps).toEqual({ total: 2, done: 0, doneOnTime: 0, overdue: 0, needsHelp: 0 });
    expect(d.npsByMonth).toEqual([]);

    const csv = await fetch(`${app.url}/api/dashboard/cases.csv`, { headers: { cookie: maria.cookie! } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"PixelForge Studio v\. Harbor Bakery, invoice #2024-117","client-service \/ fee","Scheduling","no","","2","0","0","0","0"$/);
  });
});
