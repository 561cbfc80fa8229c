import { describe, expect, it } from 'vitest';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { JSDOM } from 'jsdom';
import { readEpub, type XmlParser } from './package';

/** jsdom's DOMParser: the same standard API the browser gives the app. */
const parser: XmlParser = new new JSDOM('').window.DOMParser();

const CONTAINER = `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`;

function chapter(title: string, body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head>
<body><h1>${title}</h1><p>${body}</p></body></html>`;
}

function opf(version: '2.0' | '3.0', manifest: string, spine: string, extraMeta = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="${version}" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:1</dc:identifier>
    <dc:title id="t1">A Test Book</dc:title>
    <dc:creator>Ada Author</dc:creator><dc:creator>Bo Second</dc:creator>
    <dc:language>en</dc:language>${extraMeta}
  </metadata>
  <manifest>${manifest}</manifest>
  ${spine}
</package>`;
}

const NAV = `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<body>
  <nav epub:type="landmarks"><ol><li><a href="text/one.xhtml">Begin</a></li></ol></nav>
  <nav epub:type="toc"><h1>Contents</h1><ol>
    <li><a href="text/one.xhtml">Chapter One</a>
      <ol><li><a href="text/one.xhtml#part2">One, part two</a></li></ol></li>
    <li><span>Part heading</span><ol><li><a href="text/two%20b.xhtml">Chapter Two</a></li></ol></li>
  </ol></nav>
</body></html>`;

function epub(files: Record<string, string | Uint8Array>): Uint8Array {
  const zippable: Zippable = { mimetype: [strToU8('application/epub+zip'), { level: 0 }] };
  for (const [name, content] of Object.entries(files)) {
    zippable[name] = typeof content === 'string' ? strToU8(content) : content;
  }
  return zipSync(zippable);
}

function epub3(extra: Record<string, string | Uint8Array> = {}): Uint8Array {
  return epub({
    'META-INF/container.xml': CONTAINER,
    'OEBPS/content.opf': opf(
      '3.0',
      `<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
       <item id="one" href="text/one.xhtml" media-type="application/xhtml+xml"/>
       <item id="two" href="text/two%20b.xhtml" media-type="application/xhtml+xml"/>
       <item id="notes" href="text/notes.xhtml" media-type="application/xhtml+xml"/>
       <item id="img" href="img/cover.png" media-type="image/png"/>`,
      `<spine><itemref idref="one"/><itemref idref="two"/><itemref idref="notes" linear="no"/></spine>`,
    ),
    'OEBPS/nav.xhtml': NAV,
    'OEBPS/text/one.xhtml': chapter('First', 'It was a dark and stormy night.'),
    'OEBPS/text/two b.xhtml': chapter('Second', 'The second chapter.'),
    'OEBPS/text/notes.xhtml': chapter('Notes', 'A note.'),
    ...extra,
  });
}

describe('readEpub: EPUB 3', () => {
  it('reads metadata, chapters in spine order and the nav table of contents', () => {
    const result = readEpub(epub3(), parser);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const book = result.value;
    expect(book.title).toBe('A Test Book');
    expect(book.author).toBe('Ada Author, Bo Second');
    expect(book.language).toBe('en');
    expect(book.chapters.map((c) => [c.href, c.title, c.linear])).toEqual([
      ['OEBPS/text/one.xhtml', 'Chapter One', true],
      ['OEBPS/text/two b.xhtml', 'Chapter Two', true],
      ['OEBPS/text/notes.xhtml', 'Notes', false],
    ]);
    expect(book.chapters[0].xhtml).toContain('It was a dark and stormy night.');
    expect(book.toc).toEqual([
      { title: 'Chapter One', href: 'OEBPS/text/one.xhtml', depth: 0 },
      { title: 'One, part two', href: 'OEBPS/text/one.xhtml#part2', depth: 1 },
      { title: 'Chapter Two', href: 'OEBPS/text/two b.xhtml', depth: 1 },
    ]);
  });

  it('opens a book whose fonts are only obfuscated', () => {
    const encryption = `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
      xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
      <enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
      <enc:CipherData><enc:CipherReference URI="OEBPS/fonts/a.otf"/></enc:CipherData>
      </enc:EncryptedData></encryption>`;
    expect(readEpub(epub3({ 'META-INF/encryption.xml': encryption }), parser).ok).toBe(true);
  });
});

