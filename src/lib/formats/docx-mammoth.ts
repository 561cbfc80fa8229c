import mammoth from 'mammoth';
import JSZip from 'jszip';

/**
 * DOCX → HTML with mammoth, plus what it leaves out. No DOM needed: runs in the conversion
 * worker (docx-worker.ts) in the browser and directly in Node tests. Images become `<img alt>`
 * with an empty `src` (never a data URI, never an external fetch: `externalFileAccess: false`).
 */

/** Word styles → HTML, beyond mammoth's defaults (Heading 1–6, lists by numbering, footnotes). */
export const STYLE_MAP = [
  "p[style-name='Title'] => h1.title:fresh",
  "p[style-name='Subtitle'] => h2.subtitle:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
  "p[style-name='List Paragraph'] => ul > li:fresh",
  "r[style-name='Strong'] => strong",
  "r[style-name='Emphasis'] => em",
];

export interface DocxHtml {
  html: string;
  leftOut: string[];
}

export type DocxOutcome =
  { ok: true; value: DocxHtml } | { ok: false; error: 'damaged' | 'not-docx' };

const plural = (n: number, one: string) => `${n} ${one}${n > 1 ? 's' : ''}`;

export async function docxToHtml(bytes: Uint8Array): Promise<DocxOutcome> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return { ok: false, error: 'damaged' };
  }
  const main = zip.file('word/document.xml');
  if (!main) return { ok: false, error: 'not-docx' };
  const leftOut: string[] = [];
  try {
    const xml = await main.async('string');
    if (zip.file('word/comments.xml')) leftOut.push('comments');
    if (/<w:(?:ins|del|moveFrom|moveTo)\b/.test(xml))
      leftOut.push('tracked changes (shown as accepted)');
    const objects = (xml.match(/<w:object\b/g) ?? []).length;
    if (objects) leftOut.push(plural(objects, 'embedded object'));
    const images = (xml.match(/<pic:pic\b|<v:imagedata\b/g) ?? []).length;
    if (images) leftOut.push(`${plural(images, 'image')} (shown as their descriptions)`);
    const rels = await zip.file('word/_rels/document.xml.rels')?.async('string');
    if (rels && /TargetMode="External"[^>]*\/image|\/image"[^>]*TargetMode="External"/.test(rels))
      leftOut.push('linked images (never fetched)');
    const buffer = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    const input =
      typeof globalThis.Buffer !== 'undefined'
        ? { buffer: globalThis.Buffer.from(buffer) }
        : { arrayBuffer: buffer };
    const result = await mammoth.convertToHtml(input, {
      styleMap: STYLE_MAP,
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
    });
    return { ok: true, value: { html: result.value, leftOut } };
  } catch {
    return { ok: false, error: 'damaged' };
  }
}
