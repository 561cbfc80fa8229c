import { getSchema } from '@tiptap/core';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import type { ParsedDocument } from '../model/types';
import { readerSchemaExtensions } from './schema';
import { buildDoc } from './build-doc';
import { EditRecorder } from './edit-recorder';

export const schema = getSchema(readerSchemaExtensions);

/** A test's edit session: `parsed` built into an editor state, every applied transaction
 * recorded by an `EditRecorder` on `text` (the canonical text, `parsed.plainText` unless given). */
export function recorderSession(parsed: ParsedDocument, text = parsed.plainText) {
  const { doc, segments } = buildDoc(schema, parsed);
  let state = EditorState.create({ doc });
  const rec = new EditRecorder(segments, text);
  const apply = (make: (s: EditorState) => Transaction) => {
    const tr = make(state);
    state = state.apply(tr);
    rec.record(tr);
  };
  /** The position of `needle`'s first character in the first text node holding it. */
  const posOf = (needle: string) => {
    let found = -1;
    state.doc.descendants((n, pos) => {
      if (found < 0 && n.isText && n.text!.includes(needle)) found = pos + n.text!.indexOf(needle);
    });
    if (found < 0) throw new Error(`no ${needle}`);
    return found;
  };
  return { rec, apply, posOf, state: () => state };
}
