/**
 * The real PDFs in ../shared/documents/pdf (see its SOURCES.md), read by pdf.js and laid out.
 * Skipped, with a notice, when ../shared is absent (env MARGINALIA_SHARED points elsewhere).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadPdfText, NO_TEXT_MESSAGE, type PdfLoadOptions } from './load';
import { layoutPages } from './layout';

const ROOT = resolve(import.meta.dirname, '../../../..');
const DIR = resolve(process.env.MARGINALIA_SHARED ?? resolve(ROOT, '../shared'), 'documents/pdf');
const present = existsSync(DIR);
if (!present) console.warn(`Real PDFs not found at ${DIR}: pdf.shared.test.ts is skipped.`);

async function open(name: string, options?: PdfLoadOptions) {
  return loadPdfText(pdfjs, new Uint8Array(readFileSync(resolve(DIR, name))), options);
}

async function laidOut(name: string) {
  const result = await open(name);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return layoutPages(result.value.pages);
}

describe.skipIf(!present)('real PDFs (../shared/documents/pdf)', () => {
  it('tracemonkey: 14 two-column pages, ligature and hyphen joined, title first', async () => {
    const pages = await laidOut('pdfjs_tracemonkey.pdf');
    expect(pages.map((p) => p.label)).toEqual(Array.from({ length: 14 }, (_, i) => String(i + 1)));
    const first = pages[0].paragraphs;
    expect(first[0]).toBe('Trace-based Just-in-Time Type Specialization for Dynamic Languages');
    expect(first).toContain('Keywords JavaScript, just-in-time compilation, trace trees.');
    const page1 = first.join('\n');
    expect(page1).toContain(
      'Dynamic languages such as JavaScript are more difficult to compile than statically typed ones.',
    );
    expect(page1).not.toContain('\uFB01');
    // The abstract (left column) is read before the introduction's continuation (right column).
    expect(page1.indexOf('We present a trace-based compilation technique')).toBeGreaterThan(-1);
    expect(pages[1].paragraphs.join(' ')).toContain('In a naïve implementation');
    expect(pages[13].paragraphs.join(' ')).toContain('[1] LuaJIT roadmap 2008');
    // Page 13's chart labels have no Unicode mapping: gibberish, but no failure.
    expect(pages[12].paragraphs.length).toBeGreaterThan(0);
  }, 60_000);

  it('copy_paste_ligatures: every ligature folded by NFKC', async () => {
    const [page] = await laidOut('pdfjs_copy_paste_ligatures.pdf');
    expect(page.paragraphs).toEqual(['abcdeffffiflffifflststghijklmno']);
  });

  it('bug793632: printed page labels i, ii, iii, 1', async () => {
    const pages = await laidOut('pdfjs_bug793632.pdf');
    expect(pages.map((p) => p.label)).toEqual(['i', 'ii', 'iii', '1']);
    expect(pages[3].paragraphs.join(' ')).toContain('This is page 1 starting the main content');
    expect(pages[0].paragraphs.join(' ')).toContain('This is page i.');
  });

  it('linn: a scan without a text layer is refused with the OCR message', async () => {
    expect(await open('ocrmypdf_linn.pdf')).toEqual({
      ok: false,
      reason: 'no-text',
      error: NO_TEXT_MESSAGE,
    });
  });

  it('issue6010: a missing password and a wrong one are told apart; the right one opens it', async () => {
    expect(await open('pdfjs_issue6010_1.pdf')).toMatchObject({
      ok: false,
      reason: 'password-required',
    });
    expect(await open('pdfjs_issue6010_1.pdf', { password: 'qwerty' })).toMatchObject({
      ok: false,
      reason: 'password-wrong',
    });
    const asked: string[] = [];
    const result = await open('pdfjs_issue6010_1.pdf', {
      askPassword: async (retry) => {
        asked.push(retry ? 'wrong' : 'required');
        return retry ? 'abc' : 'qwerty';
      },
    });
    expect(asked).toEqual(['required', 'wrong']);
    expect(result.ok && layoutPages(result.value.pages)[0].paragraphs).toEqual(['Issue 6010']);
    const declined = await open('pdfjs_issue6010_1.pdf', { askPassword: async () => null });
    expect(declined).toMatchObject({ ok: false, reason: 'password-required' });
  });

  it('issue7665: encrypted with an empty user password opens without asking', async () => {
    const result = await open('pdfjs_issue7665.pdf', {
      askPassword: async () => {
        throw new Error('must not ask');
      },
    });
    expect(result.ok && layoutPages(result.value.pages)[0].paragraphs).toEqual(['Issue 7665']);
  });
});
