/**
 * The stored source of an edited text, one writer per source kind (issue 16): a save stores the
 * new version's whole source, whose plain text must be, code point for code point, the text the
 * edit's map leads to (annotations are carried through that map). And the plain text of any
 * stored version's source, for the code that indexes older versions (carrying, backups,
 * downloads).
 */
import type { DocFormat, Result } from './types';
import { fail, ok } from './result';
import {
  layoutBlocks,
  readBlockSource,
  serializeBlocks,
  sourceKind,
  type DraftBlock,
  type SourceKind,
} from './blocks';
import { cpLength } from './text-index';

/** What a source writer gets: the edit's new plain text, and the edited document as a block
 * tree (asked for only by the writer that needs it: it is built from the whole document). */
export interface EditedSource {
  text: string;
  blocks: () => Result<DraftBlock[]>;
}

type SourceWriter = (edited: EditedSource) => Result<string>;

/** The source writer of each kind that can be edited. */
const WRITERS: Partial<Record<SourceKind, SourceWriter>> = {
  // A text document's source is its text.
  text: (edited) => ok(edited.text),
  blocks: (edited) => {
    const blocks = edited.blocks();
    return blocks.ok ? blockSource(blocks.value, edited.text) : blocks;
  },
};

/** True when documents of this kind can be saved after an edit. */
export const canWriteSource = (kind: SourceKind): boolean => kind in WRITERS;

/** The source to store for an edit of a document of `format`, or a message naming why it
 * cannot be stored (nothing is then saved). */
export function sourceOfEdit(format: DocFormat, edited: EditedSource): Result<string> {
  const write = WRITERS[sourceKind(format)];
  return write
    ? write(edited)
    : fail(`documents of format ${format} cannot be saved after an edit`);
}

/**
 * The stored source of an edited block document: `blocks` serialized, provided it reads back
 * (the same strict check as any stored source) and lays out to exactly `text`, the edit's new
 * plain text; else a message naming the first difference.
 */
export function blockSource(blocks: readonly DraftBlock[], text: string): Result<string> {
  const source = serializeBlocks(blocks);
  const read = readBlockSource(source);
  if (!read.ok) return fail(`the edited document cannot be stored (${read.error})`);
  const laid = layoutBlocks(read.value).plainText;
  if (laid === text) return ok(source);
  let i = 0;
  while (i < laid.length && laid[i] === text[i]) i++;
  const near = text.slice(Math.max(0, i - 30), i + 10).replace(/\s+/g, ' ');
  return fail(
    `the edited paragraphs do not give the edited text at character ${cpLength(text.slice(0, i))} (near “${near}”)`,
  );
}

/** The plain text (what selectors count in) of a stored source of `format`. Text and block
 * sources; a damaged block source is an error. */
export function versionText(source: string, format: DocFormat): Result<string> {
  const kind = sourceKind(format);
  if (kind === 'text') return ok(source);
  if (kind === 'blocks') {
    const read = readBlockSource(source);
    return read.ok ? ok(layoutBlocks(read.value).plainText) : read;
  }
  return fail(`the text of a ${format} version cannot be read here`);
}
