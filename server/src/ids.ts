import crypto from 'node:crypto';

/** A random, URL-safe id (72 bits): sessions, participants, cards, versions, threads. */
export const newId = (): string => crypto.randomBytes(9).toString('base64url');
