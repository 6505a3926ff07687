/**
 * The interface language recorded for a case person (i18n): the mediator picks it when adding
 * them; their intake answer can override it. Null = not recorded (English, or their browser's).
 * Version 14. The PostgreSQL store mirrors it (case_people.language TEXT NULL).
 */
import type { Migration } from './migrations.js';

export const languageMigrations = (version: number): Migration[] => [
  { version, name: 'interface language of a case person (emails and join page)', up: (db) => db.exec('ALTER TABLE case_people ADD COLUMN language TEXT') },
];
