/**
 * What a backend gives the contract suites: a fresh, empty backend per test, and a way to open
 * the same data again (a restart). The suites use nothing else, so a PostgreSQL backend runs
 * them unchanged with its own factory (a fresh schema per test, say).
 */
import { afterEach, describe } from 'vitest';
import { sessionSettingsSchema } from '@mediation/shared';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';
import type { Stores } from '../types.js';

export interface BackendInstance {
  stores: Stores;
  /** Closes `stores` and opens the same data again, as a restarted server would. */
  reopen(): Promise<Stores>;
  /** Closes whatever is open and removes the data. */
  cleanup(): Promise<void>;
}

export type BackendFactory = () => Promise<BackendInstance>;

/** Opens a fresh backend for the test and removes it afterwards. */
export function useBackend(factory: BackendFactory): () => Promise<BackendInstance> {
  const open: BackendInstance[] = [];
  afterEach(async () => {
    for (const b of open.splice(0)) await b.cleanup();
  });
  return async () => {
    const b = await factory();
    open.push(b);
    return b;
  };
}

/** One store's suite: a describe block whose tests each open a fresh backend with `backend()`. */
export function storeSuite(name: string, factory: BackendFactory, tests: (backend: () => Promise<BackendInstance>) => void): void {
  describe(name, () => tests(useBackend(factory)));
}

let counter = 0;
/** Ids unique within a run, so suites never depend on what another test left behind. */
export const uid = (prefix: string): string => `${prefix}_${(++counter).toString(36).padStart(6, '0')}`;

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: uid('sess'),
    title: 'Contract session',
    settings: sessionSettingsSchema.parse({}),
    lobbyMessage: 'Please wait.',
    createdAt: 1_700_000_000_000,
    endedAt: null,
    ...overrides,
  };
}

export function participantRecord(sessionId: string, overrides: Partial<ParticipantRecord> = {}): ParticipantRecord {
  return {
    id: uid('p'),
    sessionId,
    displayName: 'Ana Claimant',
    role: 'party',
    side: 'Claimant',
    plannedSpace: null,
    // As a store reads them back for someone who interprets for nobody.
    interpretsFor: null,
    interpretationLanguage: null,
    tokenId: uid('jti'),
    token: 'header.payload.signature',
    expiresAt: 1_800_000_000_000,
    revoked: false,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}
