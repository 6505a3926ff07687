/**
 * Personal email in the person's language, through a REAL SMTP server (smtp-server on a loopback
 * port): the mediator records Spanish for Ana when adding her; Tom answers "Español" in his intake
 * (his own answer wins over nothing recorded); Jordan stays English. Each invitation (subject,
 * body, .ics summary) is in that person's language, and each person's room link tells the join
 * page which language to suggest.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { PIXELFORGE, type PracticeClient, daysAhead, setUpOwner } from './practice-client.js';
import { linkCall, mediatorCall, secretOf } from './intake-helpers.js';

let smtp: SMTPServer;
const received: ParsedMail[] = [];
let app: TestServer;
let maria: PracticeClient;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  app = await startTestServer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Calm Waters <office@calmwaters.test>' });
  maria = await setUpOwner(app.url);
});

afterAll(async () => {
  await stopTestServer(app);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const mailTo = (address: string): ParsedMail => {
  const m = received.find((r) => (Array.isArray(r.to) ? r.to : [r.to]).some((a) => a?.value.some((v) => v.address === address)));
  if (!m) throw new Error(`no email to ${address}; got ${received.map((r) => r.subject).join(' | ')}`);
  return m;
};
const icsOf = (m: ParsedMail): string => {
  const a = m.attachments.find((x) => x.contentType.startsWith('text/calendar') || x.filename?.endsWith('.ics'));
  if (!a) throw new Error('no calendar attachment');
  return a.content.toString('utf8').replace(/\r\n[ \t]/g, '');
};

describe('personal email follows the person\'s language', () => {
  it('a language recorded by the mediator or answered in the intake makes the invitation Spanish; others stay English', async () => {
    const people = PIXELFORGE.people.map((p) => (p.name === 'Ana Diaz' ? { ...p, language: 'es' } : p));
    const created = await maria.post('/cases', { ...PIXELFORGE, people });
    expect(created.status).toBe(201);
    const caseId = created.body.case.id;
    expect(created.body.people.find((p: { name: string }) => p.name === 'Ana Diaz').language).toBe('es');

    // Tom says in his intake that he wants Spanish.
    const links = (await mediatorCall(maria, 'POST', `/cases/${caseId}/links`, { email: false })).body.links;
    const tomIntake = secretOf(links.find((l: { name: string }) => l.name === 'Tom Brennan').link);
    const saved = await linkCall(app.url, tomIntake, 'PUT', '/form', { submit: true, answers: { language: 'es' } });
    expect(saved.status).toBe(200);
    // An unsupported language is refused, not stored.
    expect((await linkCall(app.url, tomIntake, 'PUT', '/form', { submit: false, answers: { language: 'fr' } })).status).toBe(400);

    const startsAt = daysAhead(10, 15, 0);
    const session = (await maria.post(`/cases/${caseId}/sessions`, { kind: 'main', startsAt, durationMinutes: 120 })).body.sessions[0];
    const sent = await maria.post(`/cases/${caseId}/sessions/${session.sessionId}/invitations`);
    expect(sent.status).toBe(200);
    expect(sent.body.emails.map((e: { to: string; status: string }) => [e.to, e.status])).toEqual([
      ['ana@pixelforge.test', 'sent'], ['lee@lawfirm.test', 'sent'], ['tom@harborbakery.test', 'sent'],
    ]);

    const ana = mailTo('ana@pixelforge.test');
    expect(ana.subject).toBe(`Invitación: Sesión de mediación – ${PIXELFORGE.title}`);
    expect(ana.text).toContain('Estimado/a Ana Diaz:');
    expect(ana.text).toContain(`Maria Mediator, de Calm Waters Mediation, le invita a una sesión de mediación en «${PIXELFORGE.title}».`);
    expect(ana.text).toMatch(/Cuándo: \d{1,2} [a-z]{3,4} \d{4}, 15:00 UTC \(120 minutos\)/);
    expect(ana.text).toContain('Entre con su enlace personal. Es solo para usted');
    expect(ana.text).not.toMatch(/Dear|Join with your personal link/);
    const anaIcs = icsOf(ana);
    expect(anaIcs).toContain(`SUMMARY:Sesión de mediación: ${PIXELFORGE.title.replace(/,/g, '\\,')}`);
    expect(anaIcs).toContain('DESCRIPTION:Entre con su enlace personal (solo para usted):');

    const tom = mailTo('tom@harborbakery.test');
    expect(tom.subject).toBe(`Invitación: Sesión de mediación – ${PIXELFORGE.title}`);
    expect(tom.text).toContain('Estimado/a Tom Brennan:');

    const lee = mailTo('lee@lawfirm.test');
    expect(lee.subject).toBe(`Invitation: Mediation session – ${PIXELFORGE.title}`);
    expect(lee.text).toContain('Dear Jordan Lee,');
    expect(icsOf(lee)).toContain('SUMMARY:Mediation session:');

    // Each room link tells the join page what to suggest: Spanish for Ana and Tom, nothing recorded for Jordan.
    const languageOf = async (name: string) => {
      const link = session.invitees.find((i: { name: string }) => i.name === name).link;
      const r = await fetch(`${app.url}/api/invite`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });
      expect(r.status).toBe(200);
      return ((await r.json()) as { language: string | null }).language;
    };
    expect(await languageOf('Ana Diaz')).toBe('es');
    expect(await languageOf('Tom Brennan')).toBe('es');
    expect(await languageOf('Jordan Lee')).toBeNull();
  });
});
