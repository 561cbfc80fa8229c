/**
 * The real EPUBs in ../shared/documents/epub (see its SOURCES.md). Skipped, with a notice, when
 * ../shared is absent (env MARGINALIA_SHARED points elsewhere).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { readEpub, type EpubBook, type XmlParser } from './package';

const ROOT = resolve(import.meta.dirname, '../../../..');
const DIR = resolve(process.env.MARGINALIA_SHARED ?? resolve(ROOT, '../shared'), 'documents/epub');
const present = existsSync(DIR);
if (!present) console.warn(`Real EPUBs not found at ${DIR}: epub.shared.test.ts is skipped.`);

const parser: XmlParser = new new JSDOM('').window.DOMParser();

function open(name: string) {
  return readEpub(new Uint8Array(readFileSync(resolve(DIR, name))), parser);
}

function book(name: string): EpubBook {
  const result = open(name);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.value;
}

/** The books' text as a reader sees it: body text, whitespace collapsed. */
function text(value: EpubBook): string {
  return value.chapters
    .map((c) => parser.parseFromString(c.xhtml, 'text/html').getElementsByTagName('body')[0])
    .map((body) => (body?.textContent ?? '').replace(/\s+/g, ' '))
    .join(' ');
}

describe.skipIf(!present)('real EPUBs (../shared/documents/epub)', () => {
  it('epub.js alice (EPUB 3): metadata, 13 spine items, 11 nav links, the sentences', () => {
    const alice = book('epubjs_alice.epub');
    expect(alice.title).toBe("Alice's Adventures in Wonderland");
    expect(alice.author).toBe('Lewis Carroll');
    expect(alice.language).toBe('en-US');
    expect(alice.chapters).toHaveLength(13);
    expect(alice.toc).toHaveLength(11);
    expect(alice.toc[0].title).toBe('Title Page');
    expect(alice.toc.at(-1)?.title).toMatch(/Alice.s Evidence/i);
    expect(alice.chapters.some((c) => /Down The Rabbit-Hole/i.test(c.title))).toBe(true);
    const all = text(alice);
    expect(all).toContain(
      'Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do.',
    );
    expect(all).toContain('"Why is a raven like a writing-desk?"');
  });

  // SOURCES.md counts 63 NCX entries and 116 nav links; those include the page lists (48
  // pageTargets; landmarks and 86 page-list links). The tables of contents proper have 14 and 22.
  it('julien-c alice (EPUB 2): one spine item, 14 NCX points into it, the same sentences', () => {
    const alice = book('julien-c-epub_alice-epub2.epub');
    expect(alice.chapters).toHaveLength(1);
    expect(alice.toc).toHaveLength(14);
    expect(alice.toc.every((e) => e.href.startsWith(`${alice.chapters[0].href}#`))).toBe(true);
    expect(alice.toc.some((e) => e.title === 'I—DOWN THE RABBIT-HOLE')).toBe(true);
    const all = text(alice);
    expect(all).toContain(
      'Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do.',
    );
    expect(all).toContain('"Why is a raven like a writing-desk?"');
  });

  it("readium children's literature (EPUB 3, nav + NCX): main title, creators, 22 toc links", () => {
    const children = book('readium-go-toolkit_childrens-literature.epub');
    expect(children.title).toBe("Children's Literature");
    expect(children.author).toBe('Charles Madison Curry, Erle Elsworth Clippinger');
    expect(children.chapters).toHaveLength(3);
    expect(children.toc).toHaveLength(22);
    expect(children.toc[0]).toEqual({
      title: 'SECTION IV FAIRY STORIES—MODERN FANTASTIC TALES',
      href: 'EPUB/s04.xhtml#pgepubid00492',
      depth: 0,
    });
    expect(text(children)).toContain(
      'Many years ago there lived an Emperor who thought so much of new clothes that he spent all his money on them.',
    );
  });

  it('epubcheck encryption sample: refused as DRM, naming the encrypted chapter', () => {
    const result = open('epubcheck_epub20_encryption_binary_content.epub');
    expect(result).toMatchObject({ ok: false, reason: 'drm' });
    expect(!result.ok && result.error).toContain('OEBPS/Text/pdfMigration.html');
  });
});
