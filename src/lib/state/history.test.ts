import { describe, it, expect } from 'vitest';
import { History } from './history.svelte';

/** A command whose writes take a while, recording the order in which they ran. */
const slow = (log: string[], label: string) => ({
  label,
  undo: async () => {
    await new Promise((r) => setTimeout(r, 5));
    log.push(`undo ${label}`);
  },
  redo: async () => {
    await new Promise((r) => setTimeout(r, 5));
    log.push(`redo ${label}`);
  },
});

describe('History', () => {
  it('runs undo and redo presses in order, none lost while an earlier one is still writing', async () => {
    const log: string[] = [];
    const h = new History();
    h.push(slow(log, 'a'));
    h.push(slow(log, 'b'));
    const labels = await Promise.all([h.undo(), h.undo(), h.redo()]);
    expect(labels).toEqual(['b', 'a', 'a']);
    expect(log).toEqual(['undo b', 'undo a', 'redo a']);
    expect(h.canUndo).toBe(true);
    expect(h.canRedo).toBe(true);
  });

  it('a failed step leaves the stacks as they were and does not block the next one', async () => {
    const h = new History();
    h.push({
      label: 'x',
      undo: async () => {
        throw new Error('disk full');
      },
      redo: async () => {},
    });
    await expect(h.undo()).rejects.toThrow('disk full');
    expect(h.canUndo).toBe(true);
    expect(await h.redo()).toBeNull();
  });
});
