import { describe, expect, it } from 'vitest';
import {
  checkFileSize,
  decodeTextFile,
  firstInvalidUtf8,
  MAX_FILE_BYTES,
  normalizeText,
} from './decode';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

/** UTF-16 code units of `s`, with a BOM, in the given byte order. */
function utf16(s: string, le: boolean): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, le);
  for (let i = 0; i < s.length; i++) view.setUint16(2 + i * 2, s.charCodeAt(i), le);
  return out;
}

function error(name: string, b: Uint8Array): string {
  const r = decodeTextFile(name, b);
  if (r.ok) throw new Error(`expected ${name} to be refused`);
  return r.error;
}

function decoded(name: string, b: Uint8Array) {
  const r = decodeTextFile(name, b);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('checkFileSize', () => {
  it('refuses empty and too-large files, naming them and the size', () => {
    expect(checkFileSize('empty.txt', 0)).toEqual({
      ok: false,
      error: '“empty.txt” is empty: there is no text to read.',
    });
    expect(checkFileSize('big.txt', 61.2 * 1024 * 1024)).toEqual({
      ok: false,
      error: '“big.txt” is 61.2 MB; Marginalia opens files up to 50 MB.',
    });
    expect(checkFileSize('edge.txt', MAX_FILE_BYTES + 1).ok).toBe(false);
    const huge = checkFileSize('Complete Works.txt', 2 * 1024 * 1024 * 1024);
    expect(huge).toEqual({
      ok: false,
      error: '“Complete Works.txt” is 2048.0 MB; Marginalia opens files up to 50 MB.',
    });
  });

  it('accepts anything from one byte to the limit', () => {
    expect(checkFileSize('a.txt', 1)).toEqual({ ok: true, value: null });
    expect(checkFileSize('a.txt', MAX_FILE_BYTES)).toEqual({ ok: true, value: null });
  });
});

describe('decodeTextFile: refusals', () => {
  it('empty and whitespace-only files', () => {
    expect(error('empty.txt', new Uint8Array())).toBe(
      '“empty.txt” is empty: there is no text to read.',
    );
    expect(error('blank.txt', utf8(' \n\t\r\n  \n'))).toMatch(
      /^“blank\.txt” contains only blank space/,
    );
    expect(error('bom.txt', bytes([0xef, 0xbb, 0xbf], '  \n'))).toMatch(
      /^“bom\.txt” contains only blank space/,
    );
  });

  it('known binary formats, saying which kind', () => {
    expect(error('scan.pdf', bytes('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'))).toBe(
      '“scan.pdf” is a PDF file, not plain text. Marginalia opens plain-text (.txt) and Markdown (.md) files.',
    );
    expect(
      error('pic.png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
    ).toMatch(/^“pic\.png” is a PNG image, not plain text\./);
    expect(error('essay.docx', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]))).toMatch(
      /^“essay\.docx” is a ZIP archive \(or a Word or EPUB document/,
    );
    expect(error('photo.jpg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toMatch(/a JPEG image/);
    expect(error('anim.gif', bytes('GIF89a', [1, 0, 1, 0]))).toMatch(/a GIF image/);
    expect(error('p.webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toMatch(/a WebP image/);
    expect(error('a.gz', bytes([0x1f, 0x8b, 8, 0]))).toMatch(/a gzip archive/);
    expect(error('a.7z', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))).toMatch(
      /a 7-Zip archive/,
    );
    expect(error('a.rar', bytes('Rar!', [0x1a, 0x07, 0]))).toMatch(/a RAR archive/);
    expect(error('a.out', bytes([0x7f], 'ELF', [2, 1, 1]))).toMatch(/a program \(ELF\)/);
    expect(error('old.doc', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toMatch(
      /an old Microsoft Office document/,
    );
    expect(error('song.mp3', bytes('ID3', [4, 0, 0]))).toMatch(/an MP3 audio file/);
    expect(error('clip.mp4', bytes([0, 0, 0, 0x18], 'ftypmp42'))).toMatch(
      /an MP4 video or audio file/,
    );
  });

  it('GIF87a as well as GIF89a, and ZIP archives by either signature', () => {
    expect(error('old.gif', bytes('GIF87a', [1, 0, 1, 0]))).toBe(
      '“old.gif” is a GIF image, not plain text. Marginalia opens plain-text (.txt) and Markdown (.md) files.',
    );
    expect(error('book.epub', bytes([0x50, 0x4b, 0x03, 0x04], 'mimetype'))).toMatch(
      /^“book\.epub” is a ZIP archive/,
    );
    expect(error('empty.zip', bytes([0x50, 0x4b, 0x05, 0x06, 0, 0]))).toMatch(
      /^“empty\.zip” is a ZIP archive, not plain text/,
    );
  });

  it('every refusal names the file, whatever the kind of problem', () => {
    const name = 'Meine Datei (2) — Entwurf.txt';
    const cases: Uint8Array[] = [
      new Uint8Array(),
      utf8(' \n \t '),
      bytes('%PDF-1.4\n'),
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      bytes([0x50, 0x4b, 0x03, 0x04, 0, 0]),
      bytes('GIF89a', [0]),
      bytes('text', [0], 'more'),
      bytes('ok', [0xff], 'bad'),
      bytes([0xff, 0xfe, 0x41, 0, 0, 0]), // UTF-32 LE BOM
      bytes([0xff, 0xfe, 0x41, 0, 0x00, 0x00, 0x42, 0]), // UTF-16 LE with a NUL character
    ];
    for (const b of cases) expect(error(name, b).startsWith(`“${name}” `)).toBe(true);
  });

  it('NUL characters inside UTF-16 text', () => {
    expect(error('n16.txt', utf16('ab\u0000cd', true))).toBe(
      '“n16.txt” contains NUL characters, so it looks like a binary file, not text.',
    );
  });

  it('invalid UTF-8 after multi-byte characters reports the byte (not character) position', () => {
    // 'é' and '😀' are 2 and 4 bytes: the stray continuation byte is byte 7 (character 4).
    expect(error('z.txt', bytes('é😀x', [0x80], 'y'))).toMatch(
      /^“z\.txt” is not valid UTF-8 text \(invalid byte at position 7\)/,
    );
    // The BOM's three bytes count too.
    expect(error('w.txt', bytes([0xef, 0xbb, 0xbf], 'ab', [0xc0]))).toMatch(
      /invalid byte at position 5\)/,
    );
  });

  it('does not mistake text that merely starts with a signature’s letters', () => {
    expect(decoded('a.txt', utf8('ID3 tags are metadata.')).text).toBe('ID3 tags are metadata.');
    expect(decoded('b.txt', utf8('MZ is a prefix.')).text).toBe('MZ is a prefix.');
    expect(decoded('c.txt', utf8('%PDF is how PDFs begin.')).text).toBe('%PDF is how PDFs begin.');
  });

  it('NUL bytes in a file without a UTF-16 BOM', () => {
    expect(error('data.txt', bytes('abc', [0], 'def'))).toBe(
      '“data.txt” contains NUL bytes, so it looks like a binary file, not text.',
    );
  });

  it('UTF-16 without a BOM is recognised as such, not called binary', () => {
    const le = utf16('Hello, world. This is text.', true).subarray(2);
    expect(error('u16.txt', le)).toMatch(
      /^“u16\.txt” looks like UTF-16 text without a byte-order mark/,
    );
  });

  it('UTF-32 with a BOM', () => {
    expect(error('u32.txt', bytes([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toMatch(
      /^“u32\.txt” is UTF-32 text/,
    );
  });

  it('invalid UTF-8, naming the byte offset', () => {
    const b = bytes('caf', [0xe9], ' au lait'); // Latin-1 "café"
    expect(error('x.txt', b)).toBe(
      '“x.txt” is not valid UTF-8 text (invalid byte at position 3). Save it as UTF-8 and try again.',
    );
    expect(error('y.txt', bytes('é ok ', [0xc3]))).toMatch(/invalid byte at position 6\)/); // truncated sequence
  });

  it('damaged UTF-16 (odd length)', () => {
    expect(error('bad16.txt', bytes([0xff, 0xfe, 0x41, 0, 0x42]))).toMatch(
      /^“bad16\.txt” starts like UTF-16 text but is damaged/,
    );
  });
});

describe('decodeTextFile: decoding', () => {
  it('chooses the format from the extension', () => {
    expect(decoded('a.md', utf8('# Hi')).format).toBe('markdown');
    expect(decoded('a.MARKDOWN', utf8('# Hi')).format).toBe('markdown');
    expect(decoded('a.txt', utf8('# Hi')).format).toBe('text');
    expect(decoded('a.text', utf8('hi')).format).toBe('text');
    expect(decoded('README', utf8('hi')).format).toBe('text');
    expect(decoded('notes.log', utf8('hi')).format).toBe('text');
  });

  it('UTF-16 LE and BE with a BOM, including an astral character', () => {
    const s = 'Zoë says 👩‍👩‍👧 hi\r\nbye';
    expect(decoded('le.txt', utf16(s, true)).text).toBe('Zoë says 👩‍👩‍👧 hi\nbye');
    expect(decoded('be.txt', utf16(s, false)).text).toBe('Zoë says 👩‍👩‍👧 hi\nbye');
  });

  it('UTF-16 LE and BE with a BOM: Cyrillic and an emoji, BOM dropped, line endings normalised', () => {
    const s = 'Привет, мир 😀\r\nЁжик в тумане\rконец';
    for (const le of [true, false]) {
      const b = utf16(s, le);
      expect(b[0]).toBe(le ? 0xff : 0xfe); // the BOM really is there
      expect(decoded(le ? 'ru-le.txt' : 'ru-be.txt', b)).toEqual({
        text: 'Привет, мир 😀\nЁжик в тумане\nконец',
        format: 'text',
      });
      expect(decoded('ru.md', b).format).toBe('markdown');
    }
    // The emoji survives as one surrogate pair, i.e. one code point.
    expect([...decoded('e.txt', utf16('a😀b', true)).text]).toEqual(['a', '😀', 'b']);
  });

  it('strips a UTF-8 BOM together with CRLF normalisation, and keeps a BOM that is not leading', () => {
    expect(decoded('both.md', bytes([0xef, 0xbb, 0xbf], '# T\r\n\r\nx\r\n'))).toEqual({
      text: '# T\n\nx\n',
      format: 'markdown',
    });
    expect(decoded('mid.txt', utf8('a\uFEFFb')).text).toBe('a\uFEFFb');
  });

  it('strips a UTF-8 BOM', () => {
    expect(decoded('bom.txt', bytes([0xef, 0xbb, 0xbf], 'Hello'))).toEqual({
      text: 'Hello',
      format: 'text',
    });
  });

  it('normalises CRLF and lone CR to LF', () => {
    expect(decoded('win.txt', utf8('a\r\nb\r\n\r\nc')).text).toBe('a\nb\n\nc');
    expect(decoded('mac.txt', utf8('a\rb\r\rc')).text).toBe('a\nb\n\nc');
  });

  it('keeps text byte-for-byte otherwise (no Unicode normalisation)', () => {
    const s = 'e\u0301 \u00e9 \uFB01 \u2028 tab\there';
    expect(decoded('n.txt', utf8(s)).text).toBe(s);
  });
});

describe('normalizeText', () => {
  it('strips only a leading BOM and fixes line endings', () => {
    expect(normalizeText('\uFEFFa\uFEFFb\r\n\rc\n')).toBe('a\uFEFFb\n\nc\n');
    expect(normalizeText('e\u0301')).toBe('e\u0301');
    expect(normalizeText('')).toBe('');
  });
});

describe('firstInvalidUtf8', () => {
  it('finds overlongs, surrogates, stray continuation bytes and truncation', () => {
    expect(firstInvalidUtf8(utf8('all fine ✓ 😀'))).toBe(-1);
    expect(firstInvalidUtf8(bytes('ab', [0xc0, 0xaf]))).toBe(2); // overlong '/'
    expect(firstInvalidUtf8(bytes('a', [0xed, 0xa0, 0x80]))).toBe(1); // surrogate D800
    expect(firstInvalidUtf8(bytes('abc', [0x80]))).toBe(3);
    expect(firstInvalidUtf8(bytes('😀', [0xf0, 0x9f]))).toBe(4);
    expect(firstInvalidUtf8(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
  });
});
