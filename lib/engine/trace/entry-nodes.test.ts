/**
 * Entry-node alternatives of a LoadBalancer / externalIP without a pinned entry node (engine-plan.md "Entry-node
 * alternatives"): every target node is an alternative, uniform; with more than 8 targets the nodes without an
 * endpoint collapse into one representative whose weight is their summed share. With every node a target, the
 * answer is computed from the endpoint nodes alone (issue 17 item 5: no walk over 5,000 nodes per request), and
 * must be the same as the general walk over an explicit list of the same nodes.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterModel } from '../model';
import { entryNodes } from './cloud-lb';
import type { Ctx } from './state';

const names = Array.from({ length: 20 }, (_, i) => `node-${String(i).padStart(2, '0')}`);
const model = {
  nodeNames: names,
  nodes: new Map(names.map((n) => [n, { name: n }])),
} as unknown as ClusterModel;
const ctx = { model, req: {} } as unknown as Ctx;

describe('entryNodes', () => {
  it('all nodes as targets: endpoint nodes 1/n each in name order, one representative for the rest', () => {
    const eps = new Set(['node-17', 'node-03', 'node-00']);
    const fast = entryNodes(ctx, model.nodeNames, eps);
    expect(fast.map((e) => e.node)).toEqual(['node-00', 'node-03', 'node-17', 'node-01']);
    expect(fast.map((e) => e.weight)).toEqual([1 / 20, 1 / 20, 1 / 20, 17 / 20]);
    expect(fast[3]!.choice).toMatch(/standing for 17 of 20/);
    // Same as the general walk over a copy of the list.
    expect(fast).toEqual(entryNodes(ctx, [...model.nodeNames], eps));
  });

  it('an endpoint node that is not a node of the model is not an alternative (same as the walk)', () => {
    const eps = new Set(['node-05', 'gone']);
    expect(entryNodes(ctx, model.nodeNames, eps)).toEqual(entryNodes(ctx, [...model.nodeNames], eps));
  });
});
