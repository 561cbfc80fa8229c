import { describe, expect, it, vi } from 'vitest';
import { DrawQueue, DRAW_STEP } from './draw-queue';
import type { Highlight } from './annotation-decorations';

const look = () => ({ className: 'mg-hl', title: '', description: '' });
const hl = (i: number, from: number): Highlight => ({ id: `a${i}`, from, to: from + 5, look });

/** A queue that records what it drew, how often it asked for the view and when it was busy;
 * `view` is the part of the text on screen, changed by assigning `at.view`. */
function queue(view: { from: number; to: number } | null) {
  const drawn: string[] = [];
  const busy: boolean[] = [];
  const at = { view, asked: 0 };
  const q = new DrawQueue(
    (list) => drawn.push(...list.map((h) => h.id)),
    () => (at.asked++, at.view),
    (on) => busy.push(on),
  );
  return { q, drawn, busy, at, asked: () => at.asked };
}

describe('DrawQueue', () => {
  // On screen 1000–2000: a screen each way (0–3000) is drawn at once, three (−2000–5000) in
  // steps; beyond that highlights wait for the reader.
  it('draws the view now, what is near in steps, and leaves the far ones waiting', async () => {
    const { q, drawn, busy, asked } = queue({ from: 1000, to: 2000 });
    const list = [hl(0, 100), hl(1, 1500), hl(2, 4800), hl(3, 2500), ...fill(50, 9000)];
    expect(q.split(list).map((h) => h.id)).toEqual(['a0', 'a1', 'a3']);
    expect(asked()).toBe(1);
    await q.whenDrawn();
    expect(drawn).toEqual(['a2']);
    expect(q.size).toBe(50);
    expect(q.waits(fill(1, 9000)[0].id)).toBe(true);
    // Busy while near ones waited, not for the far ones.
    expect(busy).toEqual([true, false]);
  });

  it('draws far ones when a scroll brings them near: on screen in that frame, then the rest', async () => {
    const { q, drawn, at } = queue({ from: 1000, to: 2000 });
    expect(q.split([hl(0, 1500), ...fill(50, 20_000), ...fill(50, 90_000)])).toHaveLength(1);
    await q.whenDrawn();
    expect(drawn).toEqual([]);
    at.view = { from: 20_100, to: 20_300 };
    q.check();
    q.check(); // asked again before the frame: one check
    await vi.waitFor(() => expect(drawn.length).toBeGreaterThan(0));
    expect(at.asked).toBe(2);
    // Those on screen are drawn first (in the frame), nearest first after them.
    expect(drawn.slice(0, 21)).toEqual(
      fill(50, 20_000)
        .map((h) => h.id)
        .slice(10, 31),
    );
    await q.whenDrawn();
    expect(drawn).toHaveLength(50);
    expect(q.size).toBe(50);
  });

  it('forgets waiting highlights removed or replaced before they were drawn', async () => {
    const { q, drawn, at } = queue({ from: 0, to: 1000 });
    expect(q.split([hl(0, 10), ...fill(50, 50_000)])).toHaveLength(1);
    q.remove(new Set(fill(25, 50_000).map((h) => h.id)));
    expect(q.size).toBe(25);
    at.view = { from: 50_000, to: 51_000 };
    q.check();
    await vi.waitFor(() => expect(q.size).toBe(0));
    await q.whenDrawn();
    expect(drawn).toEqual(
      fill(50, 50_000)
        .map((h) => h.id)
        .slice(25),
    );
  });

  it('draws everything waiting for print, and anything arriving while printing at once', () => {
    const { q, drawn } = queue({ from: 0, to: 1000 });
    q.split([hl(0, 10), ...fill(100, 50_000)]);
    expect(drawn).toEqual([]);
    q.printing(true);
    expect(q.size).toBe(0);
    expect(drawn).toHaveLength(100);
    expect(q.split(fill(60, 80_000))).toHaveLength(60);
    q.printing(false);
    expect(q.split(fill(60, 120_000))).toHaveLength(0);
    q.drawAll();
    expect(drawn).toHaveLength(160);
  });

  it('draws around a jump’s target and a named highlight synchronously', () => {
    const { q, drawn } = queue({ from: 0, to: 1000 });
    q.split([...fill(50, 50_000), hl(7, 200_000)]);
    q.drawAround(50_100);
    expect(drawn).toEqual(fill(50, 50_000).map((h) => h.id));
    expect(q.drawIds(['a7', 'unknown']).map((h) => h.id)).toEqual(['a7']);
    expect(q.drawIds(['a7'])).toEqual([]);
    expect(q.size).toBe(0);
  });

  it('moves waiting highlights through an edit of the text', () => {
    const { q, drawn } = queue({ from: 0, to: 1000 });
    q.split(fill(50, 50_000));
    q.map((pos) => pos - 40_000);
    q.drawAround(10_000);
    expect(drawn).toHaveLength(50);
  });

  it('draws everything in steps, from the top, when the layout is unknown', async () => {
    const { q, drawn, busy } = queue(null);
    expect(q.split([hl(0, 100), ...fill(50, 90_000)])).toEqual([]);
    await q.whenDrawn();
    expect(drawn).toHaveLength(51);
    expect(drawn[0]).toBe('a0');
    expect(busy).toEqual([true, false]);
  });

  it('takes a just-loaded text’s first screens as the view without asking the layout', async () => {
    const { q, drawn, asked } = queue({ from: 0, to: 10 });
    q.clear({ from: 0, to: 3000 });
    const list = [...fill(60, 0), hl(99, 8000)];
    expect(q.split(list)).toHaveLength(60);
    expect(asked()).toBe(0);
    // What waits beyond the first screens is judged by the real view at the next frame.
    await vi.waitFor(() => expect(asked()).toBe(1));
    await q.whenDrawn();
    expect(drawn).toEqual([]);
    expect(q.size).toBe(1);
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
