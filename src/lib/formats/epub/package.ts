/**
 * EPUB bytes → book: `META-INF/container.xml` → OPF (metadata, manifest, spine) → chapters in
 * spine order, and the table of contents from the EPUB 3 nav document or the EPUB 2 NCX.
 * Pure apart from the XML parser passed in; never throws for a bad book.
 */
import { byLocalName, childElements, parseXml, readNavDocument, readNcx, textOf } from './nav';
import type { EpubTocEntry, XmlParser } from './nav';
import { DEFAULT_ZIP_LIMITS, openZip, resolveHref, type ZipArchive, type ZipLimits } from './zip';

export type { EpubTocEntry, XmlParser } from './nav';
export type { ZipLimits } from './zip';

export interface EpubChapter {
  /** Archive path of the spine item (what TOC hrefs and W3C fragment selectors name). */
  href: string;
  /** The TOC entry for this file, else its first heading, else ''. */
  title: string;
  /** The content document as stored (XHTML or HTML text); untrusted: sanitise before display. */
  xhtml: string;
  mediaType: string;
  /** False for spine items marked `linear="no"` (notes, pop-ups read out of order). */
  linear: boolean;
}

export interface EpubBook {
  title: string;
  author?: string;
  language?: string;
  chapters: EpubChapter[];
  toc: EpubTocEntry[];
}

export type EpubFailure = 'not-zip' | 'broken' | 'drm' | 'too-large' | 'unsafe-path';

export type EpubResult =
  { ok: true; value: EpubBook } | { ok: false; error: string; reason: EpubFailure };

/** Algorithms of font obfuscation (IDPF, Adobe): allowed, as they hide nothing but fonts. */
const OBFUSCATION = new Set([
  'http://www.idpf.org/2008/embedding',
  'http://ns.adobe.com/pdf/enc#RC',
]);

const CONTENT_TYPES = new Set(['application/xhtml+xml', 'text/html', 'text/x-oeb1-document']);

function broken(detail: string): EpubResult {
  return { ok: false, reason: 'broken', error: `This EPUB is broken: ${detail}.` };
}

/**
 * Reads an EPUB. Refused with a message naming the problem: not a zip or a missing container or
 * package document ('broken'/'not-zip'), content encrypted by DRM ('drm'), an archive over the
 * zip limits ('too-large'), a path leaving the archive ('unsafe-path').
 */
export function readEpub(
  bytes: Uint8Array,
  parser: XmlParser,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): EpubResult {
  const opened = openZip(bytes, limits);
  if (!opened.ok) return opened;
  const zip = opened.value;
  const container = zip.text('META-INF/container.xml');
  if (container === null) return broken('META-INF/container.xml is missing');
  const containerDoc = parseXml(parser, container);
  const rootfile = containerDoc
    ? byLocalName(containerDoc, 'rootfile').find(
        (e) =>
          (e.getAttribute('media-type') ?? 'application/oebps-package+xml') ===
          'application/oebps-package+xml',
      )
    : undefined;
  const opfPath = rootfile?.getAttribute('full-path');
  if (!opfPath) return broken('META-INF/container.xml names no package document');
  const opfText = zip.text(opfPath);
  if (opfText === null) return broken(`its package document ${opfPath} is missing`);
  const opf = parseXml(parser, opfText);
  if (!opf) return broken(`its package document ${opfPath} is not well-formed XML`);

  const manifest = new Map<string, { path: string; mediaType: string; properties: string }>();
  for (const item of byLocalName(opf, 'item')) {
    const id = item.getAttribute('id');
    const href = item.getAttribute('href');
    if (!id || !href) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // a remote resource: never fetched
    const target = resolveHref(opfPath, href);
    if (!target) return unsafe(href);
    manifest.set(id, {
      path: target.path,
      mediaType: item.getAttribute('media-type') ?? '',
      properties: item.getAttribute('properties') ?? '',
    });
  }

  const spineElement = byLocalName(opf, 'spine')[0];
  const spine = spineElement
    ? childElements(spineElement).filter((e) => (e.localName ?? e.nodeName) === 'itemref')
    : [];
  const drm = encryptedContent(zip, parser, spine, manifest);
  if (drm) return drm;

  const toc = tableOfContents(zip, parser, manifest, spineElement?.getAttribute('toc') ?? null);
  const chapters: EpubChapter[] = [];
  for (const ref of spine) {
    const item = manifest.get(ref.getAttribute('idref') ?? '');
    if (!item || !CONTENT_TYPES.has(item.mediaType)) continue;
    const xhtml = zip.text(item.path);
    if (xhtml === null) return broken(`its chapter ${item.path} is missing or damaged`);
    const entry =
      toc.find((e) => e.href === item.path) ?? toc.find((e) => e.href.startsWith(`${item.path}#`));
    chapters.push({
      href: item.path,
      title: entry?.title ?? firstHeading(xhtml),
      xhtml,
      mediaType: item.mediaType,
      linear: ref.getAttribute('linear') !== 'no',
    });
  }
  if (chapters.length === 0) return broken('its spine lists no readable chapter');
  return { ok: true, value: { ...metadata(opf), chapters, toc } };
}

