import { test, expect, type Page } from '@playwright/test';
import { bookText, classAnnotations } from './scale-fixtures';
import { importThroughDialog } from './helpers';

/**
 * Reload with thousands of annotations (issue #13, item 5): the last document's annotations are
 * read while the app starts and the text is parsed (OpenDocument.prefetch), and the W3C export's
 * worker reads them from IndexedDB itself. Correctness only (timings are the bench's): after a
 * reload every annotation is back and drawn, none is ever listed as unplaced, and the export
 * holds every one of them.
 */
const COUNT = 2000;

const count = (page: Page) => page.locator('aside[aria-label="Annotations"] h2 .count');
const drawn = (page: Page) =>
  page.evaluate(
    () =>
      new Set(
        [...document.querySelectorAll('.ProseMirror mark[data-annotation-id]')].map((m) =>
          m.getAttribute('data-annotation-id'),
        ),
      ).size,
  );

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
  await expect.poll(() => drawn(page), { timeout: 60_000 }).toBe(imported);

  for (let round = 0; round < 2; round++) {
    await page.reload();
    await expect(page.locator('.ProseMirror')).toContainText('Book 1');
    await expect(count(page)).toHaveText(`(${imported})`, { timeout: 60_000 });
    await page.waitForFunction(() => (window as any).__marginalia?.app.ready);
    await page.evaluate(() => (window as any).__marginalia.app.editor.whenLoaded());
    await expect.poll(() => drawn(page), { timeout: 60_000 }).toBe(imported);
    expect(await page.evaluate(() => (window as any).__unplacedSeen)).toBe(false);
  }

  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Web Annotation JSON/ }).click();
  const body = JSON.parse(
    await (await import('node:fs/promises')).readFile((await (await wait).path())!, 'utf8'),
  );
  expect(body.total).toBe(imported);
  const ids = new Set(body.first.items.map((a: { id: string }) => a.id));
  expect(ids.size).toBe(imported);
});
