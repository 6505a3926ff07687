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

describe('describeMediaError names only the devices asked for', () => {
  it('talks about the microphone alone once the camera is left out', () => {
    const info = describeMediaError(domError('NotAllowedError'), { cam: false, mic: true });
    expect(info.message).toMatch(/^Your microphone is blocked/);
    expect(info.message).toMatch(/join without microphone/);
    expect(info.message).not.toMatch(/camera or/);
  });
  it('talks about the camera alone when only the camera was asked for', () => {
    expect(describeMediaError(domError('NotFoundError'), { cam: true, mic: false }).message).toMatch(/^No camera was found/);
  });
});
