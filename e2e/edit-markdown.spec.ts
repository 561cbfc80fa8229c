import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, openFile, selectOnce, highlightText, drawnAnnotationIds } from './helpers';
import { annotate } from './edit-helpers';

/** A Markdown document generated here: heading, emphasis, a link, a list. */
const MD = [
  '# Field *notes*',
  '',
  'The river was **high** that spring, and the [old bridge](https://example.org/bridge) held.',
  '',
  '- first item about the ferry',
  '- second item with *emphasis* here',
  '',
  'Last paragraph, plain.',
  '',
].join('\n');

const FIRST = 'river was high that spring';
const SECOND = 'second item with emphasis';

async function downloadVersion(page: Page, n: number): Promise<{ name: string; text: string }> {
  const menu = page.locator('details.versions');
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open)))
    await menu.locator('summary').click();
  const wait = page.waitForEvent('download');
  await page
    .getByRole('list', { name: 'Versions of the text' })
    .getByRole('listitem')
    .filter({ hasText: `Version ${n}` })
    .getByRole('button', { name: 'Download' })
    .click();
  const d = await wait;
  return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
}

test('edit a Markdown text: typed * stays literal, highlights follow, the version is Markdown', async ({
  page,
}) => {
  await openApp(page);
  await openFile(page, 'field-notes.md', MD, 'text/markdown');
  const text = page.locator('.ProseMirror');
  await expect(text.locator('h1')).toHaveText('Field notes');
  for (const t of [FIRST, SECOND]) await annotate(page, t);
  const ids = await drawnAnnotationIds(page, 2);

  const edit = page.getByRole('button', { name: 'Edit text' });
  await expect(edit).toBeEnabled();
  await edit.click();
  await expect(page.getByRole('button', { name: 'Save text' })).toBeVisible();
  // Insert a word with Markdown's emphasis characters in it.
  await selectOnce(page, 'plain.', 0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('*so* ');
  // Change a word inside the second passage.
  await selectOnce(page, 'item with emphasis', 0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type('I');
  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(edit).toBeVisible();

  const check = async () => {
    await expect(text.locator('p').last()).toHaveText('Last paragraph, *so* plain.');
    await expect(text.locator('em', { hasText: 'so' })).toHaveCount(0);
    await expect(text.locator('h1')).toHaveText('Field notes');
    await expect(text.locator('h1 em')).toHaveText('notes');
    await expect(text.locator('li')).toHaveCount(2);
    await expect(text.locator('li em')).toHaveText('emphasis');
    await expect.poll(() => highlightText(page, ids[0])).toBe(FIRST);
    await expect.poll(() => highlightText(page, ids[1])).toBe('second Item with emphasis');
    const review = page.getByRole('region', { name: 'Changed by the edit' });
    await expect(review.getByRole('status')).toHaveText('1 annotation to review');
    await expect(review.locator(`[data-annotation="${ids[1]}"]`)).toContainText('Changed');
    await expect(page.locator('summary', { hasText: 'Version 2' })).toBeVisible();
  };
  await check();
  await page.reload();
  await expect(text.locator('h1')).toHaveText('Field notes');
  await check();

  // The saved version is Markdown: untouched blocks byte for byte (the heading's emphasis, the
  // link), the edited ones written with the typed characters escaped.
  const v2 = await downloadVersion(page, 2);
  expect(v2.name).toMatch(/\.md$/);
  expect(v2.text).toBe(
    MD.replace('second item', 'second Item').replace(
      'Last paragraph, plain.',
      'Last paragraph, \\*so\\* plain.',
    ),
  );
  const v1 = await downloadVersion(page, 1);
  expect(v1.text).toBe(MD);

  // Version 1 restored as version 3: the Markdown as it was, the highlights carried back.
  await page
    .getByRole('list', { name: 'Versions of the text' })
    .getByRole('listitem')
    .filter({ hasText: 'Version 1' })
    .getByRole('button', { name: 'Restore' })
    .click();
  await expect(page.locator('summary', { hasText: 'Version 3' })).toBeVisible();
  await expect(text.locator('p').last()).toHaveText('Last paragraph, plain.');
  await expect.poll(() => highlightText(page, ids[0])).toBe(FIRST);
  expect((await downloadVersion(page, 3)).text).toBe(MD);
});

test('an edit Markdown cannot hold is refused with its reason and stays open', async ({ page }) => {
  await openApp(page);
  await openFile(page, 'short.md', '# Title\n\nOne paragraph.\n\nAnother one.\n', 'text/markdown');
  const text = page.locator('.ProseMirror');
  await expect(text.locator('h1')).toHaveText('Title');
  await page.getByRole('button', { name: 'Edit text' }).click();
  // Empty a paragraph: Markdown has no empty paragraph.
  await selectOnce(page, 'One paragraph.', 0);
  await page.keyboard.press('Delete');
  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'cannot be saved as Markdown' }),
  ).toContainText('with no text');
  await expect(page.getByRole('button', { name: 'Save text' })).toBeVisible();
});
