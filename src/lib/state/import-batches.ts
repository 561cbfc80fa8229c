import type { DocumentMeta } from '../model/types';

/** Annotation files read (held in the import worker under `handles`) for one document. */
export interface ImportBatch {
  doc: DocumentMeta;
  names: string[];
  handles: number[];
  items: number;
}

/** A file read whose document was not found: the reader chooses one. */
export interface LooseImport {
  name: string;
  handle: number;
  items: number;
}

/**
 * The annotation files of one import, grouped by the document they are for, so a class's
 * hand-ins are planned together and confirmed in one report; files for no known document wait
 * apart, in the order read.
 */
export class ImportBatches {
  readonly #byDoc = new Map<string, ImportBatch>();
  readonly loose: LooseImport[] = [];

  add(doc: DocumentMeta | undefined, name: string, handle: number, items: number): void {
    if (!doc) return void this.loose.push({ name, handle, items });
    const b = this.#byDoc.get(doc.id) ?? { doc, names: [], handles: [], items: 0 };
    b.names.push(name);
    b.handles.push(handle);
    b.items += items;
    this.#byDoc.set(doc.id, b);
  }

  /** One batch per document, in the order their first file was read. */
  get batches(): ImportBatch[] {
    return [...this.#byDoc.values()];
  }
}