function unsafe(href: string): EpubResult {
  return {
    ok: false,
    reason: 'unsafe-path',
    error: `This EPUB was not opened: its file "${href}" points outside the book's archive.`,
  };
}

/**
 * DRM when `META-INF/encryption.xml` encrypts a spine item (or, unreadably, anything that is not
 * a font) with an algorithm other than font obfuscation.
 */
function encryptedContent(
  zip: ZipArchive,
  parser: XmlParser,
  spine: Element[],
  manifest: Map<string, { path: string; mediaType: string }>,
): EpubResult | null {
  const text = zip.text('META-INF/encryption.xml');
  if (text === null) return null;
  const doc = parseXml(parser, text);
  if (!doc) return broken('META-INF/encryption.xml is not well-formed XML');
  const spinePaths = new Set(
    spine.map((ref) => manifest.get(ref.getAttribute('idref') ?? '')?.path).filter(Boolean),
  );
  const fonts = new Set(
    [...manifest.values()]
      .filter((i) => /font|opentype|truetype|woff/.test(i.mediaType))
      .map((i) => i.path),
  );
  for (const data of byLocalName(doc, 'EncryptedData')) {
    const algorithm = byLocalName(data, 'EncryptionMethod')[0]?.getAttribute('Algorithm') ?? '';
    if (OBFUSCATION.has(algorithm)) continue;
    const uri = byLocalName(data, 'CipherReference')[0]?.getAttribute('URI') ?? '';
    const path = resolveHref('', uri)?.path ?? uri;
    if (spinePaths.has(path) || !fonts.has(path)) {
      return {
        ok: false,
        reason: 'drm',
        error: `This book is DRM-protected and can't be opened: ${path} is encrypted.`,
      };
    }
  }
  return null;
}

function tableOfContents(
  zip: ZipArchive,
  parser: XmlParser,
  manifest: Map<string, { path: string; mediaType: string; properties: string }>,
  ncxId: string | null,
): EpubTocEntry[] {
  const nav = [...manifest.values()].find((i) => i.properties.split(/\s+/).includes('nav'));
  const navText = nav ? zip.text(nav.path) : null;
  const fromNav = nav && navText !== null ? readNavDocument(parser, navText, nav.path) : [];
  if (fromNav.length > 0) return fromNav;
  const ncx =
    (ncxId ? manifest.get(ncxId) : undefined) ??
    [...manifest.values()].find((i) => i.mediaType === 'application/x-dtbncx+xml');
  const ncxText = ncx ? zip.text(ncx.path) : null;
  return ncx && ncxText !== null ? readNcx(parser, ncxText, ncx.path) : [];
}

/** Title (the one refined as `main`, else the first), creators joined, first language. */
function metadata(opf: Document): Pick<EpubBook, 'title' | 'author' | 'language'> {
  const titles = byLocalName(opf, 'title');
  const mainIds = new Set(
    byLocalName(opf, 'meta')
      .filter((m) => m.getAttribute('property') === 'title-type' && textOf(m) === 'main')
      .map((m) => (m.getAttribute('refines') ?? '').replace(/^#/, '')),
  );
  const main = titles.find((t) => mainIds.has(t.getAttribute('id') ?? '')) ?? titles[0];
  const creators = byLocalName(opf, 'creator').map(textOf).filter(Boolean);
  const language = textOf(byLocalName(opf, 'language')[0]);
  return {
    title: textOf(main),
    ...(creators.length > 0 ? { author: creators.join(', ') } : {}),
    ...(language ? { language } : {}),
  };
}

/** The text of the first h1–h6 of a content document, '' when there is none. */
function firstHeading(xhtml: string): string {
  const match = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/i.exec(xhtml);
  if (!match) return '';
  return match[2]
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
