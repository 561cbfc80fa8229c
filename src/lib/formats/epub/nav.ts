/**
 * EPUB tables of contents: the EPUB 3 navigation document (`<nav epub:type="toc">`) and the
 * EPUB 2 NCX (`navMap/navPoint`). Hrefs come back resolved to archive paths (plus `#fragment`).
 */
import { resolveHref } from './zip';

/** The part of `DOMParser` this needs: the browser's, or jsdom's in Node tests. */
export interface XmlParser {
  parseFromString(source: string, mimeType: DOMParserSupportedType): Document;
}

export interface EpubTocEntry {
  title: string;
  /** Archive path of the target, with `#fragment` when the entry points inside a file. */
  href: string;
  /** Nesting level, 0 for top-level entries. */
  depth: number;
}

const OPS_NS = 'http://www.idpf.org/2007/ops';

/**
 * Parses XML, or null when it is not well-formed. XHTML that the XML parser refuses (an HTML
 * entity such as `&nbsp;` without a DTD) is read again as HTML when `htmlFallback` is set.
 */
export function parseXml(
  parser: XmlParser,
  source: string,
  mimeType: DOMParserSupportedType = 'application/xml',
  htmlFallback = false,
): Document | null {
  const attempt = (type: DOMParserSupportedType): Document | null => {
    try {
      const doc = parser.parseFromString(source, type);
      if (!doc?.documentElement || byLocalName(doc, 'parsererror').length > 0) return null;
      return doc;
    } catch {
      return null;
    }
  };
  return attempt(mimeType) ?? (htmlFallback ? attempt('text/html') : null);
}

/** Elements with the given local name in any namespace (prefixed or not), in document order. */
export function byLocalName(root: Document | Element, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', name) as ArrayLike<Element>);
}

/** Child elements (works with DOM implementations that lack `children`). */
export function childElements(element: Element): Element[] {
  return Array.from(element.childNodes as ArrayLike<Node>).filter(
    (node): node is Element => node.nodeType === 1,
  );
}

function localName(element: Element): string {
  return (element.localName ?? element.nodeName).toLowerCase();
}

/** Text content with whitespace collapsed. */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function link(base: string, href: string | null): string | null {
  if (!href) return null;
  const target = resolveHref(base, href);
  if (!target) return null;
  return target.fragment ? `${target.path}#${target.fragment}` : target.path;
}

/** The `toc` nav of an EPUB 3 navigation document at archive path `path`. */
export function readNavDocument(parser: XmlParser, source: string, path: string): EpubTocEntry[] {
  const doc = parseXml(parser, source, 'application/xhtml+xml', true);
  if (!doc) return [];
  const navs = byLocalName(doc, 'nav');
  const typeOf = (nav: Element) =>
    nav.getAttributeNS(OPS_NS, 'type') || nav.getAttribute('epub:type') || '';
  const toc = navs.find((nav) => typeOf(nav).split(/\s+/).includes('toc')) ?? navs[0];
  if (!toc) return [];
  const entries: EpubTocEntry[] = [];
  const walkList = (list: Element, depth: number) => {
    for (const item of childElements(list).filter((e) => localName(e) === 'li')) {
      const children = childElements(item);
      const label = children.find((e) => localName(e) === 'a' || localName(e) === 'span');
      const href =
        label && localName(label) === 'a' ? link(path, label.getAttribute('href')) : null;
      const title = textOf(label) || (label?.getAttribute('title') ?? '');
      if (href && title) entries.push({ title, href, depth });
      for (const sub of children.filter((e) => localName(e) === 'ol' || localName(e) === 'ul')) {
        walkList(sub, depth + 1);
      }
    }
  };
  for (const list of childElements(toc).filter((e) => ['ol', 'ul'].includes(localName(e)))) {
    walkList(list, 0);
  }
  return entries;
}

/** The `navMap` of an EPUB 2 NCX at archive path `path`. */
export function readNcx(parser: XmlParser, source: string, path: string): EpubTocEntry[] {
  const doc = parseXml(parser, source);
  const navMap = doc ? byLocalName(doc, 'navMap')[0] : undefined;
  if (!navMap) return [];
  const entries: EpubTocEntry[] = [];
  const walk = (parent: Element, depth: number) => {
    for (const point of childElements(parent).filter((e) => localName(e) === 'navpoint')) {
      const parts = childElements(point);
      const label = parts.find((e) => localName(e) === 'navlabel');
      const content = parts.find((e) => localName(e) === 'content');
      const href = link(path, content?.getAttribute('src') ?? null);
      const title = textOf(label);
      if (href && title) entries.push({ title, href, depth });
      walk(point, depth + 1);
    }
  };
  walk(navMap, 0);
  return entries;
}
