/**
 * Email out of the practice: over SMTP when `SMTP_URL` is set (nodemailer, the standard Node SMTP
 * client: pooling, STARTTLS, auth and MIME done right), and always recorded in the practice's
 * outbox. With no SMTP configured (the embedded default) the outbox is where the message stays,
 * for the mediator to read and copy in the app.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { EMAIL_ATTACHMENTS_MAX_BYTES, type EmailView } from '@mediation/shared';
import type { Logger } from 'pino';
import type { Mailer, OutgoingEmail } from '../contracts.js';
import { newId } from '../ids.js';
import { calendarInvite } from './ics.js';
import type { EmailRecord, OutboxStore } from '../storage/practiceTypes.js';

export interface MailerOptions {
  smtpUrl: string | null;
  /** The From header ("Practice <no-reply@host>"). */
  from: string;
  outbox: OutboxStore;
  log: Logger;
}

/** How long an SMTP exchange may take before the message is marked failed (a request waits for it). */
const SMTP_TIMEOUT_MS = 15_000;

export function createMailer(opts: MailerOptions): Mailer & { close(): void } {
  const transport: Transporter | null = opts.smtpUrl
    ? nodemailer.createTransport({ url: opts.smtpUrl, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS } satisfies SMTPTransport.Options)
    : null;

  return {
    smtp: transport !== null,
    async send(msg: OutgoingEmail): Promise<EmailView> {
      const ics = msg.calendar ? calendarInvite(msg.calendar) : null;
      const files = msg.attachments ?? [];
      const total = files.reduce((n, f) => n + f.bytes.length, 0);
      const tooLarge = total > EMAIL_ATTACHMENTS_MAX_BYTES;
      const record: EmailRecord = {
        id: newId(), practiceId: msg.practiceId, caseId: msg.caseId, to: msg.to, subject: msg.subject, text: msg.text,
        ics, hasCalendar: ics !== null,
        // The outbox keeps what was sent; files refused as too large are not kept (the error names their size).
        attachments: tooLarge ? [] : files.map((f) => ({ filename: safeFilename(f.filename), contentType: f.contentType, size: f.bytes.length })),
        status: tooLarge ? 'failed' : transport ? 'sent' : 'outbox',
        error: tooLarge ? `The attachments are ${mb(total)}, more than the ${mb(EMAIL_ATTACHMENTS_MAX_BYTES)} an email may carry; nothing was sent.` : null,
        createdAt: Date.now(),
      };
      if (tooLarge) {
        opts.log.warn({ to: msg.to, bytes: total }, 'email not sent: attachments too large');
        await opts.outbox.add(record);
        const { practiceId: _p, ics: _i, ...view } = record;
        return view;
      }
      if (transport) {
        try {
          await transport.sendMail({
            from: opts.from, to: msg.to, subject: msg.subject, text: msg.text,
            // As a text/calendar alternative (calendar apps offer "add") and as an attachment.
            ...(ics ? { icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: ics } } : {}),
            attachments: files.map((f, i) => ({ filename: record.attachments[i]!.filename, contentType: f.contentType, content: f.bytes })),
          });
        } catch (err) {
          record.status = 'failed';
          record.error = `The mail server refused or could not be reached (${(err as Error).message}).`;
          opts.log.warn({ to: msg.to, reason: (err as Error).message }, 'email not sent');
        }
      }
      await opts.outbox.add(record, files.map((f) => f.bytes));
      const { practiceId: _p, ics: _i, ...view } = record;
      return view;
    },
    async list(practiceId) {
      return (await opts.outbox.list(practiceId)).map(({ practiceId: _p, ics: _i, ...view }) => view);
    },
    close() {
      transport?.close();
    },
  };
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** A filename as a mail client may show and save it: no path, no control or quote characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base.replace(/[\u0000-\u001f\u007f-\u009f"<>|:*?\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '_')).slice(0, 120).join('').trim();
  return clean === '' || /^\.+$/.test(clean) ? 'attachment' : clean;
}
