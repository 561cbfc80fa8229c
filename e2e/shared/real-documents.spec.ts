import { test, expect, type Page, type Browser } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SHARED, drawnAnnotationIds, openApp, openFile, selectText } from '../helpers';
import { collectionMusts } from '../../src/lib/model/w3c-musts';

/**
 * The real documents in ../shared/documents (SOURCES.md says where each comes from, what it
 * exercises and which sentences to look for), opened in the reader as a person would (issue #12).
 * One thorough test per format: open, find the listed sentences, select across a paragraph (and
 * in the PDF across a page break), tag and note, reload, export W3C (the project's MUST checks;
 * the page or chapter refinement), import into a fresh profile (anchored). Then a lighter loop:
 * every other file opens and shows its sentences, or is refused with its message.
 * Skipped with a notice when ../shared is absent ($MARGINALIA_SHARED points elsewhere).
 */

const DIR = resolve(SHARED, 'documents');
const present = existsSync(DIR);
if (!present)
  console.log(`e2e/shared: no real documents at ${DIR}; real-documents.spec.ts is skipped.`);
test.skip(!present, `needs the real documents in ${DIR}`);
// Whole books and papers, converted and annotated twice (and once more in a fresh profile).
test.setTimeout(240_000);

const MIME: Record<string, string> = {
  html: 'text/html',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  epub: 'application/epub+zip',
  pdf: 'application/pdf',
};
const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });
const cards = (page: Page) => sidebar(page).locator('article');
const doc = (page: Page) => page.locator('.ProseMirror');

/** Waits until the displayed text (whitespace collapsed) holds `sentence`; a failure names the
 * sentence, not the whole book. Big files take a while to convert on a loaded machine. */
async function shows(page: Page, sentence: string, where = '.ProseMirror'): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          ({ where, sentence }) =>
            (document.querySelector(where)?.textContent ?? '')
              .replace(/\s+/g, ' ')
              .includes(sentence),
          { where, sentence },
        ),
      { message: `shows “${sentence}”`, timeout: 60_000 },
    )
    .toBe(true);
}

async function openReal(page: Page, path: string): Promise<void> {
  const name = path.split('/').pop()!;
  const ext = name.split('.').pop()!;
  await openFile(page, name, readFileSync(resolve(DIR, path)), MIME[ext]);
}

/**
 * The displayed text from the start of `sentence` to a few characters into the next textblock
 * (`across: 'paragraph'`), or from the end of the text before the `n`th page marker to the
 * start of the text after it (`across: 'page'`). Text nodes are joined as `selectText` joins them.
 */
async function spanning(page: Page, where: { sentence: string } | { pageMarker: number }) {
  return page.evaluate((where) => {
    const root = document.querySelector('.ProseMirror')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: { node: Text; at: number; block: Element | null }[] = [];
    let all = '';
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      nodes.push({
        node,
        at: all.length,
        block: node.parentElement!.closest('p, h1, h2, h3, h4, h5, h6, li, td'),
      });
      all += node.data;
    }
    if ('sentence' in where) {
      const start = all.indexOf(where.sentence);
      if (start < 0) return null;
      const end = start + where.sentence.length;
      const last = nodes.findLast((n) => n.at < end)!;
      const next = nodes.find((n) => n.at >= end && n.block !== last.block && n.node.data.trim());
      return next ? all.slice(start, next.at + Math.min(12, next.node.data.length)) : null;
    }
    const marker = root.querySelectorAll('.mg-page')[where.pageMarker];
    const after = nodes.findIndex(
      (n) => marker.compareDocumentPosition(n.node) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    if (after <= 0) return null;
    const at = nodes[after].at;
    return all.slice(Math.max(0, at - 40), at + 30);
  }, where);
}

async function tagAndNote(page: Page, text: string, note: string): Promise<void> {
  await selectText(page, text);
  await toolbar(page).getByRole('button', { name: 'Claim' }).click();
  const card = cards(page)
    .filter({ hasText: text.slice(0, 20) })
    .first();
  await card.getByRole('button', { name: 'Add note' }).click();
  await sidebar(page).getByRole('textbox', { name: 'Note' }).fill(note);
  await sidebar(page).getByRole('button', { name: 'Save note' }).click();
  await expect(sidebar(page).getByText(note)).toBeVisible();
}

