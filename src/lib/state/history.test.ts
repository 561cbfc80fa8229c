import { describe, it, expect } from 'vitest';
import { History } from './history.svelte';
import type { AnnotationChange } from '../storage/library-store';

/** A command whose batches name themselves (in `delete`), so a commit can log what ran. */
const cmd = (label: string) => ({
  label,
  undo: { delete: [`undo ${label}`] },
  redo: { delete: [`redo ${label}`] },
});

describe('History', () => {
  it('runs undo and redo presses in order, none lost while an earlier one is still writing', async () => {
    const log: string[] = [];
    // A commit that takes a while (another task), recording the order in which batches ran.
    const h = new History(async (c: AnnotationChange) => {
      await new Promise((r) => setTimeout(r, 0));
      log.push(c.delete![0]);
    });
    h.push(cmd('a'));
    h.push(cmd('b'));
    const labels = await Promise.all([h.undo(), h.undo(), h.redo()]);
    expect(labels).toEqual(['b', 'a', 'a']);
    expect(log).toEqual(['undo b', 'undo a', 'redo a']);
    expect(h.canUndo).toBe(true);
    expect(h.canRedo).toBe(true);
  });

  it('a failed step leaves the stacks as they were and does not block the next one', async () => {
    const h = new History(async (c) => {
      if (c.delete?.[0] === 'undo x') throw new Error('disk full');
    });
    h.push(cmd('x'));
    await expect(h.undo()).rejects.toThrow('disk full');
    expect(h.canUndo).toBe(true);
    expect(await h.redo()).toBeNull();
  });
});
