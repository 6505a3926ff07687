/**
 * Email through a REAL SMTP server on a loopback port (smtp-server): invitations from a case
 * arrive with the personal link (which opens the invite) and a calendar invite; a refused
 * message is marked failed in the outbox and the history; and with no SMTP configured the
 * message stays in the outbox, readable in the app.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { PIXELFORGE, type PracticeClient, daysAhead, setUpOwner, utcDate } from './practice-client.js';

interface Received {
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
}

let smtp: SMTPServer;
let smtpPort = 0;
const received: Received[] = [];
/** Recipients the SMTP server refuses (to show a failed send). */
const refuse = new Set<string>(['tom@harborbakery.test']);

let app: TestServer;
let maria: PracticeClient;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (refuse.has(address.address)) return cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((mail) => {
        received.push({ envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) }, mail });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  app = await startTestServer({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, mailFrom: 'Calm Waters <office@calmwaters.test>' });
  maria = await setUpOwner(app.url);
});

afterAll(async () => {
  await stopTestServer(app);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const textOf = (m: ParsedMail) => m.text ?? '';

describe('practice email over SMTP', () => {
  it('emails each invited person their personal link and a calendar invite; the link opens their invite; failures are recorded', async () => {
    expect((await maria.get('/status')).body.smtp).toBe(true);
    const created = await maria.post('/cases', PIXELFORGE);
    const caseId = created.body.case.id;
    const startsAt = daysAhead(21, 9, 30);
    const withSession = await maria.post(`/cases/${caseId}/sessions`, { kind: 'main', startsAt, durationMinutes: 90 });
    expect(withSession.status).toBe(201);
    const session = withSession.body.sessions[0];

    const sent = await maria.post(`/cases/${caseId}/sessions/${session.sessionId}/invitations`);
    expect(sent.status).toBe(200);
    // Ines has no email address: skipped with a reason. Tom's mailbox refuses: failed.
    expect(sent.body.skipped).toEqual([expect.objectContaining({ name: 'Ines Moreau', reason: expect.stringMatching(/No email address/) })]);
    expect(sent.body.emails.map((e: { to: string; status: string }) => [e.to, e.status])).toEqual([
      ['ana@pixelforge.test', 'sent'], ['lee@lawfirm.test', 'sent'], ['tom@harborbakery.test', 'failed'],
    ]);

    expect(received.map((r) => r.envelope.to)).toEqual([['ana@pixelforge.test'], ['lee@lawfirm.test']]);
    const ana = received[0]!;
    expect(ana.envelope.from).toBe('office@calmwaters.test');
    expect(ana.mail.subject).toBe(`Invitation: Mediation session – ${PIXELFORGE.title}`);
    expect(ana.mail.html).toBe(false);
    expect(textOf(ana.mail)).toContain('Dear Ana Diaz,');
    expect(textOf(ana.mail)).toContain(`When: ${utcDate(startsAt)}, 09:30 UTC (90 minutes)`);

    // The link in the email is Ana's own and opens her invite.
    const links = textOf(ana.mail).match(/https?:\/\/\S+\/join#t=\S+/g) ?? [];
    expect(links).toHaveLength(1);
    const anaLink = session.invitees.find((i: { name: string }) => i.name === 'Ana Diaz').link;
    expect(links[0]).toBe(anaLink);
    expect(links[0]!.startsWith(app.url)).toBe(true);
    const token = new URL(links[0]!).hash.replace(/^#t=/, '');
    const invite = await fetch(`${app.url}/api/invite`, { headers: { authorization: `Bearer ${token}` } });
    expect(invite.status).toBe(200);
    expect(await invite.json()).toMatchObject({ sessionId: session.sessionId, displayName: 'Ana Diaz', role: 'party', side: 'Claimant' });

    // Counsel got their own link (as an attorney), never Ana's.
    const lee = received[1]!;
    expect(textOf(lee.mail)).not.toContain(token);
    const leeToken = new URL(textOf(lee.mail).match(/https?:\/\/\S+\/join#t=\S+/)![0]).hash.replace(/^#t=/, '');
    expect(await (await fetch(`${app.url}/api/invite`, { headers: { authorization: `Bearer ${leeToken}` } })).json()).toMatchObject({ displayName: 'Jordan Lee', role: 'attorney', side: 'Claimant' });

    // The calendar invite: an .ics with the start in UTC, the link, and Ana as the attendee.
    const calendar = [...ana.mail.attachments].find((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
    expect(calendar).toBeDefined();
    const ics = calendar!.content.toString('utf8').replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain(`DTSTART:${new Date(startsAt).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`);
    expect(ics).toMatch(/ATTENDEE;[^\r\n]*mailto:ana@pixelforge.test/i);
    expect(ics).toContain(anaLink);

    // Outbox and history say what happened to each one.
    const outbox = (await maria.get('/outbox')).body.emails;
    expect(outbox.filter((e: { caseId: string }) => e.caseId === caseId).map((e: { status: string }) => e.status).sort()).toEqual(['failed', 'sent', 'sent']);
    expect(outbox.find((e: { to: string }) => e.to === 'tom@harborbakery.test').error).toMatch(/refused|could not be reached/);
    const history = (await maria.get(`/cases/${caseId}`)).body.history.map((h: { kind: string; text: string }) => [h.kind, h.text]);
    expect(history).toEqual(expect.arrayContaining([
      ['email.sent', `Emailed “Invitation: Mediation session – ${PIXELFORGE.title}” to Ana Diaz <ana@pixelforge.test>.`],
      ['email.failed', expect.stringMatching(/^Could not email .* to Tom Brennan <tom@harborbakery.test>/)],
    ]));
  });

  it('re-sending to one person only sends to them', async () => {
    const caseId = (await maria.get('/cases')).body.cases[0].id;
    const detail = (await maria.get(`/cases/${caseId}`)).body;
    const session = detail.sessions[0];
    const lee = detail.people.find((p: { name: string }) => p.name === 'Jordan Lee');
    const before = received.length;
    const r = await maria.post(`/cases/${caseId}/sessions/${session.sessionId}/invitations`, { people: [lee.id] });
    expect(r.body.emails.map((e: { to: string }) => e.to)).toEqual(['lee@lawfirm.test']);
    expect(received.slice(before).map((x) => x.envelope.to)).toEqual([['lee@lawfirm.test']]);
    expect((await maria.post(`/cases/${caseId}/sessions/${session.sessionId}/invitations`, { people: ['unknown_person'] })).status).toBe(404);
  });
});

describe('practice email without SMTP', () => {
  let plain: TestServer;
  afterAll(async () => {
    await stopTestServer(plain);
  });

  it('keeps the invitation in the outbox, readable in the app, with the working link', async () => {
    plain = await startTestServer();
    const m = await setUpOwner(plain.url);
    expect((await m.get('/status')).body.smtp).toBe(false);
    const caseId = (await m.post('/cases', PIXELFORGE)).body.case.id;
    const session = (await m.post(`/cases/${caseId}/sessions`, { kind: 'pre-mediation' })).body.sessions[0];
    const r = await m.post(`/cases/${caseId}/sessions/${session.sessionId}/invitations`);
    expect(r.body.emails.every((e: { status: string }) => e.status === 'outbox')).toBe(true);
    const outbox = (await m.get('/outbox')).body.emails;
    const ana = outbox.find((e: { to: string }) => e.to === 'ana@pixelforge.test');
    expect(ana).toMatchObject({ status: 'outbox', hasCalendar: false });
    expect(ana.text).toContain('The mediator will tell you the time.');
    const link = ana.text.match(/https?:\/\/\S+\/join#t=\S+/)[0];
    const token = new URL(link).hash.replace(/^#t=/, '');
    expect((await fetch(`${plain.url}/api/invite`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await m.get(`/cases/${caseId}`)).body.history.map((h: { kind: string }) => h.kind)).toContain('email.outbox');
  });
});
