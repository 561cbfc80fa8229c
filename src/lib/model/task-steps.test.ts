import { describe, it, expect } from 'vitest';
import { nextTask, StepClock, stepBudget, STEP_MS_BLIND } from './task-steps';

describe('task steps', () => {
  it('yields in a later task: a task queued before the yield runs first', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await new Promise((r) => setTimeout(r, 0));
    const queued = new Promise<void>((r) => setTimeout(() => (order.push('queued'), r()), 0));
    await nextTask();
    order.push('after yield');
    await queued;
    expect(order[0]).toBe('timer');
    expect(order).toContain('after yield');
  });

  it('many yields in a row all resolve, in order', async () => {
    const seen: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => nextTask().then(() => seen.push(i))));
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('a step is due once its budget is spent, and a new one starts after next()', async () => {
    // Node has no navigator.scheduling: the budget is the one for browsers that cannot tell.
    expect(stepBudget()).toBe(STEP_MS_BLIND);
    const clock = new StepClock();
    expect(clock.due()).toBe(false);
    const t0 = performance.now();
    while (performance.now() - t0 <= STEP_MS_BLIND);
    expect(clock.due()).toBe(true);
    await clock.next();
    expect(clock.due()).toBe(false);
  });
});
