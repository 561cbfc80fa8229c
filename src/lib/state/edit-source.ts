import type { DocFormat, Result } from '../model/types';
import { sourceKind, type SourceKind } from '../model/blocks';
import type { EditedText } from '../editor/reader-editor';

/** What a source writer gets: the source the edit began from and the edit itself. */
type SourceWriter = (previous: string, edited: EditedText) => Promise<Result<string>>;

/**
 * The new version's source for a saved text edit, one writer per source kind (issue 16). The
 * recorder's text is what annotations are mapped in; a writer returns a source that shows
 * exactly that text, or a message naming why it cannot (the save is then refused and the edit
 * stays open). A kind without a writer cannot be edited (`canEditSource`).
 */
const WRITERS: Partial<Record<SourceKind, SourceWriter>> = {
  // Plain text: the source is the text.
  text: (_previous, edited) => Promise.resolve({ ok: true, value: edited.text }),
  // Markdown: touched blocks written as Markdown, the rest kept byte for byte (markdown-edit.ts).
  markdown: async (previous, edited) => {
    const blocks = edited.blocks();
    if (!blocks)
      return {
        ok: false,
        error: 'This edit holds content Markdown cannot hold; it was not saved.',
      };
    const { writeMarkdownEdit } = await import('../model/markdown-edit');
    return writeMarkdownEdit(previous, blocks, edited.text);
  },
};

/** True when an edit of a document of this format can be saved. */
export const canEditSource = (format: DocFormat): boolean => !!WRITERS[sourceKind(format)];

/** The source of the version an edit makes (see WRITERS). */
export function sourceOfEdit(
  format: DocFormat,
  previous: string,
  edited: EditedText,
): Promise<Result<string>> {
  const write = WRITERS[sourceKind(format)];
  if (!write)
    return Promise.resolve({
      ok: false,
      error: 'The text of this document cannot be edited here.',
    });
  return write(previous, edited);
}
