import type { DocFormat } from './types';
import { fail, ok, type Result } from './result';

/** Largest file Marginalia opens. Bigger texts make the editor and anchoring too slow to use. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const HINT = 'Marginalia opens plain-text (.txt) and Markdown (.md) files.';
const RESAVE = 'Save it as UTF-8 and try again.';

/** Checks a file's size before its bytes are read (so a 2 GB file is refused without reading it). */
export function checkFileSize(name: string, size: number): Result<null> {
  if (size === 0) return fail(`“${name}” is empty: there is no text to read.`);
  if (size > MAX_FILE_BYTES)
    return fail(`“${name}” is ${mb(size)}; Marginalia opens files up to 50 MB.`);
  return ok(null);
}

/** Leading bytes of binary formats a reader might pick by mistake. Signatures are long enough
 * that no ordinary text starts with them. */
const SIGNATURES: [string, number[]][] = [
  ['a PDF file', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]], // GIF87a
  ['a GIF image', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]], // GIF89a
  ['a ZIP archive (or a Word or EPUB document, which are ZIP files)', [0x50, 0x4b, 0x03, 0x04]],
  ['a ZIP archive', [0x50, 0x4b, 0x05, 0x06]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['a 7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['a RAR archive', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]], // Rar!\x1a\x07
  ['a program (ELF)', [0x7f, 0x45, 0x4c, 0x46]],
  ['an old Microsoft Office document', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ['an MP3 audio file', [0xff, 0xfb]],
];

const ascii = (b: Uint8Array, at: number, s: string) =>
  [...s].every((c, i) => b[at + i] === c.charCodeAt(0));

/** What a binary file is, by its leading bytes ("a PDF file"), or null. */
export function binaryKind(b: Uint8Array): string | null {
  for (const [kind, sig] of SIGNATURES) if (sig.every((v, i) => b[i] === v)) return kind;
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'a WebP image';
  if (ascii(b, 4, 'ftyp')) return 'an MP4 video or audio file';
  // "ID3" then a version byte (2–4): a text may well start with the letters "ID3".
  if (ascii(b, 0, 'ID3') && b[3] >= 2 && b[3] <= 4) return 'an MP3 audio file';
  // "MZ" alone could start a text; a Windows program's header has NUL bytes right after it.
  if (ascii(b, 0, 'MZ') && b.subarray(2, 64).includes(0)) return 'a Windows program';
  return null;
}

/** Heuristic: UTF-16 without a byte-order mark puts a NUL in every other byte of ASCII text. */
function looksLikeBomlessUtf16(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  return pairs >= 2 && Math.max(even, odd) >= pairs * 0.4 && Math.min(even, odd) <= pairs * 0.02;
}

function formatOf(name: string): DocFormat {
  return /\.(md|markdown)$/i.test(name) ? 'markdown' : 'text';
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence (as the
 * WHATWG decoder judges: no overlongs, no surrogates, nothing above U+10FFFF); -1 if none. Runs
 * only after `TextDecoder` refused the bytes, so the common path pays nothing. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + 1 >= b.length || b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * Turns the bytes of a dropped or picked file into normalised text, or a message that names the
 * file and says in plain words what is wrong. Accepts UTF-8 (with or without BOM) and UTF-16
 * with a BOM; refuses empty files, known binary formats, NUL bytes and invalid UTF-8.
 * The format follows the extension: .md/.markdown is Markdown, anything else plain text.
 */
export function decodeTextFile(
  name: string,
  bytes: Uint8Array,
): Result<{ text: string; format: DocFormat }> {
  const size = checkFileSize(name, bytes.length);
  if (!size.ok) return size;
  const kind = binaryKind(bytes);
  if (kind) return fail(`“${name}” is ${kind}, not plain text. ${HINT}`);
  // UTF-32's BOM begins like UTF-16 LE's; caught first, or it would be called binary (NULs).
  const b = bytes;
  if (
    (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) ||
    (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
  ) {
    return fail(`“${name}” is UTF-32 text, which Marginalia cannot read. ${RESAVE}`);
  }
  let text: string;
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  if (le || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    try {
      text = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
    } catch {
      return fail(`“${name}” starts like UTF-16 text but is damaged. ${RESAVE}`);
    }
    if (text.includes('\u0000'))
      return fail(`“${name}” contains NUL characters, so it looks like a binary file, not text.`);
  } else {
    if (bytes.includes(0)) {
      if (looksLikeBomlessUtf16(bytes))
        return fail(
          `“${name}” looks like UTF-16 text without a byte-order mark, which Marginalia cannot read reliably. ${RESAVE}`,
        );
      return fail(`“${name}” contains NUL bytes, so it looks like a binary file, not text.`);
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail(
        `“${name}” is not valid UTF-8 text (invalid byte at position ${firstInvalidUtf8(bytes)}). ${RESAVE}`,
      );
    }
  }
  text = normalizeText(text);
  if (!/\S/.test(text))
    return fail(`“${name}” contains only blank space: there is no text to read.`);
  return ok({ text, format: formatOf(name) });
}

/** Strips a leading byte-order mark and turns CRLF and lone CR into LF. Nothing else — no
 * Unicode normalisation — because stored selectors count code points of exactly this text. */
export function normalizeText(s: string): string {
  const t = s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  return t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t;
}
