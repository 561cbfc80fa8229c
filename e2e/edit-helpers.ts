import { expect, type Page } from '@playwright/test';
import { highlightText, selectOnce, selectText, sidebar, storedRecords } from './helpers';

/** Three passages of the sample (public/sample-interview.txt) that `editThreePassages` touches. */
export const FIRST = 'phenomenon of this war';
export const SECOND = 'ZMiST had an opportunity to ask several questions';
export const THIRD = 'indeed massive changes to the structure';
/** `THIRD` after `editThreePassages`. */
export const THIRD_EDITED = 'indeed massive Changes to the structure';

/** The stored source of every document (its text for plain text, block JSON for an EPUB…),
 * read from IndexedDB. */
export const storedSources = async (page: Page): Promise<string[]> =>
  (await storedRecords(page, ['texts'])).texts.map((r) => (r.value as { source: string }).source);

/** Highlights `text` with the keyboard (H) and waits for the toolbar to close. */
export async function annotate(page: Page, text: string): Promise<void> {
  await selectText(page, text);
  await page.keyboard.press('h');
  await expect(page.getByRole('toolbar', { name: 'Annotate selection' })).toBeHidden();
}

/** Puts the caret just before `text` (edit mode). */
export async function caretBefore(page: Page, text: string): Promise<void> {
  await selectOnce(page, text, 0);
  await page.keyboard.press('ArrowLeft');
}

/**
 * In edit mode (not saved): types a word before `FIRST`, deletes `SECOND` whole and changes a
 * letter inside `THIRD`, so one passage is untouched, one lost and one changed.
 */
export async function editThreePassages(page: Page): Promise<void> {
  await caretBefore(page, FIRST);
  await page.keyboard.type('strange ');
  await selectOnce(page, SECOND, 0);
  await page.keyboard.press('Delete');
  await selectOnce(page, 'changes to the structure', 0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type('C');
}

/**
 * After `editThreePassages` was saved, with `ids` the annotations on FIRST, SECOND, THIRD: the
 * first is still on its words, the third on its changed words, and the review list flags the
 * second as lost (unplaced) and the third as changed.
 */
export async function expectThreePassagesReviewed(page: Page, ids: string[]): Promise<void> {
  await expect.poll(() => highlightText(page, ids[0])).toBe(FIRST);
  await expect.poll(() => highlightText(page, ids[2])).toBe(THIRD_EDITED);
  const review = page.getByRole('region', { name: 'Changed by the edit' });
  await expect(review.getByRole('status')).toHaveText('2 annotations to review');
  await expect(review.locator(`[data-annotation="${ids[1]}"]`)).toContainText('Lost');
  await expect(review.locator(`[data-annotation="${ids[2]}"]`)).toContainText('Changed');
  await expect(sidebar(page).getByRole('heading', { name: 'Unplaced (1)' })).toBeVisible();
}
