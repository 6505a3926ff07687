import { describe, expect, it } from 'vitest';
import pino from 'pino';
import * as Y from 'yjs';
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

describe('documentUpdated dispatch', () => {
  const update = (kind: 'board' | 'agreement') => ({ name: `s/${kind}/joint`, kind, doc: new Y.Doc(), update: new Uint8Array(), origin: null, writer: null });

  it('reaches only the features that declared the edited kind, and those that declared none', () => {
    const calls: string[] = [];
    const features: Feature[] = [
      { name: 'agreement-only', attach() {}, documentUpdatedKinds: ['agreement'], onDocumentUpdated: (e) => void calls.push(`agreement-only:${e.kind}`) },
      { name: 'no-handler', attach() {}, documentUpdatedKinds: ['board'] },
      { name: 'every-kind', attach() {}, onDocumentUpdated: (e) => void calls.push(`every-kind:${e.kind}`) },
    ];
    const { hooks } = createHooks(() => features, log);
    hooks.documentUpdated(update('board'));
    hooks.documentUpdated(update('agreement'));
    hooks.documentUpdated(update('board'));
    expect(calls).toEqual(['every-kind:board', 'agreement-only:agreement', 'every-kind:agreement', 'every-kind:board']);
  });

  it('follows observers added and removed after the handlers were first looked up', () => {
    const calls: string[] = [];
    const features: Feature[] = [{ name: 'f', attach() {}, onDocumentUpdated: () => void calls.push('f') }];
    const { hooks, observe } = createHooks(() => features, log);
    hooks.documentUpdated(update('board'));
    const off = observe({ onDocumentUpdated: (e) => void calls.push(`observer:${e.kind}`) });
    hooks.documentUpdated(update('board'));
    off();
    hooks.documentUpdated(update('board'));
    expect(calls).toEqual(['f', 'f', 'observer:board', 'f']);
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