interface Thorough {
  path: string;
  sentences: string[];
  /** Also select across this page marker (0-based index of `.mg-page`), for a PDF. */
  pageMarker?: number;
  /** What the card cites for the paragraph selection (page or chapter), when the format cites. */
  cite?: RegExp;
  /** The FragmentSelector every exported target carries, when the format has one. */
  fragment?: RegExp;
}

async function thorough(page: Page, browser: Browser, t: Thorough): Promise<void> {
  await openApp(page);
  await openReal(page, t.path);
  for (const s of t.sentences) await shows(page, s);

  const paragraph = await spanning(page, { sentence: t.sentences[0] });
  expect(paragraph, 'text across a paragraph end').toBeTruthy();
  await tagAndNote(page, paragraph!, 'Across a paragraph');
  let count = 1;
  if (t.pageMarker !== undefined) {
    const across = await spanning(page, { pageMarker: t.pageMarker });
    expect(across, 'text across a page break').toBeTruthy();
    await tagAndNote(page, across!, 'Across a page break');
    count++;
    await expect(cards(page).filter({ hasText: 'Across a page break' })).toContainText(
      /pp\. \d+–\d+/,
    );
  }
  if (t.cite)
    await expect(cards(page).filter({ hasText: 'Across a paragraph' })).toContainText(t.cite);

  await page.reload();
  await expect(cards(page)).toHaveCount(count);
  await drawnAnnotationIds(page, count);
  await expect(sidebar(page)).toContainText('Across a paragraph');

  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Web Annotation JSON/ }).click();
  const dl = await wait;
  const body = readFileSync((await dl.path())!);
  const json = JSON.parse(body.toString('utf8'));
  expect(collectionMusts(json)).toEqual([]);
  expect(json.first.items).toHaveLength(count);
  for (const item of json.first.items) {
    const types = item.target.selector.map((s: { type: string }) => s.type);
    expect(types).toEqual(expect.arrayContaining(['TextQuoteSelector', 'TextPositionSelector']));
    if (t.fragment) {
      const f = item.target.selector.find((s: { type: string }) => s.type === 'FragmentSelector');
      expect(f?.value).toMatch(t.fragment);
    }
  }

  // A fresh profile: the same file opened, the export imported, every annotation anchored.
  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await openApp(p2);
  await openReal(p2, t.path);
  await shows(p2, t.sentences[0]);
  await p2.getByLabel('Import annotations').setInputFiles({
    name: dl.suggestedFilename(),
    mimeType: 'application/json',
    buffer: body,
  });
  await p2
    .getByRole('dialog')
    .getByRole('button', { name: /^Import/ })
    .click();
  await expect(cards(p2)).toHaveCount(count);
  await drawnAnnotationIds(p2, count);
  await expect(sidebar(p2)).toContainText('Across a paragraph');
  await fresh.close();
}

test('HTML (v8 blog post): sentences, a paragraph-spanning note, reload, W3C export, fresh import', async ({
  page,
  browser,
}) => {
  await thorough(page, browser, {
    path: 'html/readability_v8-blog.source.html',
    sentences: [
      'Emscripten has always focused first and foremost on compiling to the Web and other JavaScript environments like Node.js.',
      "This post explains why that's interesting.",
      "Disassembling it, it's very minimal - just 87 bytes!",
    ],
  });
});

test('Word (docx4j Getting Started): sentences, a paragraph-spanning note, reload, W3C export, fresh import', async ({
  page,
  browser,
}) => {
  await thorough(page, browser, {
    path: 'docx/docx4j_Docx4j_GettingStarted.docx',
    sentences: [
      'docx4j is a library for working with docx, pptx and xlsx files in Java.',
      'The docx4j project is sponsored by Plutext (www.plutext.com).',
      'docx4j is open source, available under the Apache License (v2).',
    ],
  });
});

