import type { Annotation } from '../model/types';
import type { AnnotationBatch } from '../sync/mirror';
import type { Sharing } from '../sync/class-api';
import type { Classmate } from '../sync/settings';

/** A classmate's answer to a prompt, as a student sees it when the teacher shares answers. */
export interface SharedAnswer {
  id: string;
  /** The classmate's name as the class roster has it (never the record's own `creator`). */
  name: string;
  note: string;
}

interface Work {
  name: string;
  records: ReadonlyMap<string, Annotation>;
}

/**
 * Classmates' work a student sees while the teacher shares answers (sync/settings.ts): kept in
 * memory only, read-only, never written to IndexedDB, never in the student's own document, so
 * it is neither handed in nor sent anywhere. Records arrive validated (sync/record.ts); they are
 * filed under the classmate whose room they came from and labelled with that classmate's name.
 */
export class SharedWork {
  #work = $state.raw<ReadonlyMap<string, Work>>(new Map());
  #sharing = $state.raw<Sharing>('private');
  #answers = $derived.by(() => {
    const out = new Map<string, SharedAnswer[]>();
    for (const { name, records } of this.#work.values())
      for (const a of records.values()) {
        if (!a.replyTo || !a.note.trim()) continue;
        const list = out.get(a.replyTo) ?? [];
        list.push({ id: a.id, name, note: a.note });
        out.set(a.replyTo, list);
      }
    for (const list of out.values())
      list.sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
    return out;
  });

  /** The teacher's sharing choice as last heard from the teacher room. */
  get sharing(): Sharing {
    return this.#sharing;
  }

  /** Classmates whose work is shown (those who have made anything), by name. */
  get classmates(): string[] {
    return [...this.#work.values()]
      .filter((w) => w.records.size)
      .map((w) => w.name)
      .sort((x, y) => x.localeCompare(y));
  }

  /** Classmates' answers to `promptId`, by name. */
  answersTo(promptId: string): readonly SharedAnswer[] {
    return this.#answers.get(promptId) ?? NONE;
  }

  /** A validated batch from `who`'s room (prompts are never theirs to send: left out). */
  receive(who: Classmate, batch: AnnotationBatch): void {
    const records = new Map(this.#work.get(who.id)?.records);
    for (const id of batch.delete) records.delete(id);
    for (const a of batch.put) if (!a.prompt) records.set(a.id, a);
    this.#work = new Map(this.#work).set(who.id, { name: who.name, records });
  }

  /** The teacher's settings: their sharing choice, and the classmates whose work is shown
   * (others are forgotten: sharing may have been narrowed, a name corrected). */
  heard(sharing: Sharing, list: readonly Classmate[]): void {
    this.#sharing = sharing;
    const names = new Map(list.map((c) => [c.id, c.name]));
    const next = new Map<string, Work>();
    for (const [id, w] of this.#work) {
      const name = names.get(id);
      if (name !== undefined) next.set(id, { ...w, name });
    }
    this.#work = next;
  }

  clear(): void {
    this.#sharing = 'private';
    if (this.#work.size) this.#work = new Map();
  }
}

const NONE: readonly SharedAnswer[] = [];
