/** The reader's calendar day of `date` (local time zone), as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

const MAX_CHARS = 120;
/** Most file systems allow 255 bytes per name; leave room for a browser's " (1)". */
const MAX_BYTES = 240;

/**
 * Characters no file system or download dialog should see: path separators, Windows-reserved
 * punctuation, C0/C1 controls, and bidirectional overrides (which can disguise an extension).
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g;

const clean = (s: string) => s.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/**
 * A safe, readable download name: "<title> – <suffix> <YYYY-MM-DD>.<ext>", e.g.
 * "Sample interview – annotations 2026-11-25.json". At most 120 characters and 240 UTF-8
 * bytes; the title is shortened (never inside a character) to fit.
 */
export function exportFileName(title: string, date: Date, ext: string, suffix?: string): string {
  const safeExt =
    clean(ext)
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 10) || 'txt';
  const safeSuffix = suffix ? [...clean(suffix)].slice(0, 80).join('') : '';
  const tail = `${safeSuffix ? ` – ${safeSuffix}` : ''} ${localDay(date)}.${safeExt}`;
  const name = [...(clean(title).replace(/^[.\s]+/, '') || 'Untitled')].slice(0, MAX_CHARS);
  const fits = () =>
    name.join('').length + tail.length <= MAX_CHARS &&
    utf8Length(name.join('') + tail) <= MAX_BYTES;
  while (name.length > 1 && !fits()) name.pop();
  return name.join('').trimEnd() + tail;
}
