import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_DAYS, ROLES, SESSION_PHASES, isMediatorRole, personState, retainedUntil, sessionPhase } from './domain.js';
import { canReceive, liveChannelsOpen, recordAccess, type Holding, type RecordOperation } from './policy.js';

const DAY = 24 * 3600 * 1000;
const HOLDINGS: Holding[] = ['agreement', 'joint-board', 'caucus-material', 'mediator-notes'];
const OPS: RecordOperation[] = ['read', 'export', 'write'];

describe('sessionPhase', () => {
  it('is live until ended, ended for the retention period, then archived', () => {
    const t = 1_800_000_000_000;
    expect(sessionPhase({ endedAt: null }, t)).toBe('live');
    expect(sessionPhase({ endedAt: t }, t)).toBe('ended');
    expect(sessionPhase({ endedAt: t }, t + (DEFAULT_RETENTION_DAYS - 1) * DAY)).toBe('ended');
    expect(sessionPhase({ endedAt: t }, t + DEFAULT_RETENTION_DAYS * DAY)).toBe('archived');
    expect(sessionPhase({ endedAt: t }, t + 31 * DAY, 30)).toBe('archived');
    expect(retainedUntil({ endedAt: t }, 30)).toBe(t + 30 * DAY);
    expect(retainedUntil({ endedAt: null })).toBeNull();
  });
  it('is scheduled before its start time, live from then on', () => {
    expect(sessionPhase({ endedAt: null, scheduledFor: 2000 }, 1000)).toBe('scheduled');
    expect(sessionPhase({ endedAt: null, scheduledFor: 2000 }, 2000)).toBe('live');
  });
});

describe('personState', () => {
  it('tells invited, waiting, present, offline and removed apart', () => {
    expect(personState({ revoked: false, joined: false, online: false, space: null })).toBe('invited');
    expect(personState({ revoked: false, joined: true, online: true, space: 'lobby' })).toBe('waiting');
    expect(personState({ revoked: false, joined: true, online: true, space: 'joint' })).toBe('present');
    expect(personState({ revoked: false, joined: true, online: true, space: 'caucus:aaaa' })).toBe('present');
    expect(personState({ revoked: false, joined: true, online: false, space: 'joint' })).toBe('offline');
    expect(personState({ revoked: true, joined: true, online: true, space: 'joint' })).toBe('removed');
    expect(personState({ revoked: false, removed: true, joined: true, online: false, space: null })).toBe('removed');
  });
});

describe('recordAccess over every role, phase, holding and operation', () => {
  it('never lets anyone write in any phase', () => {
    for (const phase of SESSION_PHASES) for (const role of ROLES) for (const h of HOLDINGS) for (const ownSide of [true, false])
      expect(recordAccess(phase, { role, ownSide }, h, 'write'), `${phase} ${role} ${h}`).toBe(false);
  });

  it('says nothing while scheduled or live (the live policy decides then) and opens live channels only then', () => {
    for (const phase of ['scheduled', 'live'] as const) {
      expect(liveChannelsOpen(phase)).toBe(true);
      for (const role of ROLES) for (const h of HOLDINGS) for (const op of OPS) expect(recordAccess(phase, { role, ownSide: true }, h, op)).toBe(false);
    }
    expect(liveChannelsOpen('ended')).toBe(false);
    expect(liveChannelsOpen('archived')).toBe(false);
  });

  it('after the end, lets parties and attorneys read and export the agreement, the joint board and only their own side\'s caucus material', () => {
    for (const role of ['party', 'attorney'] as const) for (const op of ['read', 'export'] as const) {
      expect(recordAccess('ended', { role, ownSide: false }, 'agreement', op)).toBe(true);
      expect(recordAccess('ended', { role, ownSide: false }, 'joint-board', op)).toBe(true);
      expect(recordAccess('ended', { role, ownSide: true }, 'caucus-material', op)).toBe(true);
      expect(recordAccess('ended', { role, ownSide: false }, 'caucus-material', op)).toBe(false);
      expect(recordAccess('ended', { role, ownSide: true }, 'mediator-notes', op)).toBe(false);
    }
  });

  it('after the end, gives observers and interpreters nothing, and mediators everything readable', () => {
    for (const role of ROLES) for (const h of HOLDINGS) for (const op of ['read', 'export'] as const) for (const ownSide of [true, false]) {
      const r = recordAccess('ended', { role, ownSide }, h, op);
      if (role === 'observer' || role === 'interpreter') expect(r, `${role} ${h}`).toBe(false);
      if (isMediatorRole(role)) expect(r, `${role} ${h}`).toBe(true);
    }
  });

  it('once archived, keeps the record for mediators only', () => {
    for (const role of ROLES) for (const h of HOLDINGS) for (const op of ['read', 'export'] as const)
      expect(recordAccess('archived', { role, ownSide: true }, h, op), `${role} ${h}`).toBe(isMediatorRole(role));
  });

  it('keeps caucus material at least as private as it was live: whoever reads it after the end could read it live', () => {
    // Live, a caucus's material reaches its members and mediators; after the end, its own side
    // (who were its members) and mediators. Never a different side, never a neutral non-mediator.
    for (const role of ROLES) {
      const afterEnd = recordAccess('ended', { role, ownSide: true }, 'caucus-material', 'read');
      if (afterEnd) expect(canReceive({ id: 'x', role, space: 'caucus:aaaa' }, 'caucus:aaaa', 'doc')).toBe(true);
      expect(recordAccess('ended', { role, ownSide: false }, 'caucus-material', 'read')).toBe(isMediatorRole(role));
    }
  });
});
