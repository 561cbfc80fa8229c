import type { Annotation, Env } from '../model/types';
import {
  agreement,
  anonymiser,
  compareNames,
  heatMap,
  passages,
  readerCounts,
  tagUsage,
  type HeatSegment,
  type Mark,
  type Passage,
} from '../model/class-analysis';
import { highlightDescription } from '../model/annotation';
import type { HighlightLook, TextHighlight } from '../editor/reader-editor';
import { sameOrNew, type OpenDocument } from './document.svelte';
import type { ReaderState } from './reader.svelte';
import type { EditorSync } from './editor-sync.svelte';
import { exportClassSummary } from './class-exports';

export type ClassTab = 'readers' | 'tags' | 'agreement';
/** Number of reader colours (`mg-r-0` … `mg-r-7` in app.css). */
const READER_COLOURS = 8;
/** Heat levels drawn (`mg-heat-1` … `mg-heat-5`). */
const HEAT_LEVELS = 5;

/** Initials of a display name: "Ana Lima" → "AL", "Student 3" → "S3". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return '?';
  if (words.length === 1) return [...words[0]].slice(0, 2).join('').toLocaleUpperCase();
  const last = words[words.length - 1];
  return ([...words[0]][0] + (/^\d+$/.test(last) ? last : [...last][0])).toLocaleUpperCase();
}

/**
 * The class view of the open document: every reader's annotations compared. What it counts
 * are the readers' own marks under the visible layers — placed annotations that are neither
 * teacher prompts nor replies to them (a reply sits on the prompt's passage, so counting it
 * would make every prompted passage look marked by the whole class).
 */
export class ClassView {
  #open = $state(false);
  #tab = $state<ClassTab>('readers');
  #anonymise = $state(false);
  #heat = $state(false);

  constructor(
    private doc: OpenDocument,
    private session: ReaderState,
    private editor: EditorSync,
    private env: Env,
  ) {}

  get open(): boolean {
    return this.#open;
  }
  get tab(): ClassTab {
    return this.#tab;
  }
  /** Names replaced by "Student 1", "Student 2"… in the view, the text and the exports. */
  get anonymise(): boolean {
    return this.#anonymise;
  }
  /** The text shows how many readers marked each part instead of the highlights. */
  get heat(): boolean {
    return this.#heat;
  }
  setTab(tab: ClassTab): void {
    this.#tab = tab;
  }
  /** The panel's effect redraws the text (ClassPanel). */
  setAnonymise(on: boolean): void {
    this.#anonymise = on;
  }
  setHeat(on: boolean): void {
    this.#heat = on;
  }

  private static isMark = (a: Annotation) => !a.prompt && !a.replyTo;

  /** Everyone who marked or answered (prompt-only authors are not readers here), sorted. */
  private lastStudents: string[] = [];
  students = $derived.by(
    () =>
      (this.lastStudents = sameOrNew(
        this.lastStudents,
        [...new Set(this.doc.annotations.filter((a) => !a.prompt).map((a) => a.creator))].sort(
          compareNames,
        ),
      )),
  );
  /** The order of "Student 1", "Student 2"…: shuffled by a hash of document and name, so that
   * the numbers cannot be undone with an alphabetical class list, yet stay the same every time
   * this document is shown. */
  anonymousOrder = $derived.by(() => {
    const doc = this.doc.meta?.id ?? '';
    const key = new Map(this.students.map((n) => [n, fnv1a(`${doc}\u0000${n}`)]));
    return [...this.students].sort((x, y) => key.get(x)! - key.get(y)! || compareNames(x, y));
  });
  /** Display names. Anonymising hides every student; a teacher who only wrote prompts keeps
   * their name, which is not a student's to protect. */
  name = $derived.by(() => {
    // Off: no dependency on the readers, so edits do not relabel every card.
    if (!this.anonymise) return sameName;
    const anon = anonymiser(this.anonymousOrder, this.anonymise);
    const students = new Set(this.students);
    return (creator: string) =>
      this.anonymise &&
      !students.has(creator) &&
      this.doc.annotations.some((a) => a.prompt && a.creator === creator)
        ? creator
        : anon(creator);
  });

