import { describe, expect, it, vi } from 'vitest';
import { DrawQueue, DRAW_STEP } from './draw-queue';
import type { Highlight } from './annotation-decorations';

const look = () => ({ className: 'mg-hl', title: '', description: '' });
const hl = (i: number, from: number): Highlight => ({ id: `a${i}`, from, to: from + 5, look });

/** A queue that records what it drew and how often it asked for the view. */
function queue(view: { from: number; to: number } | null) {
  const drawn: string[] = [];
  let asked = 0;
  const q = new DrawQueue(
    (list) => drawn.push(...list.map((h) => h.id)),
    () => (asked++, view),
  );
  return { q, drawn, asked: () => asked };
}

describe('DrawQueue', () => {
  it('draws the view now and the rest later, nearest below the view first', async () => {
    const { q, drawn, asked } = queue({ from: 1000, to: 2000 });
    const list = [hl(0, 100), hl(1, 1500), hl(2, 5000), hl(3, 2500), ...fill(50, 9000)];
    expect(q.split(list).map((h) => h.id)).toEqual(['a1']);
    expect(asked()).toBe(1);
    await q.whenDrawn();
    expect(drawn.slice(0, 2)).toEqual(['a3', 'a2']);
    expect(drawn.at(-1)).toBe('a0');
    expect(drawn).toHaveLength(list.length - 1);
  });

  it('takes a just-loaded text’s first screens as the view without asking the layout', async () => {
    const { q, drawn, asked } = queue({ from: 0, to: 10 });
    q.clear({ from: 0, to: 3000 });
    const list = [...fill(60, 0), hl(99, 8000)];
    expect(q.split(list)).toHaveLength(60);
    expect(asked()).toBe(0);
    await q.whenDrawn();
    expect(drawn).toEqual(['a99']);
  });

  it('asks the layout after all when the first screens hold more than two steps', () => {
    const { q, asked } = queue({ from: 0, to: 10 });
    q.clear({ from: 0, to: 100000 });
    const now = q.split(fill(2 * DRAW_STEP + 1, 0));
    expect(asked()).toBe(1);
    expect(now.length).toBeLessThan(2 * DRAW_STEP);
    q.clear();
  });

  it('finds a view older than 250 ms again at the next frame, one older than 1 s at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const { q, asked } = queue({ from: 1000, to: 2000 });
      q.split(fill(50, 0));
      expect(asked()).toBe(1);
      vi.advanceTimersByTime(300);
      // A part applied 300 ms later: split by the range known, which is asked again after.
      q.split(fill(50, 5000));
      expect(asked()).toBe(1);
      vi.advanceTimersByTime(20);
      expect(asked()).toBe(2);
      vi.advanceTimersByTime(2000);
      q.split(fill(50, 9000));
      expect(asked()).toBe(3);
      q.clear();
    } finally {
      vi.useRealTimers();
    }
  });
});

/** `n` highlights from `at` on, 10 positions apart. */
function fill(n: number, at: number): Highlight[] {
  return Array.from({ length: n }, (_, i) => hl(1000 + at + i, at + i * 10));
}
