/** Byte-signature helpers shared by the format modules' sniffers. Pure; no DOM. */

/** True when `bytes` holds the ASCII string `s` at offset `at`. */
export const asciiAt = (bytes: Uint8Array, at: number, s: string): boolean =>
  at + s.length <= bytes.length && [...s].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** The lowercase extension of a file name, without the dot ('' when none). */
export const extensionOf = (name: string): string =>
  /\.([^./\\]+)$/.exec(name)?.[1].toLowerCase() ?? '';

export const isZip = (b: Uint8Array): boolean => asciiAt(b, 0, 'PK\x03\x04');

/** Name of the ZIP's first entry, read from its local file header. */
export function firstZipEntry(b: Uint8Array): { name: string; dataAt: number } | null {
  if (!isZip(b) || b.length < 30) return null;
  const nameLen = b[26] | (b[27] << 8);
  const extraLen = b[28] | (b[29] << 8);
  if (30 + nameLen > b.length) return null;
  const name = String.fromCharCode(...b.subarray(30, 30 + nameLen));
  return { name, dataAt: 30 + nameLen + extraLen };
}

/** Whether the ASCII string occurs in the first or the last `window` bytes (a ZIP's entry names
 * are in its local headers and again in the central directory at the end). */
export function hasAscii(b: Uint8Array, s: string, window = 1 << 20): boolean {
  const needle = new TextEncoder().encode(s);
  const search = (from: number, to: number) => {
    outer: for (let i = from; i <= to - needle.length; i++) {
      for (let k = 0; k < needle.length; k++) if (b[i + k] !== needle[k]) continue outer;
      return true;
    }
    return false;
  };
  if (b.length <= 2 * window) return search(0, b.length);
  return search(0, window) || search(b.length - window, b.length);
}

/** The first 1 kB as Latin-1 text, lowercased, BOM and leading whitespace dropped. */
export function headText(b: Uint8Array, n = 1024): string {
  let s = String.fromCharCode(...b.subarray(0, n)).toLowerCase();
  if (s.startsWith('\xef\xbb\xbf')) s = s.slice(3);
  return s.trimStart();
}
