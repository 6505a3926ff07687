import net from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { EmailRecord, OutboxStore } from '../storage/practiceTypes.js';
import { EMAIL_ATTACHMENTS_MAX_BYTES } from '@mediation/shared';
import { createMailer } from './mailer.js';

/** An outbox kept in memory (the store itself has its own contract suite). */
function memoryOutbox(): OutboxStore & { rows: EmailRecord[]; files: Map<string, readonly Buffer[]> } {
  const rows: EmailRecord[] = [];
  const files = new Map<string, readonly Buffer[]>();
  return {
    rows,
    files,
    async add(e, bytes = []) { rows.push(e); files.set(e.id, bytes); },
    async attachment(practiceId, emailId, index) {
      const e = rows.find((r) => r.practiceId === practiceId && r.id === emailId);
      const a = e?.attachments[index];
      return e && a ? { filename: a.filename, contentType: a.contentType, bytes: files.get(e.id)![index]! } : null;
    },
    async setStatus(id, status, error) { Object.assign(rows.find((r) => r.id === id)!, { status, error }); },
    async list(practiceId) { return rows.filter((r) => r.practiceId === practiceId).reverse(); },
    async get(practiceId, id) { return rows.find((r) => r.practiceId === practiceId && r.id === id) ?? null; },
  };
}

const log = pino({ level: 'silent' });
const email = {
  practiceId: 'practice_1', caseId: 'case_000001', to: 'ana@example.test', subject: 'Invitation', text: 'Dear Ana',
  calendar: { uid: 'u1@x', title: 'Session', description: 'Join', startsAt: Date.UTC(2030, 0, 1, 9), durationMinutes: 60, url: 'https://x/join#t=a', organizer: { name: 'M', email: 'm@x.test' }, attendee: null },
};

describe('mailer', () => {
  it('without SMTP keeps the email in the outbox, with its calendar invite rendered', async () => {
    const outbox = memoryOutbox();
    const mailer = createMailer({ smtpUrl: null, from: 'x@y.test', outbox, log });
    expect(mailer.smtp).toBe(false);
    const view = await mailer.send(email);
    expect(view).toMatchObject({ status: 'outbox', to: 'ana@example.test', hasCalendar: true, error: null });
    expect(outbox.rows[0]!.ics).toContain('DTSTART:20300101T090000Z');
    expect(await mailer.list('practice_1')).toEqual([view]);
    expect(await mailer.list('practice_2')).toEqual([]);
  });

  it('keeps attachments with the email (names made safe), and refuses more than the limit without keeping their bytes', async () => {
    const outbox = memoryOutbox();
    const mailer = createMailer({ smtpUrl: null, from: 'x@y.test', outbox, log });
    const pdf = Buffer.from('%PDF-1.7 signed');
    const view = await mailer.send({ ...email, attachments: [{ filename: '../../etc/agree\u202Ement.pdf', contentType: 'application/pdf', bytes: pdf }] });
    expect(view).toMatchObject({ status: 'outbox', attachments: [{ filename: 'agree_ment.pdf', contentType: 'application/pdf', size: pdf.length }] });
    expect(await outbox.attachment('practice_1', view.id, 0)).toEqual({ filename: 'agree_ment.pdf', contentType: 'application/pdf', bytes: pdf });
    expect(await outbox.attachment('practice_2', view.id, 0)).toBeNull();

    const big = Buffer.alloc(EMAIL_ATTACHMENTS_MAX_BYTES + 1);
    const refused = await mailer.send({ ...email, attachments: [{ filename: 'big.pdf', contentType: 'application/pdf', bytes: big }] });
    expect(refused).toMatchObject({ status: 'failed', attachments: [] });
    expect(refused.error).toMatch(/more than the 5\.0 MB an email may carry/);
    expect(outbox.files.get(refused.id)).toEqual([]);
  });

  it('an unreachable mail server marks the email failed instead of throwing', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const outbox = memoryOutbox();
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'x@y.test', outbox, log });
    const view = await mailer.send({ ...email, calendar: null });
    expect(view.status).toBe('failed');
    expect(view.error).toMatch(/could not be reached|refused/);
    expect(outbox.rows).toHaveLength(1);
    mailer.close();
  });
});
