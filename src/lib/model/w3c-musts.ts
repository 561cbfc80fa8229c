/**
 * The MUSTs of the W3C Web Annotation Data Model (Recommendation, 23 February 2017,
 * https://www.w3.org/TR/annotation-model/) that Marginalia's exports rely on, as checks on the
 * exported JSON. Each problem names the section it breaks. Written from the specification's
 * text, so the exports can be checked on any machine; the official W3C test suite runs as an
 * extra cross-check where it is present (w3c-suite.shared.test.ts).
 *
 * Pure: JSON in, a list of problems out (empty when the document conforms).
 */

const ANNO = 'http://www.w3.org/ns/anno.jsonld';
/** An absolute IRI: a scheme, a colon, no white space (RFC 3987 in the form exports use). */
const IRI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i;
/** xsd:dateTime (§3.3.1); the timezone is a SHOULD, so it is optional here. */
const DATE_TIME = /^-?\d{4,}-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
/** The motivations the model defines (§3.3.5); any other must be defined as a new one first. */
const MOTIVATIONS = new Set([
  'assessing',
  'bookmarking',
  'classifying',
  'commenting',
  'describing',
  'editing',
  'highlighting',
  'identifying',
  'linking',
  'moderating',
  'questioning',
  'replying',
  'tagging',
]);
/** Selector classes of §4.2. */
const SELECTORS = new Set([
  'FragmentSelector',
  'CssSelector',
  'XPathSelector',
  'TextQuoteSelector',
  'TextPositionSelector',
  'DataPositionSelector',
  'SvgSelector',
  'RangeSelector',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const values = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isIri = (v: unknown): v is string => typeof v === 'string' && IRI.test(v);
const isNonNegInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const types = (o: Obj) => values(o.type).filter((t): t is string => typeof t === 'string');

/** Whether `v` is an xsd:dateTime that names a real instant. */
export function isDateTime(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = DATE_TIME.exec(v);
  if (!m) return false;
  const [month, day, h, min, s] = m.slice(1, 6).map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && h <= 23 && min <= 59 && s <= 59;
}

/** `@context` has the Web Annotation context as its value or one of its values. */
function context(o: Obj, where: string, section: string, out: string[]): void {
  if (!values(o['@context']).includes(ANNO))
    out.push(`§${section} ${where}: @context must include ${ANNO}`);
}

/** Exactly one id, an IRI. */
function id(o: Obj, where: string, section: string, out: string[]): void {
  if (!isIri(o.id)) out.push(`§${section} ${where}: must have exactly one id that is an IRI`);
}

/** Lifecycle (§3.3.1), rights (§3.3.6) and other identities (§3.3.7) of any resource. */
function common(o: Obj, where: string, out: string[]): void {
  for (const key of ['created', 'modified', 'generated'])
    if (key in o && !isDateTime(o[key]))
      out.push(`§3.3.1 ${where}: ${key} must be a single xsd:dateTime`);
  if ('rights' in o && !values(o.rights).every(isIri))
    out.push(`§3.3.6 ${where}: every rights value must be an IRI`);
  if ('canonical' in o && !isIri(o.canonical))
    out.push(`§3.3.7 ${where}: canonical must be a single IRI`);
  if ('via' in o && !values(o.via).every(isIri))
    out.push(`§3.3.7 ${where}: every via value must be an IRI`);
  if ('textDirection' in o && !['ltr', 'rtl', 'auto'].includes(o.textDirection as string))
    out.push(`§3.2.1 ${where}: textDirection must be one of ltr, rtl, auto`);
}

/** A selector of §4.2, with the keys its class requires. */
function selector(s: unknown, where: string, out: string[]): void {
  if (isIri(s)) return;
  if (!isObj(s) || types(s).length !== 1 || !SELECTORS.has(types(s)[0])) {
    out.push(`§4.2 ${where}: a selector must be an IRI or have one type of the defined selectors`);
    return;
  }
  const type = types(s)[0];
  if (type === 'TextQuoteSelector') {
    if (typeof s.exact !== 'string')
      out.push(`§4.2.4 ${where}: a TextQuoteSelector must have exactly one exact string`);
    for (const k of ['prefix', 'suffix'])
      if (k in s && typeof s[k] !== 'string')
        out.push(`§4.2.4 ${where}: a TextQuoteSelector's ${k} must be a single string`);
  }
  if (type === 'TextPositionSelector' || type === 'DataPositionSelector')
    if (!isNonNegInt(s.start) || !isNonNegInt(s.end))
      out.push(
        `§4.2.6 ${where}: a ${type} must have exactly one start and one end, non-negative integers`,
      );
  if (['FragmentSelector', 'CssSelector', 'XPathSelector'].includes(type) && !('value' in s))
    out.push(`§4.2 ${where}: a ${type} must have a value`);
  if ('refinedBy' in s) for (const r of values(s.refinedBy)) selector(r, `${where} refinedBy`, out);
}

/**
 * A body or target (§3.2): an IRI, or a resource that is one of an External Web Resource, an
 * Embedded Textual Body (bodies only), a Choice / Set, or a Specific Resource (§4), each
 * without the keys its kind must not have.
 */
function resource(r: unknown, role: 'body' | 'target', hasStylesheet: boolean, out: string[]) {
  if (typeof r === 'string') {
    if (!isIri(r)) out.push(`§3.2 ${role}: a ${role} given as a string must be an IRI`);
    return;
  }
  if (!isObj(r)) {
    out.push(`§3.2 ${role}: must be an IRI or an object`);
    return;
  }
  common(r, role, out);
  const t = types(r);
  const textual = t.includes('TextualBody');
  const choiceOrSet = t.some((x) => ['Choice', 'Composite', 'List', 'Independents'].includes(x));
  const specific = 'source' in r || t.includes('SpecificResource');
  if (textual) {
    if (role === 'target') out.push('§3.2.4 target: a TextualBody must not be a target');
    if (typeof r.value !== 'string')
      out.push('§3.2.4 body: an Embedded Textual Body must have exactly one value, a string');
    if ('source' in r) out.push('§4 body: an Embedded Textual Body must not have a source');
    if ('items' in r) out.push('§3.2.7 body: an Embedded Textual Body must not have items');
    if ('purpose' in r && !values(r.purpose).every((p) => MOTIVATIONS.has(p as string)))
      out.push('§3.3.5 body: purpose must be a defined motivation');
  } else if (choiceOrSet) {
    for (const k of ['value', 'source', 'purpose'])
      if (k in r) out.push(`§3.2.7 ${role}: a Choice or Set must not have ${k}`);
    for (const item of values(r.items)) resource(item, role, hasStylesheet, out);
  } else if (specific) {
    if (!isIri(r.source) && !isObj(r.source))
      out.push(`§4 ${role}: a Specific Resource must have exactly one source`);
    if ('value' in r) out.push(`§4 ${role}: a Specific Resource must not have a value`);
    if ('items' in r) out.push(`§3.2.7 ${role}: a Specific Resource must not have items`);
    for (const s of values(r.selector)) selector(s, role, out);
    if ('styleClass' in r && !hasStylesheet)
      out.push(`§4.4 ${role}: a styleClass needs the annotation to have a stylesheet`);
    if (isObj(r.source)) common(r.source, `${role} source`, out);
  } else {
    // An External Web Resource: identified by its IRI.
    if (!isIri(r.id)) out.push(`§3.2.1 ${role}: an External Web Resource must have an IRI id`);
    if ('items' in r) out.push(`§3.2.7 ${role}: an External Web Resource must not have items`);
    if ('purpose' in r) out.push(`§3.3.5 ${role}: an External Web Resource must not have purpose`);
  }
}

/** Problems of one Annotation (§3); `embedded` when it sits in a page that gives the context. */
export function annotationMusts(a: unknown, { embedded = false } = {}): string[] {
  const out: string[] = [];
  if (!isObj(a)) return ['§3.1 annotation: must be a JSON object'];
  if (!embedded || '@context' in a) context(a, 'annotation', '3.1', out);
  id(a, 'annotation', '3.1', out);
  if (!types(a).includes('Annotation')) out.push('§3.1 annotation: type must include "Annotation"');
  if (!values(a.target).length) out.push('§3.1 annotation: must have one or more targets');
  if ('body' in a && 'bodyValue' in a)
    out.push('§3.2.5 annotation: must not have both body and bodyValue');
  if ('bodyValue' in a && typeof a.bodyValue !== 'string')
    out.push('§3.2.5 annotation: bodyValue must be a single string');
  if (!values(a.motivation).every((m) => MOTIVATIONS.has(m as string)))
    out.push('§3.3.5 annotation: every motivation must be a defined motivation');
  common(a, 'annotation', out);
  const hasStylesheet = 'stylesheet' in a;
  if (hasStylesheet) {
    const s = a.stylesheet;
    if (Array.isArray(s)) out.push('§4.4 annotation: must have at most one stylesheet');
    else if (isObj(s) && !isIri(s.id) && typeof s.value !== 'string')
      out.push('§4.4 annotation: an embedded stylesheet must carry its CSS in value');
    else if (!isObj(s) && !isIri(s))
      out.push('§4.4 annotation: stylesheet must be an IRI or a CssStylesheet');
  }
  for (const b of values(a.body)) resource(b, 'body', hasStylesheet, out);
  for (const t of values(a.target)) resource(t, 'target', hasStylesheet, out);
  return out;
}

/** Problems of one Annotation Page (§5.2), its annotations included. */
export function pageMusts(p: unknown, { embedded = false } = {}): string[] {
  const out: string[] = [];
  if (!isObj(p)) return ['§5.2 page: must be a JSON object'];
  if (!embedded || '@context' in p) context(p, 'page', '5.2', out);
  id(p, 'page', '5.2', out);
  if (!types(p).includes('AnnotationPage'))
    out.push('§5.2 page: type must include "AnnotationPage"');
  if (!Array.isArray(p.items)) out.push('§5.2 page: must have items, a list of annotations');
  else
    p.items.forEach((a, i) => {
      if (isIri(a)) return;
      for (const e of annotationMusts(a, { embedded: true })) out.push(`${e} (item ${i})`);
    });
  if ('startIndex' in p && !isNonNegInt(p.startIndex))
    out.push('§5.2 page: startIndex must be a non-negative integer');
  for (const k of ['next', 'prev'])
    if (k in p && !isIri(p[k])) out.push(`§5.2 page: ${k} must be a single IRI`);
  if ('partOf' in p) {
    const c = p.partOf;
    if (isObj(c)) {
      id(c, 'page partOf', '5.2', out);
      if ('total' in c && !isNonNegInt(c.total))
        out.push('§5.2 page partOf: total must be a non-negative integer');
      if ('label' in c && typeof c.label !== 'string')
        out.push('§5.2 page partOf: label must be a string');
      for (const k of ['first', 'last'])
        if (k in c && !isIri(c[k])) out.push(`§5.2 page partOf: ${k} must be a single IRI`);
      common(c, 'page partOf', out);
    } else if (!isIri(c)) out.push('§5.2 page: partOf must be an IRI or a collection');
  }
  common(p, 'page', out);
  return out;
}

/** Problems of an Annotation Collection (§5.1), its embedded first page included. */
export function collectionMusts(c: unknown): string[] {
  const out: string[] = [];
  if (!isObj(c)) return ['§5.1 collection: must be a JSON object'];
  context(c, 'collection', '5.1', out);
  id(c, 'collection', '5.1', out);
  if (!types(c).includes('AnnotationCollection'))
    out.push('§5.1 collection: type must include "AnnotationCollection"');
  if ('label' in c && typeof c.label !== 'string')
    out.push('§5.1 collection: label must be a string');
  if ('total' in c && !isNonNegInt(c.total))
    out.push('§5.1 collection: total must be a non-negative integer');
  if (c.total && !('first' in c))
    out.push('§5.1 collection: a collection with annotations must have a first page');
  if ('first' in c && !isIri(c.first)) for (const e of pageMusts(c.first)) out.push(`${e} (first)`);
  if ('last' in c && !isIri(c.last) && !isObj(c.last))
    out.push('§5.1 collection: last must be a single IRI or page');
  common(c, 'collection', out);
  return out;
}
