import type { Annotation, DocumentMeta, Env, PacketInfo } from '../model/types';
import { exportFileName } from '../model/filenames';
import type { LibraryStore } from '../storage/library-store';
import type { ReaderState } from './reader.svelte';
import type { OpenDocument } from './document.svelte';
import type { AnnotationCommands } from './annotation-commands.svelte';
import type { LibraryState } from './library.svelte';
import type { Notices } from './notices.svelte';
import { download } from './download';
import { fragmentSelector } from '../model/citation';

const DEFAULT_NAME = 'Me';

export interface PacketOptions {
  instructions: string;
  /** YYYY-MM-DD, or empty for none. */
  due: string;
  /** Annotations (the teacher's own) to ship as prompts. */
  promptIds: readonly string[];
}

/**
 * Reading packets. The teacher makes one file from a document (text, tag set, prompts,
 * instructions, due date); a student opens it, annotates, replies to the prompts and hands in
 * a file of their own annotations. Opening a newer revision of a packet updates tags and
 * prompts and never touches the student's annotations.
 */
export class PacketState {
  constructor(
    private store: LibraryStore,
    private doc: OpenDocument,
    private reader: ReaderState,
    private edits: AnnotationCommands,
    private library: LibraryState,
    private notices: Notices,
    private env: Env,
    private openDocument: (id: string) => Promise<void>,
  ) {}

  /** True when the open document came from someone else's packet (the reader is a student). */
  get isStudentCopy(): boolean {
    return this.doc.meta?.packet?.role === 'student';
  }

  /** Whether an annotation is the teacher's own: made under their name, before they set one,
   * or already a prompt (written under an earlier name). */
  private isOwn(a: Annotation): boolean {
    return a.creator === this.reader.creator || a.creator === DEFAULT_NAME || !!a.prompt;
  }

  /** Annotations that can become prompts: the teacher's own with a note (the question). */
  promptCandidates(): Annotation[] {
    return this.doc.placed
      .map((p) => p.a)
      .filter((a) => this.isOwn(a) && !a.replyTo && a.note.trim() !== '');
  }

  /**
   * Marks the chosen annotations as prompts (and unmarks the others of this reader), records the
   * packet's new revision on the document, both in one transaction, then downloads the packet.
   */
  async create(opts: PacketOptions): Promise<boolean> {
    const r = this.reader;
    const meta = this.doc.meta;
    if (!meta) return false;
    if (opts.due && !/^\d{4}-\d{2}-\d{2}$/.test(opts.due)) {
      this.notices.error(
        `The due date “${opts.due}” is not a date; use the date picker (YYYY-MM-DD).`,
      );
      return false;
    }
    const text = await this.store.getText(meta.id);
    if (!text) {
      this.notices.error(
        `The text of “${meta.title}” is missing from your library, so no packet can be made from it.`,
      );
      return false;
    }
    const chosen = new Set(opts.promptIds);
    const now = this.env.now();
    const changed: Annotation[] = [];
    for (const a of this.doc.annotations) {
      if (!this.isOwn(a)) continue;
      const want = chosen.has(a.id);
      if (!!a.prompt === want) continue;
      const copy: Annotation = { ...a, modified: now.toISOString() };
      if (want) copy.prompt = true;
      else delete copy.prompt;
      changed.push(copy);
    }
    // The stored record, not this tab's copy: another tab may have made a revision meanwhile.
    const stored = (await this.store.getDocument(meta.id))?.packet;
    const old = stored?.role === 'teacher' ? stored : undefined;
    const info: PacketInfo = {
      id: old?.id ?? `urn:uuid:${this.env.uuid()}`,
      revision: (old?.revision ?? 0) + 1,
      issued: now.toISOString(),
      author: r.creator,
      instructions: opts.instructions.trim(),
      ...(opts.due ? { due: opts.due } : {}),
      role: 'teacher',
    };
    if (!(await this.edits.commit({ put: changed, packet: info }))) return false;
    // Undoing an earlier edit would put back a copy without its prompt mark, and the next
    // revision would then take the question away from every student.
    this.edits.history.clear();
    const prompts = this.doc.annotations.filter((a) => a.prompt && chosen.has(a.id));
    const [{ serializePacket }, { packetHistory }] = await Promise.all([
      import('../model/packet'),
      import('../model/packet-text'),
    ]);
    // An edited text ships the maps from its earlier versions, so students on an earlier
    // revision's text are carried to this one (issue 16).
    const history =
      (meta.version ?? 1) > 1 ? packetHistory(await this.store.listVersions(meta.id)) : [];
    const { role: _role, ...shipped } = info;
    const json = serializePacket({
      doc: this.doc.meta ?? meta,
      text: text.source,
      tags: this.doc.tags,
      prompts,
      info: shipped,
      generatedAt: now,
      locate: this.#locate,
      history,
    });
    download(
      exportFileName(meta.title, now, 'json', `reading packet r${info.revision}`),
      JSON.stringify(json, null, 2),
      'application/ld+json',
    );
    this.notices.announce(
      `Reading packet created (revision ${info.revision}) with ${prompts.length} ${prompts.length === 1 ? 'prompt' : 'prompts'}.`,
    );
    return true;
  }