  marks = $derived.by((): Mark[] =>
    this.doc.placed
      .filter((p) => ClassView.isMark(p.a) && this.session.shown(p.a))
      .map((p) => ({
        id: p.a.id,
        creator: p.a.creator,
        start: p.start,
        end: p.end,
        tags: p.a.tags,
        note: p.a.note,
        quote: p.a.target.quote.exact,
      })),
  );
  readers = $derived([...new Set(this.marks.map((m) => m.creator))].sort(compareNames));
  tagIds = $derived.by(() => this.doc.tags.map((t) => t.id));
  heatSegments = $derived.by((): HeatSegment[] => (this.open ? heatMap(this.marks) : []));
  passages = $derived.by((): Passage[] => (this.open ? passages(this.marks) : []));
  usage = $derived.by(() => (this.open ? tagUsage(this.marks, this.tagIds) : []));
  counts = $derived.by(() =>
    this.open ? readerCounts(this.marks, this.readers, this.tagIds) : [],
  );
  /** Agreement on any mark, then per tag. */
  agreement = $derived.by(() =>
    this.open && this.tab === 'agreement' ? this.computeAgreement() : [],
  );

  /** Agreement computed now, whichever tab is shown (the exports need it). */
  computeAgreement() {
    const length = this.doc.index?.length ?? 0;
    return [null, ...this.tagIds].map((t) => agreement(length, this.marks, this.readers, t));
  }

  /** The passage of the selected annotation, for the side-by-side comparison. */
  selected = $derived.by((): Passage | null => {
    const id = this.session.activeId;
    if (!id || !this.open) return null;
    return this.passages.find((p) => p.marks.some((m) => m.id === id)) ?? null;
  });

  /** Index of a reader's colour, stable for the document (by sorted name, not by visibility). */
  colourOf(creator: string): number {
    const i = this.students.indexOf(creator);
    return (i < 0 ? 0 : i) % READER_COLOURS;
  }

  tagName(id: string): string {
    return this.doc.tagsById.get(id)?.name ?? 'Untitled tag';
  }

  /** Opening draws through the panel's effect (ClassPanel), closing here. */
  toggle(): void {
    this.#open = !this.#open;
    if (!this.#open) {
      this.#heat = false;
      this.sync();
    }
  }

  /** Redraws the text for the current mode: heat-map, badged highlights, or plain highlights. */
  sync(): void {
    this.editor.setOverlay(this.open && this.heat ? this.heatHighlights() : null);
  }

  /** Jumps to a passage and selects its first mark (whose passage the detail then shows). */
  show(p: Passage): void {
    const first = p.marks[0];
    if (!first) return;
    this.session.activate(first.id);
    this.editor.scrollTo(first.id);
  }

  /** A click on the heat-map (ids `heat-<start>`): selects the passage there. False for other ids. */
  selectHeat(id: string): boolean {
    const m = /^heat-(\d+)$/.exec(id);
    if (!m) return false;
    const at = Number(m[1]);
    const p = this.passages.find((x) => x.start <= at && at < x.end);
    if (p?.marks[0]) this.session.activate(p.marks[0].id);
    return true;
  }

  /** Adds the reader's name (and badge) to a highlight while the view is open or anonymised. */
  decorate(a: Annotation, h: HighlightLook): HighlightLook {
    // Anonymised names stay anonymous after the class view is closed (titles are read aloud).
    if (!this.open && !this.anonymise) return h;
    const who = this.name(a.creator);
    const named = {
      ...h,
      title: `${who}: ${h.title}`,
      description: highlightDescription(a, this.doc.tagsById, who),
    };
    if (!this.open || !ClassView.isMark(a)) return named;
    return { ...named, badge: initials(who), badgeClass: `mg-r-${this.colourOf(a.creator)}` };
  }

  private heatHighlights(): TextHighlight[] {
    const total = Math.max(1, this.readers.length);
    return this.heatSegments.map((s) => {
      const level = Math.max(1, Math.min(HEAT_LEVELS, Math.round((s.count / total) * HEAT_LEVELS)));
      const label = `${s.count} of ${total} ${total === 1 ? 'reader' : 'readers'} marked this`;
      const look = { className: `mg-heat mg-heat-${level}`, title: label, description: label };
      return { id: `heat-${s.start}`, start: s.start, end: s.end, look: () => look };
    });
  }

  async exportMarkdown(): Promise<void> {
    await exportClassSummary(this, this.doc, this.session, this.env, 'markdown');
  }

  async exportObsidian(): Promise<void> {
    await exportClassSummary(this, this.doc, this.session, this.env, 'obsidian');
  }

  async exportCsv(which: 'passages' | 'readers'): Promise<void> {
    await exportClassSummary(this, this.doc, this.session, this.env, which);
  }
}

/** 32-bit FNV-1a: a cheap, stable hash for ordering (not for security). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const sameName = (creator: string): string => creator;