test('EPUB 3 (Alice): sentences, chapter citation and refinement, reload, W3C export, fresh import', async ({
  page,
  browser,
}) => {
  await thorough(page, browser, {
    path: 'epub/epubjs_alice.epub',
    sentences: [
      'Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do.',
      '"Why is a raven like a writing-desk?"',
    ],
    cite: /Down The Rabbit-Hole/i,
    fragment: /\.x?html/,
  });
});

test('PDF (TraceMonkey paper): sentences, notes across a paragraph and a page break, page citations and refinement, fresh import', async ({
  page,
  browser,
}) => {
  await thorough(page, browser, {
    path: 'pdf/pdfjs_tracemonkey.pdf',
    sentences: [
      'Keywords JavaScript, just-in-time compilation, trace trees.',
      'Dynamic languages such as JavaScript are more difficult to compile than statically typed ones.',
    ],
    pageMarker: 1,
    cite: /\bp\. 1\b/,
    fragment: /^page=\d+$/,
  });
});

/** Every other real document: it opens and shows its sentences (and labels), or is refused with
 * the message SOURCES.md asks for. One page, one file after another. */
const LIGHT: { path: string; shows?: string[]; labels?: string[]; refused?: RegExp }[] = [
  {
    path: 'html/hypothesis_wikipedia-regression-testing.html',
    shows: [
      'Regression testing is a type of software testing that verifies that software previously developed and tested still performs correctly even after it was changed or interfaced with other software.',
      'The purpose of regression testing is to ensure that changes such as those mentioned above have not introduced new faults.',
    ],
  },
  {
    path: 'html/readability_google-sre-book-1.source.html',
    shows: [
      'The four golden signals of monitoring are latency, traffic, errors, and saturation.',
      'Google’s SRE teams have some basic principles and best practices for building successful monitoring and alerting systems.',
    ],
  },
  {
    path: 'docx/docx4j_sample-docx.docx',
    shows: [
      'This is a document exhibiting basic docx features.',
      'A short paragraph with 10 points spacing before, 20 points after.',
    ],
  },
  { path: 'docx/mammoth_footnotes.docx', shows: ['Ouch', 'A tachyon walks into a bar.', 'Fin.'] },
  { path: 'docx/mammoth_endnotes.docx', shows: ['Ouch', 'A tachyon walks into a bar.', 'Fin.'] },
  { path: 'docx/mammoth_comments.docx', shows: ['Ouch.', 'Left out: comments'] },
  {
    path: 'epub/julien-c-epub_alice-epub2.epub',
    shows: [
      'Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do.',
      '"Why is a raven like a writing-desk?"',
    ],
  },
  {
    path: 'epub/readium-go-toolkit_childrens-literature.epub',
    shows: [
      'Many years ago there lived an Emperor who thought so much of new clothes that he spent all his money on them.',
    ],
  },
  { path: 'epub/epubcheck_epub20_encryption_binary_content.epub', refused: /DRM/ },
  { path: 'pdf/pdfjs_copy_paste_ligatures.pdf', shows: ['abcdeffffiflffifflststghijklmno'] },
  {
    path: 'pdf/pdfjs_bug793632.pdf',
    shows: ['This is page i.', 'This is page 1 starting the main content'],
    labels: ['p. i', 'p. ii', 'p. iii', 'p. 1'],
  },
  { path: 'pdf/pdfjs_issue7665.pdf', shows: ['Issue 7665'] },
  { path: 'pdf/ocrmypdf_linn.pdf', refused: /no text to select.*OCR/ },
];

test('every other real document opens and shows its sentences, or is refused with a clear message', async ({
  page,
}) => {
  await openApp(page);
  for (const f of LIGHT) {
    const title = page.locator('header h1');
    const before = await title.textContent();
    await openReal(page, f.path);
    if (f.refused) {
      await expect(page.getByRole('alert').filter({ hasText: f.refused }), f.path).toBeVisible({
        timeout: 60_000,
      });
      await expect(title).toHaveText(before!);
      continue;
    }
    await expect(title, f.path).not.toHaveText(before!, { timeout: 60_000 });
    for (const s of f.shows ?? []) await shows(page, s, 'main.reader');
    if (f.labels)
      expect(
        await doc(page)
          .locator('.mg-page')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-label'))),
      ).toEqual(f.labels);
  }
});
