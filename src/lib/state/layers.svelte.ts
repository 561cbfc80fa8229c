import { SvelteSet } from 'svelte/reactivity';
import type { Annotation } from '../model/types';

/** Which annotations are drawn: everyone's (minus hidden layers), only the reader's own, or only
 * the teacher's prompts. */
export type LayerMode = 'everyone' | 'mine' | 'prompts';

/**
 * Layers of the open document: one per reader (creator), each shown or hidden, plus the
 * "only me" and "only prompts" views. Pure selection state: the reader redraws after a change.
 */
export class Layers {
  /** Creators whose annotations are hidden (in "everyone" mode). */
  hidden = new SvelteSet<string>();
  mode = $state<LayerMode>('everyone');

  /** `me`: the reader's current name (for "only me"). */
  constructor(private me: () => string) {}

  /** True when some annotation may be hidden by the layers. */
  get filtering(): boolean {
    return this.mode !== 'everyone' || this.hidden.size > 0;
  }

  shown(a: Pick<Annotation, 'creator' | 'prompt'>): boolean {
    if (this.mode === 'mine') return a.creator === this.me();
    if (this.mode === 'prompts') return !!a.prompt;
    return !this.hidden.has(a.creator);
  }

  /** `shown` as a function of the layers as they are now (a new one after any change, read
   * reactively), to filter many annotations without reading reactive state for each. */
  predicate(): (a: Pick<Annotation, 'creator' | 'prompt'>) => boolean {
    const mode = this.mode;
    if (mode === 'mine') {
      const me = this.me();
      return (a) => a.creator === me;
    }
    if (mode === 'prompts') return (a) => !!a.prompt;
    const hidden = new Set(this.hidden);
    return (a) => !hidden.has(a.creator);
  }

  /** Says what `shown` depends on: equal keys, equal layers. */
  key(): string {
    return JSON.stringify([
      this.mode,
      this.mode === 'mine' ? this.me() : '',
      [...this.hidden].sort(),
    ]);
  }

  /** Whether the checkbox of `creator` reads as shown (in any mode). `annotations` is called
   * only outside "everyone" (building the list costs a pass over every annotation). */
  visible(creator: string, annotations: () => readonly Annotation[]): boolean {
    if (this.mode === 'everyone') return !this.hidden.has(creator);
    return annotations().some((a) => a.creator === creator && this.shown(a));
  }

  setMode(mode: LayerMode): void {
    this.mode = mode;
    if (mode === 'everyone') this.hidden.clear();
  }

  /** Shows or hides one reader. From "only me"/"only prompts", starts from what is shown now. */
  setVisible(
    creator: string,
    visible: boolean,
    creators: readonly string[],
    annotations: readonly Annotation[],
  ): void {
    if (this.mode !== 'everyone') {
      for (const c of creators) if (!this.visible(c, () => annotations)) this.hidden.add(c);
      this.mode = 'everyone';
    }
    if (visible) this.hidden.delete(creator);
    else this.hidden.add(creator);
  }

  reset(): void {
    this.mode = 'everyone';
    this.hidden.clear();
  }
}
