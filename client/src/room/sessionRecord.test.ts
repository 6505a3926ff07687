import { describe, expect, it } from 'vitest';
import type { SigningStatus } from '@mediation/shared';
import { describeRecord } from './sessionRecord';

const version = { versionId: 'v1abcdef', number: 3, name: 'Frozen for signature', hash: 'a'.repeat(64), frozenAt: Date.UTC(2026, 11, 2) };
const status = (s: Partial<SigningStatus>): SigningStatus => ({ state: 'none', version: null, fullySignedAt: null, awaiting: [], currentIsFrozenVersion: true, ...s });

describe('describeRecord', () => {
  it('offers the signed agreement only when every required signer signed', () => {
    const r = describeRecord({ empty: false, signing: status({ state: 'fully-signed', version, fullySignedAt: Date.UTC(2026, 11, 2, 12) }) });
    expect(r.summary).toMatch(/^The agreement was signed by everyone who had to sign it, on /);
    expect(r.download).toEqual({ versionId: 'v1abcdef', label: 'the signed agreement' });
  });
  it('says who did not sign when signing was not finished, and offers that version', () => {
    const r = describeRecord({ empty: false, signing: status({ state: 'awaiting', version, awaiting: ['Ben Respondent'] }) });
    expect(r.summary).toContain('not everyone signed it');
    expect(r.detail).toBe('Not signed by: Ben Respondent.');
    expect(r.download?.versionId).toBe('v1abcdef');
  });
  it('never calls a voided or never-frozen agreement signed', () => {
    for (const r of [describeRecord({ empty: false, signing: status({ state: 'void', version }) }), describeRecord({ empty: false, signing: status({}) })]) {
      expect(r.summary).not.toMatch(/was signed by/);
      expect(r.download).toEqual({ versionId: 'current', label: 'the last draft (not signed)' });
    }
    expect(describeRecord({ empty: true, signing: status({}) }).download).toBeNull();
  });
});
