import { expect, type Page } from '@playwright/test';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readStores } from '../src/lib/storage/raw-db.fixtures';
import { DB_NAME } from '../src/lib/storage/schema';

export const SAMPLE_PATH = resolve(import.meta.dirname, '../public/sample-interview.txt');
export const sampleText = () => readFileSync(SAMPLE_PATH, 'utf8');
/** The shared folder for e2e/shared/ specs: `$MARGINALIA_SHARED`, else beside the repository. */
export const SHARED = process.env.MARGINALIA_SHARED
  ? resolve(import.meta.dirname, '..', process.env.MARGINALIA_SHARED)
  : resolve(import.meta.dirname, '../../shared');
export const hasShared = existsSync(SHARED);

/** Opens the app and waits until a document is shown. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('.ProseMirror')).toBeVisible();
  await expect(page.locator('.ProseMirror p').first()).not.toBeEmpty();
}

/** Opens a file through the "Open document" input. */
export async function openFile(
  page: Page,
  name: string,
  content: string | Buffer,
  mimeType = 'text/plain',
): Promise<void> {
  await page.getByLabel('Open document').setInputFiles({
    name,
    mimeType,
    buffer: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  });
}

/** Drops a file on the page, as a reader dragging it from the desktop would. */
export async function dropFile(
  page: Page,
  name: string,
  content: string,
  mimeType = 'text/plain',
): Promise<void> {
  const dt = await page.evaluateHandle(
    ({ name, content, mimeType }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], name, { type: mimeType }));
      return dt;
    },
    { name, content, mimeType },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

/** Selects the first occurrence of `text` in the document (code-unit search in the DOM). */
export async function selectText(page: Page, text: string, occurrence = 0): Promise<void> {
  // The editor may redraw (decorations of the previous action) just as the selection is set and
  // restore its own; setting it again is what a reader re-selecting would do.
  for (let attempt = 0; attempt < 3; attempt++) {
    await selectOnce(page, text, occurrence);
    try {
      await expect(page.getByRole('toolbar', { name: 'Annotate selection' })).toBeVisible({
        timeout: 3000,
      });
      return;
    } catch {
      /* try again */
    }
  }
  await expect(page.getByRole('toolbar', { name: 'Annotate selection' })).toBeVisible();
}

/** Sets the DOM selection on the first (or `occurrence`-th) copy of `text`, without waiting for the toolbar (edit mode shows none). */
export async function selectOnce(page: Page, text: string, occurrence: number): Promise<void> {
  const ok = await page.evaluate(
    ({ text, occurrence }) => {
      const root = document.querySelector('.ProseMirror') as HTMLElement;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      let all = '';
      while (walker.nextNode()) {
        nodes.push(walker.currentNode as Text);
        all += (walker.currentNode as Text).data;
      }
      let idx = -1;
      for (let i = 0; i <= occurrence; i++) idx = all.indexOf(text, idx + 1);
      if (idx < 0) return false;
      const locate = (off: number, end: boolean): [Text, number] => {
        let acc = 0;
        for (const n of nodes) {
          if (off < acc + n.data.length || (end && off === acc + n.data.length))
            return [n, off - acc];
          acc += n.data.length;
        }
        const last = nodes[nodes.length - 1];
        return [last, last.data.length];
      };
      const [sn, so] = locate(idx, false);
      const [en, eo] = locate(idx + text.length, true);
      root.focus();
      const range = document.createRange();
      range.setStart(sn, so);
      range.setEnd(en, eo);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return true;
    },
    { text, occurrence },
  );
  expect(ok, `text to select not found: ${text}`).toBe(true);
}

/** Text of every element drawn for an annotation id, joined. */
export async function highlightText(page: Page, id: string): Promise<string> {
  return page.evaluate(
    (id) =>
      [...document.querySelectorAll(`[data-annotation-id="${CSS.escape(id)}"]`)]
        .map((e) => e.textContent)
        .join(''),
    id,
  );
}

/** Ids of the annotations drawn in the document right now (distinct, in document order). */
export async function annotationIds(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...new Set(
      [...document.querySelectorAll('[data-annotation-id]')].map((e) =>
        e.getAttribute('data-annotation-id')!,
      ),
    ),
  ]);
}

/**
 * Waits until exactly `count` annotations are drawn in the document, then returns their ids.
 * Highlights are drawn after the card appears in the sidebar (the decorations follow the state
 * change), so reading ids right after an action races the drawing.
 */
export async function drawnAnnotationIds(page: Page, count: number): Promise<string[]> {
  await expect.poll(() => annotationIds(page)).toHaveLength(count);
  return annotationIds(page);
}

/** The records of `stores` in the app's database, read in the page (`readStores`). */
export const storedRecords = (page: Page, stores: string[]) =>
  page.evaluate(readStores, { name: DB_NAME, stores }).then((db) => db.records);

/** The saved reading places (code-point offsets) of all documents, read from IndexedDB. */
export async function savedScrollOffsets(page: Page): Promise<number[]> {
  const { settings } = await storedRecords(page, ['settings']);
  return settings.filter((r) => String(r.key).startsWith('scroll:')).map((r) => r.value as number);
}

/** The annotation sidebar and the selection toolbar, as a reader finds them by role. */
export const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });
export const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });

/** Selects `quote`, writes `note` on it through the toolbar's Note button and saves it. */
export async function noteOn(page: Page, quote: string, note: string): Promise<void> {
  await selectText(page, quote);
  await toolbar(page).getByRole('button', { name: 'Note' }).click();
  await sidebar(page).getByRole('textbox', { name: 'Note' }).fill(note);
  await sidebar(page).getByRole('button', { name: 'Save note' }).click();
  await expect(sidebar(page).getByText(note)).toBeVisible();
}

/**
 * Imports `json` through the import dialog (Continue, then "Import N") and waits until the
 * sidebar counts all N: a large import is applied in parts, so the count grows until all of it
 * is in. Returns N. CSS locators: role queries walk the whole page, slow with thousands of
 * highlights.
 */
export async function importThroughDialog(page: Page, json: string): Promise<number> {
  await page
    .locator('input[aria-label="Import annotations"]')
    .setInputFiles({ name: 'class.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  const dialog = page.locator('dialog[open]');
  await dialog.locator('button', { hasText: 'Continue' }).click();
  const confirm = dialog.locator('button', { hasText: /^Import \d+$/ });
  const imported = Number((await confirm.textContent())!.replace(/\D/g, ''));
  await confirm.click();
  await expect(page.locator('aside[aria-label="Annotations"] h2 .count')).toHaveText(
    `(${imported})`,
    { timeout: 60_000 },
  );
  return imported;
}

/** How many annotations have a highlight drawn in the text (one or more `mark` each). */
export const drawnCount = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      new Set(
        [...document.querySelectorAll('.ProseMirror mark[data-annotation-id]')].map((m) =>
          m.getAttribute('data-annotation-id'),
        ),
      ).size,
  );

/**
 * Draws every highlight as printing does (those far from the view are otherwise drawn only
 * when the reader comes near them: editor/draw-queue.ts), waits until `count` annotations are
 * drawn, and returns to screen media once its layout is done.
 */
export async function drawAllByPrinting(page: Page, count: number): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  await expect.poll(() => drawnCount(page), { timeout: 60_000 }).toBe(count);
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  );
}
