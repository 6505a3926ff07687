import { describe, expect, it } from 'vitest';
import { copyText, type CopyEnv } from './clipboard';

/** A document with just what the execCommand fallback touches; records what was selected and copied. */
function fakeDocument(execResult: boolean | 'throws') {
  const log: string[] = [];
  const children: unknown[] = [];
  const doc = {
    activeElement: null,
    body: {
      appendChild: (el: unknown) => void children.push(el),
      removeChild: (el: unknown) => void children.splice(children.indexOf(el), 1),
    },
    createElement: () => ({
      value: '',
      style: {},
      setAttribute() {},
      select() {
        log.push(`select:${this.value}`);
      },
      setSelectionRange() {},
    }),
    execCommand: (cmd: string) => {
      log.push(`exec:${cmd}`);
      if (execResult === 'throws') throw new Error('not allowed');
      return execResult;
    },
  };
  return { doc: doc as unknown as CopyEnv['document'], log, children };
}

describe('copyText', () => {
  it('uses the Clipboard API when there is one', async () => {
    const written: string[] = [];
    const { doc, log } = fakeDocument(true);
    expect(await copyText('https://x/join#t=a', { clipboard: { writeText: async (t) => void written.push(t) }, document: doc })).toBe('copied');
    expect(written).toEqual(['https://x/join#t=a']);
    expect(log).toEqual([]);
  });

  it('falls back to selecting the text and execCommand("copy") without navigator.clipboard (plain http)', async () => {
    const { doc, log, children } = fakeDocument(true);
    expect(await copyText('https://x/join#t=b', { clipboard: undefined, document: doc })).toBe('copied');
    expect(log).toEqual(['select:https://x/join#t=b', 'exec:copy']);
    expect(children).toHaveLength(0); // the temporary field is removed again
  });

  it('falls back when writeText is refused', async () => {
    const { doc, log } = fakeDocument(true);
    const refused = { writeText: async () => Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' })) };
    expect(await copyText('t', { clipboard: refused, document: doc })).toBe('copied');
    expect(log).toContain('exec:copy');
  });

  it.each([false, 'throws'] as const)('asks for a manual copy when execCommand also fails (%s)', async (result) => {
    const { doc, children } = fakeDocument(result);
    expect(await copyText('t', { clipboard: undefined, document: doc })).toBe('manual');
    expect(children).toHaveLength(0);
  });
});
