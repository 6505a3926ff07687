/**
 * The mail feature: provides the `mailer` port (SMTP when configured, the outbox always) to the
 * features that write to people (the practice's invitations today; reminders and notices later).
 */
import type { Feature } from '../features.js';
import { createMailer } from './mailer.js';

export function mailFeature(): Feature {
  let close: (() => void) | null = null;
  return {
    name: 'mail',
    attach(ctx) {
      const from = ctx.config.mailFrom ?? `Mediation <no-reply@${new URL(ctx.config.publicUrl).hostname}>`;
      const mailer = createMailer({ smtpUrl: ctx.config.smtpUrl, from, outbox: ctx.stores.practice.outbox, log: ctx.log });
      close = () => mailer.close();
      ctx.provide('mailer', mailer);
      if (!mailer.smtp) ctx.log.info('no SMTP_URL: emails are kept in the practice outbox');
    },
    close() {
      close?.();
    },
  };
}
