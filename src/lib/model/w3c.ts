import type { Annotation, DocumentMeta, PaletteColor, Tag } from './types';

export {
  parseW3C,
  parseJsonText,
  checkImportSize,
  checkRange,
  MAX_IMPORT_BYTES,
} from './w3c-parse';
export type { ParsedImport, ImportItem, ImportTag } from './w3c-parse';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Our JSON-LD extension (docs/w3c-extension.md): terms prefixed `marginalia:`. */
export const MARGINALIA_CONTEXT = 'https://marginalia.app/ns/marginalia.jsonld';
export const CONTEXTS = [ANNO_CONTEXT, MARGINALIA_CONTEXT];

const uuidOf = (id: string) => id.replace(/^urn:uuid:/, '');

/** Highlight colours as CSS, for the W3C `stylesheet` that gives `styleClass` its meaning in
 * other tools (the same Okabe–Ito based palette as the app's light theme). */
const CSS_COLOURS: Record<PaletteColor, string> = {
  yellow: 'rgba(240, 228, 66, 0.45)',
  blue: 'rgba(86, 180, 233, 0.35)',
  green: 'rgba(0, 158, 115, 0.28)',
  pink: 'rgba(204, 121, 167, 0.35)',
  purple: 'rgba(150, 110, 200, 0.32)',
  orange: 'rgba(230, 159, 0, 0.35)',
  teal: 'rgba(0, 140, 160, 0.28)',
  gray: 'rgba(120, 120, 120, 0.28)',
};

/** IRI of a document's exported collection (stable across exports). */
export function collectionIri(docId: string): string {
  return `tag:marginalia.app,2026:collection/${encodeURIComponent(uuidOf(docId))}`;
}

/**
 * One annotation as W3C Web Annotation JSON-LD. Tags become `tagging` bodies (value = tag
 * name), the note a `commenting` body; the target carries both selectors, in code points, and
 * the SHA-256 of the text they were computed on. A reply targets the annotation it answers (as
 * W3C `replying` expects) and keeps its own text target in `marginalia:textTarget`, so it still
 * anchors. Extension terms: docs/w3c-extension.md.
 */
export function serializeAnnotation(
  a: Annotation,
  ctx: {
    doc: DocumentMeta;
    tags: ReadonlyMap<string, Tag>;
    /** Page or chapter of a start offset, for PDFs and EPUBs (model/citation.ts). */
    locate?: (start: number) => Record<string, unknown> | undefined;
  },
): Record<string, unknown> {
  const tags = a.tags.map((id) => ctx.tags.get(id)).filter((t): t is Tag => !!t);
  const body: Record<string, unknown>[] = tags.map((t) => ({
    type: 'TextualBody',
    purpose: 'tagging',
    value: t.name,
  }));
  if (a.note)
    body.push({
      type: 'TextualBody',
      purpose: a.replyTo ? 'replying' : 'commenting',
      value: a.note,
      format: 'text/plain',
    });
  const colour = tags[0]?.color ?? a.color ?? 'yellow';
  const out: Record<string, unknown> = {
    '@context': CONTEXTS,
    id: a.id,
    type: 'Annotation',
    motivation: a.replyTo ? 'replying' : a.note ? 'commenting' : 'highlighting',
    created: a.created,
    modified: a.modified,
    creator: { type: 'Person', name: a.creator },
  };
  if (body.length) out.body = body;
  const textTarget = {
    source: ctx.doc.id,
    styleClass: `mg-c-${colour}`,
    selector: [
      {
        type: 'TextQuoteSelector',
        exact: a.target.quote.exact,
        prefix: a.target.quote.prefix,
        suffix: a.target.quote.suffix,
      },
      { type: 'TextPositionSelector', start: a.target.position.start, end: a.target.position.end },
      // A FragmentSelector naming the PDF page or EPUB chapter, for tools that locate by those;
      // the text selectors stay authoritative (import uses the fragment only as a hint).
      ...[ctx.locate?.(a.target.position.start)].filter((f) => f !== undefined),
    ],
    'marginalia:contentHash': `sha256:${ctx.doc.contentHash}`,
  };
  if (a.replyTo) {
    out.target = a.replyTo;
    out['marginalia:textTarget'] = textTarget;
  } else out.target = textTarget;
  out.stylesheet = {
    type: 'CssStylesheet',
    value: `.mg-c-${colour} { background-color: ${CSS_COLOURS[colour]}; }`,
  };
  if (a.color && !tags.length) out['marginalia:color'] = a.color;
  if (a.prompt) out['marginalia:prompt'] = true;
  return out;
}

/** Text order: start, then end, then id (so equal ranges still export in a stable order). */
export function inTextOrder<T extends Pick<Annotation, 'id' | 'target'>>(list: readonly T[]): T[] {
  return [...list].sort(
    (x, y) =>
      x.target.position.start - y.target.position.start ||
      x.target.position.end - y.target.position.end ||
      (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
}

/**
 * A document's annotations as an AnnotationCollection with one embedded AnnotationPage, in
 * text order. The collection also carries the document's identity (id, title, SHA-256 of its
 * text) and its tag set (colours, definitions), so an import can find the text and restore tags.
 */
export function serializeCollection(
  doc: DocumentMeta,
  annotations: readonly Annotation[],
  tags: readonly Tag[],
  opts: { generatedAt: Date; locate?: (start: number) => Record<string, unknown> | undefined },
): Record<string, unknown> {
  const byId = new Map(tags.map((t) => [t.id, t]));
  const sorted = inTextOrder(annotations);
  const id = collectionIri(doc.id);
  return {
    '@context': CONTEXTS,
    id,
    type: 'AnnotationCollection',
    label: doc.title,
    total: sorted.length,
    generated: opts.generatedAt.toISOString(),
    generator: { id: 'https://marginalia.app/', type: 'Software', name: 'Marginalia' },
    'marginalia:document': {
      id: doc.id,
      title: doc.title,
      contentHash: `sha256:${doc.contentHash}`,
      format: doc.format,
    },
    'marginalia:tagSet': tags.map((t) => ({
      id: t.id,
      name: t.name,
      color: t.color,
      ...(t.definition ? { definition: t.definition } : {}),
    })),
    // The page is also complete on its own (context, and the collection it belongs to), as the
    // W3C page MUSTs require of a page handed around separately.
    first: {
      '@context': CONTEXTS,
      id: `${id}/page1`,
      type: 'AnnotationPage',
      partOf: { id, label: doc.title, total: sorted.length },
      startIndex: 0,
      items: sorted.map((a) => serializeAnnotation(a, { doc, tags: byId, locate: opts.locate })),
    },
  };
}
