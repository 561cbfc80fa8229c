/** Runs `fn` once, in a task after the next frame is painted; after 200 ms at the latest (a
 * hidden tab paints no frames) or at once where there are no frames. */
export function afterPaint(fn: () => void): void {
  let done = false;
  const once = () => {
    if (!done) fn();
    done = true;
  };
  if (typeof requestAnimationFrame === 'undefined') return void setTimeout(once, 0);
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 200);
}
