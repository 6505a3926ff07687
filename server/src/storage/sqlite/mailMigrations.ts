/** Files sent with an email, kept with it in the outbox (the mediator can still send them by hand). */
import type { Migration } from './migrations.js';

const MAIL_ATTACHMENTS_V1 = `
CREATE TABLE email_attachments (
  email_id TEXT NOT NULL REFERENCES emails(id), idx INTEGER NOT NULL, filename TEXT NOT NULL,
  content_type TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (email_id, idx)
);
`;

/** Appended to MIGRATIONS with the next free version number (see migrations.ts). */
export const mailMigrations = (firstVersion: number): Migration[] => [
  { version: firstVersion, name: 'files sent with emails (the signed agreement with the follow-up plan)', up: (db) => db.exec(MAIL_ATTACHMENTS_V1) },
];
