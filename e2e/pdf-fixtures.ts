import type { Browser } from '@playwright/test';

const WORDS =
  'river lamp orchard letter winter harbour violin garden window market candle meadow ladder mirror bridge forest kettle sparrow compass lantern thimble quarry saddle beacon'.split(
    ' ',
  );

/**
 * The text of page `n` of a generated long PDF: a sentence naming the page, then prose whose
 * words differ from page to page (lines repeated on many pages near the top or bottom would be
 * taken for running headers and left out, as they should be).
 */
export const longPageText = (n: number): string =>
  `Page ${n} opens with the sentence that names it: marker-${n} begins here. ` +
  Array.from({ length: 90 }, (_, i) => WORDS[(n * 7 + i * ((n % 5) + 1) + i * i) % 24]).join(' ') +
  '.';

/** A real PDF of `pages` pages printed by Chromium (`page.pdf()`), one paragraph a page. */
export async function chromiumPdf(browser: Browser, pages: number, extra = ''): Promise<Buffer> {
  const page = await browser.newPage();
  const body = Array.from(
    { length: pages },
    (_, i) => `<section><p>${longPageText(i + 1)}</p>${i === 0 ? extra : ''}</section>`,
  ).join('');
  await page.setContent(
    `<html><head><style>section{break-after:page;font:12pt serif}</style></head><body>${body}</body></html>`,
  );
  const pdf = await page.pdf({ format: 'A4' });
  await page.close();
  return pdf;
}

/**
 * Gives a PDF the file identifier a re-save keeps: the trailer's `/ID [<permanent> <changing>]`
 * (16 bytes each, as hex). Skia writes no /ID; adding it inside the trailer dictionary moves no
 * object and no xref offset (the trailer follows the xref table).
 */
export function withFileId(pdf: Buffer, permanent: string, changing: string): Buffer {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('trailer');
  if (at < 0 || !/^[0-9a-f]{32}$/.test(permanent) || !/^[0-9a-f]{32}$/.test(changing))
    throw new Error('withFileId: no trailer, or an ID that is not 16 bytes of hex');
  const open = text.indexOf('<<', at) + 2;
  const patched = `${text.slice(0, open)}/ID [<${permanent}> <${changing}>] ${text.slice(open)}`;
  return Buffer.from(patched, 'latin1');
}