  /**
   * A student sets their name: what they annotated on this packet before, under the default
   * name, becomes theirs (one transaction), so the hand-in holds all of it.
   */
  async adoptDefaultName(): Promise<void> {
    const r = this.reader;
    if (!this.isStudentCopy || this.needsName) return;
    const now = this.env.now().toISOString();
    const put = this.doc.annotations
      .filter((a) => a.creator === DEFAULT_NAME && !a.prompt)
      .map((a) => ({ ...a, creator: r.creator, modified: now }));
    if (put.length && (await this.edits.commit({ put }))) this.edits.history.clear();
  }

  /** The page (PDF) or chapter (EPUB) of a target, as a W3C FragmentSelector for other tools. */
  #locate = (start: number) => fragmentSelector(this.doc.parsed, start);

  /** The student's name is still the default: hand-ins must say who made them. */
  get needsName(): boolean {
    return this.reader.creator.trim() === '' || this.reader.creator === DEFAULT_NAME;
  }

  /**
   * Downloads the reader's own annotations on the open document (replies included, prompts not)
   * as a W3C collection named after the document and the reader.
   */
  async handIn(): Promise<boolean> {
    const r = this.reader;
    const meta: DocumentMeta | null = this.doc.meta;
    if (!meta) return false;
    if (this.needsName) {
      this.notices.error(
        'Set your name first, so that your teacher knows whose annotations these are.',
      );
      return false;
    }
    const mine = this.doc.annotations.filter((a) => a.creator === r.creator && !a.prompt);
    if (!mine.length) {
      this.notices.error(
        'You have no annotations on this document yet, so there is nothing to hand in.',
      );
      return false;
    }
    const others = this.doc.annotations.filter((a) => a.creator !== r.creator && !a.prompt).length;
    const { serializeCollection } = await import('../model/w3c');
    const now = this.env.now();
    const json = serializeCollection(meta, mine, this.doc.tags, {
      generatedAt: now,
      locate: this.#locate,
    });
    download(
      exportFileName(meta.title, now, 'json', `${r.creator} – hand-in`),
      JSON.stringify(json, null, 2),
      'application/ld+json',
    );
    const skipped = others
      ? ` ${others} ${others === 1 ? 'annotation' : 'annotations'} under other names ${others === 1 ? 'was' : 'were'} not included.`
      : '';
    this.notices.announce(
      `Handed in ${mine.length} ${mine.length === 1 ? 'annotation' : 'annotations'} as ${r.creator}. Send the downloaded file to your teacher.${skipped}`,
    );
    return true;
  }
}
