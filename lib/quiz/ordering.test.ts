import { describe, expect, it } from 'vitest';
import { moveItem, orderingLabel, positionText } from './ordering';

describe('moveItem', () => {
  const xs = ['a', 'b', 'c', 'd'] as const;

  it('moves an item down and up, like a drag or a button', () => {
    expect(moveItem(xs, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(xs, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(xs, 1, 2)).toEqual(['a', 'c', 'b', 'd']);
    expect(xs).toEqual(['a', 'b', 'c', 'd']);
  });

  it('clamps the target and reports a no-op as null', () => {
    expect(moveItem(xs, 3, 9)).toBeNull();
    expect(moveItem(xs, 0, -1)).toBeNull();
    expect(moveItem(xs, 2, 2)).toBeNull();
    expect(moveItem(xs, 4, 0)).toBeNull();
    expect(moveItem(xs, -1, 0)).toBeNull();
    expect(moveItem(xs, 1, 99)).toEqual(['a', 'c', 'd', 'b']);
  });
});

describe('orderingLabel', () => {
  it('drops Markdown markers that a screen reader would read out', () => {
    expect(orderingLabel('Container `web` in **frontend-1** (socket connect)')).toBe(
      'Container web in frontend-1 (socket connect)',
    );
    expect(orderingLabel('node-2 netfilter: KUBE-NODEPORTS → KUBE-EXT\n  → DNAT')).toBe(
      'node-2 netfilter: KUBE-NODEPORTS → KUBE-EXT → DNAT',
    );
    expect(orderingLabel('KUBE_SVC_X and a * b')).toBe('KUBE_SVC_X and a * b');
  });
});

describe('positionText', () => {
  it('is 1-based', () => {
    expect(positionText(0, 6)).toBe('position 1 of 6');
  });
});
