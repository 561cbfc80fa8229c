import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { makeEpub } from '../src/lib/formats/fixtures/pdf-epub-fixture';
import {
  drawnAnnotationIds,
  highlightText,
  openApp,
  openFile,
  selectOnce,
  sidebar,
} from './helpers';
import { annotate, storedSources } from './edit-helpers';

const doc = (page: Page) => page.locator('.ProseMirror');
const card = (page: Page, id: string) => sidebar(page).locator(`article[id="card-${id}"]`);

test('edit the text of an EPUB: highlights follow, chapters stay, citations after reload are right', async ({
  page,
}) => {
  await openApp(page);
  await openFile(page, 'novel.epub', Buffer.from(makeEpub()), 'application/epub+zip');
  await expect(page.locator('header h1')).toContainText('A Small Novel');
  await annotate(page, 'a quiet evening');
  await annotate(page, 'came too soon');
  const [first, second] = await drawnAnnotationIds(page, 2);
  await expect(card(page, second)).toContainText('Chapter II. Departure');

  await page.getByRole('button', { name: 'Edit text' }).click();
  await expect(page.getByRole('button', { name: 'Save text' })).toBeVisible();
  // A deletion across the chapter marker is refused, with the reason.
  await selectOnce(page, 'evening.', 0);
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  // Delete acts on the editor's selection: wait until it has read the extended one (under
  // load it may lag the page's), which holds the chapter marker.
  await expect
    .poll(() =>
      page.evaluate(() => {
        type PMish = {
          state: {
            selection: { from: number; to: number };
            doc: {
              nodesBetween(a: number, b: number, f: (n: { type: { name: string } }) => void): void;
            };
          };
        };
        const ed = (document.querySelector('.ProseMirror') as HTMLElement & { editor?: PMish })
          .editor!;
        const { from, to } = ed.state.selection;
        let chapters = 0;
        ed.state.doc.nodesBetween(from, to, (n) => void (n.type.name === 'chapter' && chapters++));
        return chapters;
      }),
    )
    .toBeGreaterThan(0);
  await page.keyboard.press('Delete');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Page and chapter markers stay where they are' }),
  ).toBeVisible();
  await expect(doc(page)).toContainText('Morning came too soon.');
  await expect(doc(page).locator('.mg-chapter')).toHaveCount(2);

  // A word typed before the second passage, its paragraph made a heading; a word changed inside
  // the first.
  await selectOnce(page, 'Morning', 0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('The next ');
  // The paragraph becomes a level-2 heading (TipTap's shortcut): no text changes, it is stored.
  await page.keyboard.press('Control+Alt+2');
  await selectOnce(page, 'quiet', 0);
  await page.keyboard.type('calm');
  await expect.poll(() => highlightText(page, second)).toBe('came too soon');
  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(page.getByRole('button', { name: 'Edit text' })).toBeVisible();

  const check = async () => {
    await expect(doc(page).locator('h2')).toHaveText('The next Morning came too soon.');
    await expect.poll(() => highlightText(page, second)).toBe('came too soon');
    await expect.poll(() => highlightText(page, first)).toBe('a calm evening');
    const review = page.getByRole('region', { name: 'Changed by the edit' });
    await expect(review.getByRole('status')).toHaveText('1 annotation to review');
    await expect(review.locator(`[data-annotation="${first}"]`)).toContainText('Changed');
    await expect(card(page, second)).toContainText('Chapter II. Departure');
    await expect(card(page, first)).toContainText('Chapter I. Arrival');
    await expect(page.getByLabel('Jump to chapter').locator('option')).toHaveText([
      'Chapter I. Arrival',
      'Chapter II. Departure',
    ]);
    await expect(page.locator('summary', { hasText: 'Version 2' })).toBeVisible();
  };
  await check();
  await page.reload();
  await check();

  // The new version is stored as blocks (chapter markers with their spine item), not as text.
  const epub = (await storedSources(page)).find((s) => s.includes('The next Morning'))!;
  const stored = JSON.parse(epub);
  expect(stored.marginalia).toBe('blocks');
  expect(stored.blocks.filter((b: { type: string }) => b.type === 'chapter')).toEqual([
    { type: 'chapter', title: 'Chapter I. Arrival', href: expect.stringContaining('c1.xhtml') },
    { type: 'chapter', title: 'Chapter II. Departure', href: expect.stringContaining('c2.xhtml') },
  ]);

  // Version 1 downloads as the text first opened; the original file is still the EPUB.
  await page.locator('summary', { hasText: 'Version 2' }).click();
  const versions = page.getByRole('list', { name: 'Versions of the text' }).getByRole('listitem');
  const wait = page.waitForEvent('download');
  await versions.filter({ hasText: 'Version 1' }).getByRole('button', { name: 'Download' }).click();
  const v1 = readFileSync((await (await wait).path())!, 'utf8');
  expect(v1).toContain('It was a quiet evening.');
  expect(v1).not.toContain('{');
  const waitOriginal = page.waitForEvent('download');
  await page.getByRole('button', { name: /Download original/ }).click();
  expect((await waitOriginal).suggestedFilename()).toBe('novel.epub');

  // Restoring version 1 brings the old words back, as version 3, with the chapters.
  await versions.filter({ hasText: 'Version 1' }).getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('summary', { hasText: 'Version 3' })).toBeVisible();
  await expect(doc(page)).toContainText('Morning came too soon.');
  await expect(doc(page)).not.toContainText('The next Morning');
  await expect.poll(() => highlightText(page, second)).toBe('came too soon');
  await expect(card(page, second)).toContainText('Chapter II. Departure');
});
