/**
 * The one interface every exchange format implements. Importers map another tool's JSON onto
 * our import items (`ParsedImport`); exporters write our annotations in another tool's shape.
 * The model stays one: adapters only translate, and return results for bad input, never throw.
 */
import type { Annotation, DocumentMeta, Env, Result, Tag } from '../types';
import type { ParsedImport } from '../w3c-parse';

export interface ImportFormat {
  /** Stable key, e.g. 'hypothesis'. */
  id: string;
  /** The tool or standard, as readers know it. */
  name: string;
  /** Whether `json` has this format's shape: structural and cheap, no validation. */
  recognizes(json: unknown): boolean;
  /** The file's items, or why the file as a whole cannot be read. */
  parse(json: unknown, env: Env): Result<ParsedImport>;
}

/** Everything an export needs about one document. */
export interface ExportInput {
  doc: DocumentMeta;
  /** Annotations to export (placed and unplaced); exporters put them in text order. */
  annotations: readonly Annotation[];
  tags: readonly Tag[];
  /** The plain text the annotations' positions count in (code points). */
  text: string;
  now: Date;
  /** For paged documents (PDF): the page number at a code point offset. Without it, locations
   * are paragraph numbers. */
  pageAt?: (offset: number) => number | undefined;
  /** How a reader cites a range (code points): "p. 12", "pp. 12–13" in a PDF, the chapter's
   * title in an EPUB, '' otherwise (model/citation.ts `citeRange`). Exports that show a
   * location name it so, beside or instead of the paragraph number. */
  cite?: (start: number, end: number) => string;
}

export interface ExportFormat {
  id: string;
  /** Menu label. */
  label: string;
  /** One line under the label: what the file is for. */
  description: string;
  /** File name extension, without the dot, and the word added to the file name. */
  extension: string;
  suffix: string;
  mime: string;
  serialize(input: ExportInput): string;
}
