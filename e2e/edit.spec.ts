import { test, expect, type Page } from '@playwright/test';
import { openApp, selectText, selectOnce, highlightText, drawnAnnotationIds } from './helpers';

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });

/** Three passages of the sample (public/sample-interview.txt). */
const FIRST = 'phenomenon of this war';
const SECOND = 'ZMiST had an opportunity to ask several questions';
const THIRD = 'indeed massive changes to the structure';

async function annotate(page: Page, text: string): Promise<void> {
  await selectText(page, text);
  await page.keyboard.press('h');
  await expect(page.getByRole('toolbar', { name: 'Annotate selection' })).toBeHidden();
}

/** Puts the caret just before `text` (edit mode). */
async function caretBefore(page: Page, text: string): Promise<void> {
  await selectOnce(page, text, 0);
  await page.keyboard.press('ArrowLeft');
}

test('edit the text: annotations follow, the lost one is listed, reload keeps it all', async ({
  page,
}) => {
  await openApp(page);
  for (const t of [FIRST, SECOND, THIRD]) await annotate(page, t);
  const ids = await drawnAnnotationIds(page, 3);

  await page.getByRole('button', { name: 'Edit text' }).click();
  await expect(page.getByRole('button', { name: 'Save text' })).toBeVisible();
  await expect(sidebar(page)).toHaveAttribute('inert', '');

  // Insert a word before the first passage.
  await caretBefore(page, FIRST);
  await page.keyboard.type('strange ');
  // Delete the second passage entirely.
  await selectOnce(page, SECOND, 0);
  await page.keyboard.press('Delete');
  // Change a word inside the third.
  await selectOnce(page, 'changes to the structure', 0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type('C');
  // Highlights moved with the text while typing.
  await expect.poll(() => highlightText(page, ids[0])).toBe(FIRST);

  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(page.getByRole('button', { name: 'Edit text' })).toBeVisible();
  await expect(page.locator('.ProseMirror')).toContainText('a strange phenomenon of this war');

  const check = async () => {
    await expect.poll(() => highlightText(page, ids[0])).toBe(FIRST);
    await expect
      .poll(() => highlightText(page, ids[2]))
      .toBe('indeed massive Changes to the structure');
    const review = page.getByRole('region', { name: 'Changed by the edit' });
    await expect(review.getByRole('status')).toHaveText('2 annotations to review');
    await expect(review.locator(`[data-annotation="${ids[1]}"]`)).toContainText('Lost');
    await expect(review.locator(`[data-annotation="${ids[1]}"]`)).toContainText(SECOND);
    await expect(review.locator(`[data-annotation="${ids[2]}"]`)).toContainText('Changed');
    await expect(sidebar(page).getByRole('heading', { name: 'Unplaced (1)' })).toBeVisible();
    await expect(page.getByText('Version 2', { exact: true })).toBeVisible();
  };
  await check();
  await page.reload();
  await expect(page.locator('.ProseMirror')).toContainText('a strange phenomenon of this war');
  await check();
});
