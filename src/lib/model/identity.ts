import type { DocumentMeta } from './types';

/** What identifies a file being opened, beside the hash of its extracted text. */
export interface FileIdentity {
  /** SHA-256 of the original bytes (formats other than text). */
  bytesHash?: string;
  /** The file's own identifiers (a PDF's pdf.js fingerprints, permanent one first). */
  fingerprints?: readonly string[];
}

/** Why a stored document is taken for the file being opened. */
export type SameReason = 'text' | 'file' | 'fingerprint';

/**
 * The stored document that is the same file as the one being opened, though the text extracted
 * from it differs (a later extractor, or the PDF re-saved): the same original bytes, else the
 * same permanent PDF identifier (the first half of the trailer /ID, which a re-save keeps). Only
 * the permanent fingerprint counts: the second changes with every save. Most recently opened
 * first, as the library is sorted.
 */
export function findSameFile(
  docs: readonly DocumentMeta[],
  id: FileIdentity,
): { meta: DocumentMeta; reason: SameReason } | null {
  if (id.bytesHash) {
    const meta = docs.find((d) => d.original?.hash === id.bytesHash);
    if (meta) return { meta, reason: 'file' };
  }
  const permanent = id.fingerprints?.[0];
  if (permanent) {
    const meta = docs.find((d) => d.fingerprints?.[0] === permanent);
    if (meta) return { meta, reason: 'fingerprint' };
  }
  return null;
}
