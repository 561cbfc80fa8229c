/**
 * A long PDF and an encrypted one, written in the test (`@cantoo/pdf-lib`), through the PDF
 * converter as the app runs it: progress per page, previews of the first pages then every few
 * dozen, Cancel part-way, fingerprints, a password asked again after a wrong one.
 */
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { makeEncryptedPdf, makeLongPdf } from '../fixtures/pdf-long-fixture';
import { convertPdfWith, previewDue, PREVIEW_EVERY, PREVIEW_FIRST } from '../pdf-convert';
import { layoutBlocks, type DraftBlock } from '../../model/blocks';
import type { PdfJs } from './load';

const convert = convertPdfWith(pdfjs as unknown as PdfJs);
const pagesIn = (blocks: DraftBlock[]) => blocks.filter((b) => b.type === 'pageBreak').length;

describe('a long PDF, progressively', { timeout: 60_000 }, () => {
  it('previews the first pages, then every few dozen, never the whole; reports every page', async () => {
    const total = 60;
    const bytes = await makeLongPdf(total);
    const progress: number[] = [];
    const previews: number[] = [];
    const out = await convert(bytes, {
      fileName: 'long.pdf',
      onProgress: (done, t) => {
        expect(t).toBe(total);
        progress.push(done);
      },
      onPartial: (blocks) => previews.push(pagesIn(blocks)),
    });
    if (!out.ok || out.value.kind !== 'blocks') throw new Error(out.ok ? 'kind' : out.error);
    expect(progress).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(previews).toEqual([PREVIEW_FIRST, PREVIEW_EVERY, 2 * PREVIEW_EVERY]);
    const text = layoutBlocks(out.value.blocks).plainText;
    expect(text).toContain('marker-1 begins here');
    expect(text).toContain(`marker-${total} begins here`);
    expect(out.value.fingerprints?.[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('stops reading when cancelled part-way', async () => {
    const controller = new AbortController();
    let last = 0;
    const out = await convert(await makeLongPdf(40), {
      fileName: 'long.pdf',
      signal: controller.signal,
      onProgress: (done) => {
        last = done;
        if (done === 5) controller.abort();
      },
    });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toContain('cancelled');
    expect(last).toBeLessThan(40);
  });

  it('says when a preview is due', () => {
    expect(previewDue(1, 300)).toBe(false);
    expect(previewDue(PREVIEW_FIRST, 300)).toBe(true);
    expect(previewDue(PREVIEW_EVERY, 300)).toBe(true);
    expect(previewDue(PREVIEW_EVERY + 1, 300)).toBe(false);
    expect(previewDue(2, 2)).toBe(false);
  });
});

describe('a password-protected PDF', { timeout: 30_000 }, () => {
  it('asks again after a wrong password, then opens with the right one', async () => {
    const asked: boolean[] = [];
    const out = await convert(await makeEncryptedPdf('seminar'), {
      fileName: 'notes.pdf',
      askPassword: async (retry) => {
        asked.push(retry);
        return asked.length === 1 ? 'wrong guess' : 'seminar';
      },
    });
    expect(asked).toEqual([false, true]);
    if (!out.ok || out.value.kind !== 'blocks') throw new Error(out.ok ? 'kind' : out.error);
    expect(layoutBlocks(out.value.blocks).plainText).toContain('The secret seminar notes');
  });

  it('gives up with a clear message when the reader cancels the password', async () => {
    const out = await convert(await makeEncryptedPdf('seminar'), {
      fileName: 'notes.pdf',
      askPassword: async () => null,
    });
    expect(!out.ok && out.error).toBe(
      '“notes.pdf”: This PDF is protected by a password. Enter its password to open it.',
    );
  });
});
