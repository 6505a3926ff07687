import { describe, expect, it } from 'vitest';
import { INPUT_BOUNDS, nestingProblem } from './nesting.js';

const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

describe('nesting bound', () => {
  it('accepts ordinary messages and scalars', () => {
    expect(nestingProblem(undefined)).toBeNull();
    expect(nestingProblem('text')).toBeNull();
    expect(nestingProblem({ rtpCapabilities: { codecs: [{ mimeType: 'audio/opus', parameters: { a: 1 }, rtcpFeedback: [{ type: 'nack' }] }] } })).toBeNull();
    expect(nestingProblem(deep(INPUT_BOUNDS.maxDepth - 1))).toBeNull();
  });

  it('refuses anything deeper than the bound without recursing (200,000 levels take no stack)', () => {
    expect(nestingProblem(deep(INPUT_BOUNDS.maxDepth + 1))).toMatch(/levels deep/);
    expect(nestingProblem(JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)))).toMatch(/levels deep/);
  });

  it('refuses too many objects even when flat, and treats binary data as a leaf', () => {
    expect(nestingProblem(Array.from({ length: INPUT_BOUNDS.maxContainers + 1 }, () => ({})))).toMatch(/objects and arrays/);
    expect(nestingProblem({ data: new Uint8Array(1_000_000) })).toBeNull();
  });
});
