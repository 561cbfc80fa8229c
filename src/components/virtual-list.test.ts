// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { VirtualList } from './virtual-list.svelte';

/** A list of `count` items in a 600 px scroll element, mounted; counts the key reads. */
function setup(count: number) {
  const el = document.createElement('div');
  Object.defineProperty(el, 'clientHeight', { value: 600 });
  Object.defineProperty(el, 'offsetHeight', { value: 600 });
  el.getBoundingClientRect = () => ({ width: 300, height: 600 }) as DOMRect;
  document.body.append(el);
  const list = new VirtualList({ scrollElement: () => el, estimateSize: 100 });
  const cleanup = list.mount();
  let reads = 0;
  const key = (i: number) => {
    reads++;
    return `k${i}`;
  };
  list.update(count, key, 0);
  return { list, cleanup, reads: () => reads, key };
}

describe('VirtualList', () => {
  it('draws only the items near the view of a long list', () => {
    const { list, cleanup } = setup(10_000);
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.length).toBeLessThan(30);
    expect(list.total).toBe(10_000 * 100);
    cleanup();
  });

  it('draws a pinned item without laying the whole list out again', () => {
    const { list, cleanup, reads } = setup(10_000);
    const before = reads();
    expect(before).toBeGreaterThanOrEqual(10_000);
    list.pin([7_000]);
    expect(list.items.map((v) => v.index)).toContain(7_000);
    // Activating a card reads a few keys at most, never all 10,000 again.
    expect(reads() - before).toBeLessThan(100);
    list.pin([]);
    expect(list.items.map((v) => v.index)).not.toContain(7_000);
    cleanup();
  });

  it('keeps a pinned index only while the list still has it', () => {
    const { list, cleanup, key } = setup(100);
    list.pin([90]);
    list.update(50, key, 0);
    expect(list.items.every((v) => v.index < 50)).toBe(true);
    cleanup();
  });
});