describe('readEpub: EPUB 2', () => {
  it('reads the NCX table of contents, nested', () => {
    const ncx = `<?xml version="1.0"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
  <navPoint id="a" playOrder="1"><navLabel><text>I. Down the Rabbit-Hole</text></navLabel>
    <content src="book.html#ch1"/>
    <navPoint id="b" playOrder="2"><navLabel><text>A section</text></navLabel><content src="book.html#s1"/></navPoint>
  </navPoint>
  <navPoint id="c" playOrder="3"><navLabel><text>II. The Pool of Tears</text></navLabel><content src="book.html#ch2"/></navPoint>
</navMap></ncx>`;
    const bytes = epub({
      'META-INF/container.xml': CONTAINER,
      'OEBPS/content.opf': opf(
        '2.0',
        `<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
         <item id="book" href="book.html" media-type="application/xhtml+xml"/>`,
        `<spine toc="ncx"><itemref idref="book"/></spine>`,
      ),
      'OEBPS/toc.ncx': ncx,
      'OEBPS/book.html': chapter('Alice', 'Alice was beginning to get very tired.'),
    });
    const result = readEpub(bytes, parser);
    expect(result.ok && result.value.toc).toEqual([
      { title: 'I. Down the Rabbit-Hole', href: 'OEBPS/book.html#ch1', depth: 0 },
      { title: 'A section', href: 'OEBPS/book.html#s1', depth: 1 },
      { title: 'II. The Pool of Tears', href: 'OEBPS/book.html#ch2', depth: 0 },
    ]);
    expect(result.ok && result.value.chapters.map((c) => c.title)).toEqual([
      'I. Down the Rabbit-Hole',
    ]);
  });
});

describe('readEpub: refusals', () => {
  it('refuses DRM: a chapter encrypted with a real cipher', () => {
    const encryption = `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
      xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
      <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
      <enc:CipherData><enc:CipherReference URI="OEBPS/text/one.xhtml"/></enc:CipherData>
      </enc:EncryptedData></encryption>`;
    const result = readEpub(epub3({ 'META-INF/encryption.xml': encryption }), parser);
    expect(result).toMatchObject({ ok: false, reason: 'drm' });
    expect(!result.ok && result.error).toMatch(/DRM-protected.*OEBPS\/text\/one\.xhtml/);
  });

  it('refuses a zip bomb by its compression ratio before inflating, naming the limit', () => {
    const result = readEpub(
      epub3({ 'OEBPS/zeros.xhtml': new Uint8Array(20 * 1024 * 1024) }),
      parser,
    );
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    expect(!result.ok && result.error).toMatch(/zeros\.xhtml.*limit of 100 to 1/);
  });

  it('refuses an archive over the total size limit, naming it', () => {
    const limits = { maxTotalBytes: 1024 * 1024, maxRatio: 100, ratioFloorBytes: 64 * 1024 };
    const noise = Uint8Array.from({ length: 2 * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24);
    const result = readEpub(epub3({ 'OEBPS/img/big.png': noise }), parser, limits);
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    expect(!result.ok && result.error).toMatch(/limit of 1 MB in total/);
  });

  it('refuses entries and manifest paths that leave the archive', () => {
    const entry = readEpub(epub3({ '../evil.xhtml': 'x' }), parser);
    expect(entry).toMatchObject({ ok: false, reason: 'unsafe-path' });
    const bytes = epub({
      'META-INF/container.xml': CONTAINER,
      'OEBPS/content.opf': opf(
        '3.0',
        `<item id="x" href="../../etc/passwd.xhtml" media-type="application/xhtml+xml"/>`,
        `<spine><itemref idref="x"/></spine>`,
      ),
    });
    expect(readEpub(bytes, parser)).toMatchObject({ ok: false, reason: 'unsafe-path' });
  });

  it('refuses a broken archive, a missing container and a missing package document', () => {
    expect(readEpub(strToU8('not a zip at all'), parser)).toMatchObject({
      ok: false,
      reason: 'not-zip',
    });
    expect(readEpub(epub3().slice(0, 300), parser)).toMatchObject({ ok: false, reason: 'not-zip' });
    const noContainer = readEpub(epub({ 'OEBPS/content.opf': 'x' }), parser);
    expect(noContainer).toEqual({
      ok: false,
      reason: 'broken',
      error: 'This EPUB is broken: META-INF/container.xml is missing.',
    });
    const noOpf = readEpub(epub({ 'META-INF/container.xml': CONTAINER }), parser);
    expect(!noOpf.ok && noOpf.error).toMatch(/package document OEBPS\/content.opf is missing/);
  });
});
