/**
 * Watches what decides which highlights must be drawn (DrawQueue): `moved` when the text may
 * have moved in the window (the page, or an element holding the editor, scrolled; the window
 * resized), `printing(on)` when printing starts or ends (`beforeprint`/`afterprint`, and the
 * print media query, which also turns when print is emulated). Scroll listeners are passive
 * and only ask for a check (the queue makes one per frame). Returns the function that stops
 * watching; does nothing where there is no window.
 */
export function watchView(
  dom: HTMLElement,
  moved: () => void,
  printing: (on: boolean) => void,
): () => void {
  if (typeof window === 'undefined') return () => {};
  const scrolled = (e: Event) => {
    const t = e.target;
    if (t === document || t === window || (t instanceof Node && t.contains(dom))) moved();
  };
  const media = typeof window.matchMedia === 'function' ? window.matchMedia('print') : null;
  const before = () => printing(true);
  const after = () => printing(!!media?.matches);
  const passive = { passive: true, capture: true } as const;
  window.addEventListener('scroll', scrolled, passive);
  window.addEventListener('resize', moved, { passive: true });
  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);
  media?.addEventListener?.('change', after);
  return () => {
    window.removeEventListener('scroll', scrolled, passive);
    window.removeEventListener('resize', moved);
    window.removeEventListener('beforeprint', before);
    window.removeEventListener('afterprint', after);
    media?.removeEventListener?.('change', after);
  };
}
