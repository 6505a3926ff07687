import { describe, expect, it } from 'vitest';
import { describeMediaError } from './mediaErrors';

const domError = (name: string) => Object.assign(new Error('x'), { name });

describe('describeMediaError', () => {
  it('explains a blocked camera (NotAllowedError) and offers joining without camera', () => {
    const info = describeMediaError(domError('NotAllowedError'));
    expect(info.problem).toBe('blocked');
    expect(info.message).toMatch(/blocked/);
    expect(info.message).toMatch(/join without camera/);
  });
  it('explains a missing device (NotFoundError)', () => {
    expect(describeMediaError(domError('NotFoundError')).problem).toBe('missing');
  });
  it('explains a busy device (NotReadableError)', () => {
    const info = describeMediaError(domError('NotReadableError'));
    expect(info.problem).toBe('busy');
    expect(info.message).toMatch(/busy/);
  });
  it('falls back to a generic message for anything else, including non-errors', () => {
    expect(describeMediaError('weird').problem).toBe('unknown');
    expect(describeMediaError(domError('SomethingElse')).message).toMatch(/could not be started/);
  });
});
