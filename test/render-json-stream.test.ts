import { describe, expect, it } from 'vitest';
import { jsonChunks, lazy } from '../src/render/json-stream.ts';

describe('jsonChunks', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, lazy lists included', () => {
    const value = {
      a: 1,
      b: 'x"y',
      c: [],
      d: {},
      e: null,
      f: [1, [2, { g: [3] }], { h: 'é\n' }],
      u: undefined,
      deep: { l1: { l2: { l3: { l4: { l5: { l6: [1, { l7: 2 }] } } } } } },
    };
    const lazyValue = { ...value, list: lazy([{ x: 1 }, { y: [1, 2] }]), empty: lazy([]) };
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
    expect([...jsonChunks(lazyValue)].join('')).toBe(JSON.stringify({ ...value, list: [{ x: 1 }, { y: [1, 2] }], empty: [] }, null, 2));
  });

  it('indents a subtree written whole at any depth as the walk would', () => {
    const value = { a: [{ b: [1, { c: 'x\ny', d: [] }], e: {} }, [[], [null]]], f: { g: { h: [1, 2] } }, s: 'top' };
    for (let maxDepth = 0; maxDepth <= 6; maxDepth++) {
      expect([...jsonChunks(value, 0, maxDepth)].join('')).toBe(JSON.stringify(value, null, 2));
      expect([...jsonChunks(lazy([value, 3]), 0, maxDepth)].join('')).toBe(JSON.stringify([value, 3], null, 2));
    }
  });
});
