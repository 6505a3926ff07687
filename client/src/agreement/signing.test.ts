import { describe, expect, it } from 'vitest';
import type { AgreementState } from '@mediation/shared';
import { signingSummary } from './signing';

const base = {
  docName: 'd', empty: false, currentHash: 'h', versions: [], suggestions: [], threads: [], proposals: [], signoffs: [],
  permissions: { edit: false, suggest: true, comment: true, sign: true, control: false },
} as const;
const frozen = { versionId: 'v3', number: 3, name: 'Final', hash: 'abc', at: 1 };
const signers = (ana: boolean, ben: boolean) => [
  { participantId: 'a', name: 'Ana', role: 'party' as const, signed: ana },
  { participantId: 'b', name: 'Ben', role: 'party' as const, signed: ben },
  { participantId: 'l', name: 'Lee', role: 'attorney' as const, signed: false },
];
const state = (x: Partial<AgreementState>): AgreementState => ({ ...base, frozen: null, signers: [], ...x }) as AgreementState;

describe('signing status line', () => {
  it('says fully signed when every required signer (the parties) has signed, attorneys optional', () => {
    const s = signingSummary(state({ frozen, signers: signers(true, true) }));
    expect(s.stage).toBe('fully-signed');
    expect(s.sentence).toBe('Fully signed: everyone who needs to sign has signed version 3.');
  });

  it('names who is still to sign while frozen', () => {
    const s = signingSummary(state({ frozen, signers: signers(true, false) }));
    expect(s.stage).toBe('awaiting');
    expect(s.sentence).toBe('Waiting for Ben to sign version 3.');
  });

  it("follows the server's report when it gives one", () => {
    const s = signingSummary(state({ frozen, signers: signers(false, false), signing: { state: 'fully-signed', version: null, fullySignedAt: 5, awaiting: [], currentIsFrozenVersion: true } } as Partial<AgreementState>));
    expect(s.stage).toBe('fully-signed');
  });

  it('says nothing while the agreement is simply being edited', () => {
    expect(signingSummary(state({ signers: signers(false, false) })).sentence).toBe('');
  });
});
