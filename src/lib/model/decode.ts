import type { DocFormat, Result } from './types';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function checkFileSize(name: string, size: number): Result<null> {
  if (size === 0) return { ok: false, error: `“${name}” is empty: there is no text to read.` };
  if (size > MAX_FILE_BYTES) return { ok: false, error: `“${name}” is ${mb(size)}; Marginalia opens files up to 50 MB.` };
  return { ok: true, value: null };
}

/** Signatures of common binary formats a reader might drop by mistake. */
const SIGNATURES: [string, number[]][] = [
  ['a PDF', [0x25, 0x50, 0x44, 0x46]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a ZIP archive (or a Word/EPUB document)', [0x50, 0x4b, 0x03, 0x04]],
  ['a ZIP archive', [0x50, 0x4b, 0x05, 0x06]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['a 7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf]],
  ['a RAR archive', [0x52, 0x61, 0x72, 0x21]],
  ['a program (ELF)', [0x7f, 0x45, 0x4c, 0x46]],
  ['an old Microsoft Office document', [0xd0, 0xcf, 0x11, 0xe0]],
  ['an MP3 audio file', [0x49, 0x44, 0x33]],
  ['a Windows program', [0x4d, 0x5a]],
];

function binaryKind(b: Uint8Array): string | null {
  for (const [kind, sig] of SIGNATURES) if (sig.every((v, i) => b[i] === v)) return kind;
  const ascii = (o: number, s: string) => [...s].every((c, i) => b[o + i] === c.charCodeAt(0));
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'a WebP image';
  if (ascii(4, 'ftyp')) return 'a video or audio file (MP4)';
  return null;
}

function formatOf(name: string): DocFormat {
  return /\.(md|markdown|mdown|mkd)$/i.test(name) ? 'markdown' : 'text';
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/// Turns the bytes of a dropped or picked file into normalised text, or a message that names
/// the file and what is wrong with it. Accepts UTF-8 (with or without BOM) and UTF-16 with BOM.
export function decodeTextFile(name: string, bytes: Uint8Array): Result<{ text: string; format: DocFormat }> {
  const size = checkFileSize(name, bytes.length);
  if (!size.ok) return size;
  const kind = binaryKind(bytes);
  if (kind) return { ok: false, error: `“${name}” is ${kind}, not plain text. Marginalia opens plain-text (.txt) and Markdown (.md) files.` };
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    try {
      text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, error: `“${name}” starts like UTF-16 text but is damaged. Save it as UTF-8 and try again.` };
    }
  } else {
    if (bytes.includes(0)) return { ok: false, error: `“${name}” contains NUL bytes, so it looks like a binary file, not text.` };
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, error: `“${name}” is not valid UTF-8 text (invalid byte at position ${firstInvalidUtf8(bytes)}). Save it as UTF-8 and try again.` };
    }
  }
  text = normalizeText(text);
  if (text.includes('\u0000')) return { ok: false, error: `“${name}” contains NUL characters, so it looks like a binary file, not text.` };
  if (!text.trim()) return { ok: false, error: `“${name}” contains only blank space: there is no text to read.` };
  return { ok: true, value: { text, format: formatOf(name) } };
}

/** Strips a byte-order mark and turns CRLF and lone CR into LF. Nothing else: offsets must
 * match the file, so no Unicode normalisation. */
export function normalizeText(s: string): string {
  return (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s).replace(/\r\n?/g, '\n');
}
