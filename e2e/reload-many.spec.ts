import { test, expect, type Page } from '@playwright/test';
import { bookText, classAnnotations } from './scale-fixtures';
import {
  drawAllByPrinting,
  drawnCount,
  importThroughDialog,
  selectText,
  storedRecords,
  toolbar,
} from './helpers';

/**
 * Reload with thousands of annotations (issue #13, item 5): the last document's annotations are
 * read while the app starts and the text is parsed (OpenDocument.prefetch), and the W3C export's
 * worker reads them from IndexedDB itself. Correctness only (timings are the bench's): after a
 * reload every annotation is back and drawn (all of them when printed), none is ever listed as
 * unplaced, and the export holds every one of them. From the second reload on, the first screens are drawn from the
 * document's drawing record (schema 6) before the pages are read: the same highlights, looks and
 * sidebar as the full read; a write drops the record, and another tab still agrees.
 */
const COUNT = 2000;

const count = (page: Page) => page.locator('aside[aria-label="Annotations"] h2 .count');

/** Every drawn highlight's id, classes, title and description (the first element of each). */
const looks = (page: Page) =>
  page.evaluate(() => {
    const seen = new Map<string, string>();
    for (const m of document.querySelectorAll('.ProseMirror mark[data-annotation-id]')) {
      const id = m.getAttribute('data-annotation-id')!;
      if (!seen.has(id))
        seen.set(
          id,
          // Classes as a set: where highlights overlap, the order of merged classes follows
          // the order they were drawn in.
          [
            [...m.classList].sort().join(' '),
            m.getAttribute('title'),
            m.getAttribute('aria-description'),
          ].join('|'),
        );
    }
    return [...seen].map(([id, look]) => `${id}|${look}`).sort();
  });
const cardTexts = (page: Page) =>
  page.locator('aside[aria-label="Annotations"] article').allInnerTexts();
const sketched = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName('mg:open:sketched').length > 0);
/** How many drawing records of more than 1,000 annotations are stored (the book's: the
 * sample document opened at the first start has one too). */
const bookRecords = async (page: Page) =>
  (await storedRecords(page, ['drawRecords'])).drawRecords.filter(
    (r) => (r.value as { total: number }).total > 1000,
  ).length;

test('thousands of annotations come back whole after a reload, and export whole', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const text = bookText(60, 'Let there be light', 'Jesus wept');
  // Never an "Unplaced" section, at any moment of the reload.
  await page.addInitScript(() => {
    const w = window as unknown as { __unplacedSeen: boolean };
    w.__unplacedSeen = false;
    new MutationObserver(() => {
      if (document.querySelector('section[aria-label="Unplaced annotations"]'))
        w.__unplacedSeen = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/?bench');
  await expect(page.locator('.ProseMirror p').first()).not.toBeEmpty();
  await page
    .locator('input[aria-label="Open document"]')
    .setInputFiles({ name: 'book.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(page.locator('.ProseMirror')).toContainText('Book 60', { timeout: 30_000 });
  const imported = await importThroughDialog(page, JSON.stringify(classAnnotations(text, COUNT)));
  expect(imported).toBeGreaterThan(1500);
  // Highlights far from the view are drawn when the reader comes near them; printing draws
  // them all, so every look can be compared.
  await drawAllByPrinting(page, imported);
  const before = await looks(page);
  expect(before.length).toBe(imported);
  const firstCards = await cardTexts(page);

  for (let round = 0; round < 2; round++) {
    // The first reload reads the pages (no record yet) and writes the record when idle.
    if (round === 1) await expect.poll(() => bookRecords(page)).toBe(1);
    await page.reload();
    await expect(page.locator('.ProseMirror')).toContainText('Book 1');
    await expect(count(page)).toHaveText(`(${imported})`, { timeout: 60_000 });
    await page.waitForFunction(() => (window as any).__marginalia?.app.ready);
    await page.evaluate(() => (window as any).__marginalia.app.editor.whenLoaded());
    await drawAllByPrinting(page, imported);
    expect(await page.evaluate(() => (window as any).__unplacedSeen)).toBe(false);
    expect(await sketched(page)).toBe(round === 1);
    expect(await looks(page)).toEqual(before);
    await expect.poll(() => cardTexts(page)).toEqual(firstCards);
  }

  // Another tab opens from the record too; a highlight made in this one reaches it, drops the
  // record, which this tab writes again once idle (~2 s after its write, record-keeper.ts); the
  // other then reloads from it, and both agree.
  const other = await page.context().newPage();
  await other.goto('/?bench');
  await expect(count(other)).toHaveText(`(${imported})`, { timeout: 60_000 });
  expect(await sketched(other)).toBe(true);
  await selectText(page, 'Jesus wept');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(count(page)).toHaveText(`(${imported + 1})`);
  await expect(count(other)).toHaveText(`(${imported + 1})`);
  await expect.poll(() => bookRecords(page), { timeout: 30_000 }).toBe(1);
  await other.reload();
  await expect(count(other)).toHaveText(`(${imported + 1})`, { timeout: 60_000 });
  expect(await sketched(other)).toBe(true);
  await other.evaluate(() => (window as any).__marginalia.app.editor.whenLoaded());
  await drawAllByPrinting(other, imported + 1);
  // This tab drew them all for print above; the new one is drawn where it was made.
  await expect.poll(() => drawnCount(page), { timeout: 60_000 }).toBe(imported + 1);
  await other.close();

  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Web Annotation JSON/ }).click();
  const body = JSON.parse(
    await (await import('node:fs/promises')).readFile((await (await wait).path())!, 'utf8'),
  );
  expect(body.total).toBe(imported + 1);
  const ids = new Set(body.first.items.map((a: { id: string }) => a.id));
  expect(ids.size).toBe(imported + 1);
});
