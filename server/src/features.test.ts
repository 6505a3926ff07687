import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { attachFeatures, createHooks, PortRegistry, type Feature } from './features.js';
import type { AppContext } from './contracts.js';

const log = pino({ level: 'silent' });

describe('feature hooks', () => {
  it('runs every feature’s handler in list order, then observers, and survives a throwing one', () => {
    const calls: string[] = [];
    const features: Feature[] = [
      { name: 'a', attach() {}, onSpaceChanged: (e) => void calls.push(`a:${e.to}`) },
      { name: 'b', attach() {}, onSpaceChanged: () => { throw new Error('bug in b'); } },
      { name: 'c', attach() {}, onSpaceChanged: (e) => void calls.push(`c:${e.to}`), onPhaseChanged: () => void calls.push('c:phase') },
    ];
    const { hooks, observe } = createHooks(() => features, log);
    const off = observe({ onSpaceChanged: () => void calls.push('observer') });
    hooks.spaceChanged({ sessionId: 's', participantId: 'p', from: 'joint', to: null });
    off();
    hooks.spaceChanged({ sessionId: 's', participantId: 'p', from: null, to: 'joint' });
    expect(calls).toEqual(['a:null', 'c:null', 'observer', 'a:joint', 'c:joint']);
  });
});

describe('ports', () => {
  const fakeCtx = () => {
    const closers: Array<() => unknown> = [];
    return { ctx: { log, onClose: (fn: () => unknown) => void closers.push(fn) } as unknown as AppContext, closers };
  };

  it('cannot be read while features attach, so attach order cannot matter', async () => {
    const ports = new PortRegistry();
    const seen: string[] = [];
    const features: Feature[] = [
      { name: 'reader', attach: () => { try { ports.get('spaces'); seen.push('read'); } catch (err) { seen.push((err as Error).message); } } },
      { name: 'provider', attach: () => ports.provide('spaces', { currentSpace: () => 'joint', settings: () => null }) },
    ];
    await attachFeatures(fakeCtx().ctx, features, ports);
    expect(seen[0]).toMatch(/read while features are still attaching/);
    expect(ports.get('spaces').currentSpace('s', 'p')).toBe('joint');
    expect(() => ports.get('docs')).toThrow(/no feature provides port docs/);
  });

  it('refuses a feature listed twice and a port provided twice', async () => {
    await expect(attachFeatures(fakeCtx().ctx, [{ name: 'x', attach() {} }, { name: 'x', attach() {} }], new PortRegistry())).rejects.toThrow(/listed twice/);
    const ports = new PortRegistry();
    ports.provide('spaces', { currentSpace: () => null, settings: () => null });
    expect(() => ports.provide('spaces', { currentSpace: () => null, settings: () => null })).toThrow(/provided twice/);
  });

  it('closes features in reverse order', async () => {
    const { ctx, closers } = fakeCtx();
    const closed: string[] = [];
    await attachFeatures(ctx, [{ name: 'first', attach() {}, close: () => void closed.push('first') }, { name: 'second', attach() {}, close: () => void closed.push('second') }], new PortRegistry());
    for (const fn of closers.reverse()) await fn();
    expect(closed).toEqual(['second', 'first']);
  });
});
