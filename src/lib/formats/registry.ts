import type { Result } from '../model/types';
import { binaryKind, checkFileSize } from '../model/decode';
import type { ExtractContext, Extracted, FormatModule, SniffResult } from './types';
import { asciiAt, extensionOf } from './sniff';
import { textFormat } from './text';
import { markdownFormat } from './markdown';
import { htmlFormat } from './html';
import { docxFormat } from './docx';
import { epubFormat } from './epub';
import { pdfFormat } from './pdf';

/**
 * Every format Marginalia opens, one line each. Order matters only between sniffers that could
 * both claim a file by signature (none do today: each signature is exclusive).
 */
export const FORMATS: readonly FormatModule[] = [
  textFormat,
  markdownFormat,
  htmlFormat,
  docxFormat,
  epubFormat,
  pdfFormat,
];

/** Formats a stored `DocumentMeta.format` may name (others are refused on import). */
export const formatById = (id: string): FormatModule | undefined =>
  FORMATS.find((f) => f.id === id);

/** For the file picker's `accept`. */
export const ACCEPT = FORMATS.flatMap((f) => f.extensions.map((e) => `.${e}`)).join(',');

/** One line naming the formats, for messages. */
export const OPENS =
  'Marginalia opens text (.txt), Markdown (.md), web pages (.html), Word (.docx), EPUB and PDF files.';

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
const TEXTUAL = new Set(['text', 'markdown', 'html']);

/** Files that get a message of their own instead of "unknown format". */
function refusal(name: string, bytes: Uint8Array): string | null {
  const ext = extensionOf(name);
  if (ext === 'docm' || ext === 'dotm')
    return `“${name}” is a Word document with macros (.${ext}), which Marginalia does not open. Open it in Word and save it as .docx (Word Document) without macros.`;
  if (ext === 'doc' || ext === 'dot' || asciiAt(bytes, 0, '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'))
    return `“${name}” is an old Word document (.doc), which Marginalia cannot read. Open it in Word or LibreOffice and save it as .docx.`;
  return null;
}

/**
 * Picks the format of a file: a signature in the bytes beats the extension; an extension that
 * names one format while the bytes prove another (a PDF named .docx) is refused, except among
 * the textual formats (HTML saved as .txt opens as text, as its name asks).
 */
export function detectFormat(name: string, type: string, bytes: Uint8Array): Result<FormatModule> {
  const special = refusal(name, bytes);
  if (special) return fail(special);
  const input = { name, type, bytes };
  const results = FORMATS.map((f) => [f, f.sniff(input)] as [FormatModule, SniffResult]);
  const bySignature = results.find(([, r]) => r === 'signature')?.[0];
  const ext = extensionOf(name);
  const byExtension = FORMATS.find((f) => f.extensions.includes(ext));
  if (bySignature && byExtension && bySignature !== byExtension) {
    if (TEXTUAL.has(bySignature.id) && TEXTUAL.has(byExtension.id))
      return { ok: true, value: byExtension };
    return fail(
      `“${name}” is named as a ${byExtension.label} (.${ext}) but its content is a ${bySignature.label}. Rename it to .${bySignature.extensions[0]} if that is what it is, or save it again from the program that made it.`,
    );
  }
  if (!bySignature && byExtension && !TEXTUAL.has(byExtension.id)) {
    const kind = binaryKind(bytes);
    if (kind && !kind.includes('ZIP'))
      return fail(
        `“${name}” is named as a ${byExtension.label} (.${ext}) but its content is ${kind}. Rename it to match what it is, or save it again from the program that made it.`,
      );
  }
  // Unknown extension, no signature: decode as text (which names binary kinds it recognises).
  return { ok: true, value: bySignature ?? byExtension ?? textFormat };
}

/** Checks a file's size against the format its name suggests, before reading it. */
export function checkSize(name: string, size: number): Result<null> {
  return checkFileSize(name, size);
}

/** Detects the format and runs its converter. */
export async function extractFile(
  name: string,
  type: string,
  bytes: Uint8Array,
  ctx: Omit<ExtractContext, 'fileName'> = {},
): Promise<Result<{ format: FormatModule; extracted: Extracted }>> {
  const size = checkFileSize(name, bytes.length);
  if (!size.ok) return size;
  const detected = detectFormat(name, type, bytes);
  if (!detected.ok) return detected;
  const format = detected.value;
  let convert;
  try {
    convert = await format.load();
  } catch {
    return fail(
      `The ${format.label} reader could not be loaded. If you are offline, reload Marginalia once online so it can be kept for offline use.`,
    );
  }
  const out = await convert(bytes, { ...ctx, fileName: name });
  return out.ok ? { ok: true, value: { format, extracted: out.value } } : out;
}
