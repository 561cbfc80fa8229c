import type { Annotation } from '../model/types';
import { highlightClass, highlightDescription, highlightTitle } from '../model/annotation';
import type { HighlightLook, TextHighlight } from '../editor/reader-editor';
import type { OpenDocument, Placed } from './document.svelte';
import type { ReaderState } from './reader.svelte';
import { sketchAnnotation } from './document-sketch';

/**
 * What the reader draws for the open document's annotations: which are shown (layers, placed)
 * and, only when the editor draws one, how it looks (classes, tooltip, description: an import
 * of 10,000 describes the few in view first and the rest as they are drawn). A look is read
 * from the state at the time it is drawn, so a highlight waiting to be drawn never shows tags
 * or a note older than the state.
 */
export class HighlightLooks {
  /** Name and colour of each tag as last drawn, to tell a restyle from added tags. */
  #drawnTags = new Map<string, string>();

  /** `decorate` adds to a look beyond tags and note (the class view adds reader badges). */
  constructor(
    private doc: OpenDocument,
    private session: ReaderState,
    private decorate: (a: Annotation, look: HighlightLook) => HighlightLook,
  ) {}

  /** Every shown placed annotation's highlight, in text order (the whole document drawn
   * anew): read straight from the text-order index, which holds each one's range. */
  all(): TextHighlight[] {
    this.#drawnTags = styles(this.doc.tagsById.values());
    const out: TextHighlight[] = [];
    // Drawn from the drawing record while the annotations are read: the same looks.
    const sketch = this.doc.sketch;
    const docId = this.doc.meta?.id ?? '';
    for (const e of sketch ?? []) {
      const a = sketchAnnotation(e, docId);
      if (this.session.shown(a))
        out.push({ id: e.id, start: e.start, end: e.end, look: () => this.#look(a) });
    }
    if (sketch) return out;
    for (const p of this.doc.placedIndex) {
      const a = p.a;
      if (this.session.shown(a))
        out.push({ id: a.id, start: p.start, end: p.end, look: () => this.#look(a) });
    }
    return out;
  }

  /** The highlights of `list` that are shown. */
  of(list: Iterable<Annotation>): TextHighlight[] {
    const out: TextHighlight[] = [];
    const anchors = this.doc.anchors;
    for (const a of list) {
      if (!this.session.shown(a)) continue;
      const an = anchors.get(a.id);
      if (!an || an.status === 'orphan') continue;
      out.push({ id: a.id, start: an.start, end: an.end, look: () => this.#look(a) });
    }
    return out;
  }

  /** True when a tag drawn before changed its name or colour (then all must be drawn again);
   * tags only added (an import) restyle nothing already drawn. */
  restyled(tags: readonly { id: string; name: string; color: string }[]): boolean {
    const now = styles(tags);
    const changed = [...this.#drawnTags].some(([id, style]) => now.get(id) !== style);
    this.#drawnTags = now;
    return changed;
  }

  /** The next (dir 1) or previous (-1) shown annotation after offset `here` in text order,
   * optionally only those carrying a tag; wraps around. Walks from `here`, not over all. */
  next(here: number, dir: 1 | -1, tagId?: string): Placed | null {
    const placed = this.doc.placedIndex;
    const n = placed.size;
    const probe = { a: { id: '' } as Annotation, start: dir === 1 ? here + 1 : here, end: -1 };
    const from = placed.lowerBound(probe) - (dir === 1 ? 0 : 1);
    for (let k = 0; k < n; k++) {
      const p = placed.at((((from + dir * k) % n) + n) % n)!;
      if (this.session.shown(p.a) && (!tagId || p.a.tags.includes(tagId))) return p;
    }
    return null;
  }

  /** What is announced on a jump to `a`: its tags, quote and the start of its note. */
  spoken(a: Annotation): string {
    const names = a.tags
      .map((t) => this.doc.tagsById.get(t)?.name)
      .filter(Boolean)
      .join(', ');
    const note = a.note ? `. Note: ${a.note.slice(0, 80)}` : '';
    return `${names || 'Highlight'}: ${a.target.quote.exact.slice(0, 80)}${note}`;
  }

  #look(a: Annotation): HighlightLook {
    const tags = this.doc.tagsById;
    return this.decorate(a, {
      className: highlightClass(a, tags),
      title: highlightTitle(a, tags),
      // Someone else's highlight also says whose it is.
      description: highlightDescription(
        a,
        tags,
        a.creator === this.session.creator ? undefined : a.creator,
      ),
    });
  }
}

const styles = (tags: Iterable<{ id: string; name: string; color: string }>) =>
  new Map([...tags].map((t) => [t.id, `${t.color}\u0000${t.name}`]));
