import { test, expect, type Page } from '@playwright/test';
import {
  openApp,
  openFile,
  selectText,
  highlightText,
  annotationIds,
  drawnAnnotationIds,
} from './helpers';

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });

test('select → Highlight → reload: the same text is highlighted', async ({ page }) => {
  await openApp(page);
  const quote = 'phenomenon of this war';
  await selectText(page, quote);
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  const [id] = await drawnAnnotationIds(page, 1);
  expect(id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  await expect.poll(() => highlightText(page, id)).toBe(quote);
  await page.reload();
  await expect(page.locator(`[data-annotation-id="${id}"]`).first()).toBeVisible();
  await expect.poll(() => highlightText(page, id)).toBe(quote);
  await expect(sidebar(page)).toContainText(quote);
});

test('two overlapping tagged annotations keep both ids; one spans two paragraphs', async ({
  page,
}) => {
  await openApp(page);
  await selectText(page, '“Freedom of Russia” Legion is a phenomenon');
  await toolbar(page).getByRole('button', { name: 'Claim' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await selectText(page, 'a phenomenon of this war');
  await toolbar(page).getByRole('button', { name: 'Evidence' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(2);
  const ids = await drawnAnnotationIds(page, 2);
  const texts = await Promise.all(ids.map((id) => highlightText(page, id)));
  expect(texts.sort()).toEqual(
    ['a phenomenon of this war', '“Freedom of Russia” Legion is a phenomenon'].sort(),
  );
  // The overlap "a phenomenon" is inside elements of both annotations.
  const nested = await page.evaluate(
    () => document.querySelectorAll('[data-annotation-id] [data-annotation-id]').length,
  );
  expect(nested).toBeGreaterThan(0);

  // Across paragraphs: end of paragraph 2 into paragraph 3.
  await selectText(page, 'free Russian state.ZMiST had');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(3);
  const spanning = (await drawnAnnotationIds(page, 3)).find((id) => !ids.includes(id))!;
  await expect.poll(() => highlightText(page, spanning)).toBe('free Russian state.ZMiST had');
  await page.reload();
  await expect(page.locator(`[data-annotation-id="${spanning}"]`).first()).toBeVisible();
  await expect.poll(() => highlightText(page, spanning)).toBe('free Russian state.ZMiST had');
  await expect(sidebar(page).locator('article')).toHaveCount(3);
  await expect(sidebar(page).locator('article').first()).toContainText('Claim');
});

test('keyboard only: caret, Shift+arrows, then number key tags the selection', async ({ page }) => {
  await openApp(page);
  await page
    .locator('.ProseMirror p')
    .nth(1)
    .click({ position: { x: 2, y: 5 } });
  await page.keyboard.press('Home');
  for (let i = 0; i < 16; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press('2');
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await expect(sidebar(page).locator('article')).toContainText('Evidence');
  const [id] = await drawnAnnotationIds(page, 1);
  await expect.poll(async () => (await highlightText(page, id)).trim()).toMatch(/^The “Freedom of/);
  // H highlights, N opens the note editor.
  await page
    .locator('.ProseMirror p')
    .nth(2)
    .click({ position: { x: 2, y: 5 } });
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press('n');
  await expect(sidebar(page).getByRole('textbox', { name: 'Note' })).toBeFocused();
  await page.keyboard.type('Who is ZMiST?');
  await page.keyboard.press('Control+Enter');
  await expect(sidebar(page)).toContainText('Who is ZMiST?');
});

test('tags: create, rename, delete-in-use asks and can be undone', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Tags', exact: true }).click();
  const dlg = page.getByRole('dialog', { name: 'Tags of this document' });
  await dlg.getByLabel('New tag name').fill('Irony');
  await dlg.getByRole('button', { name: 'Add tag' }).click();
  await expect(dlg.getByLabel('Name of tag Irony')).toBeVisible();
  await dlg.getByLabel('Name of tag Irony').fill('Sarcasm');
  await dlg.getByLabel('Name of tag Irony').press('Enter');
  await expect(dlg.getByLabel('Name of tag Sarcasm')).toBeVisible();
  await dlg.getByRole('button', { name: 'Close' }).click();

  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Sarcasm' }).click();
  await expect(sidebar(page).locator('article')).toContainText('Sarcasm');

  await page.getByRole('button', { name: 'Tags', exact: true }).click();
  await dlg.getByRole('button', { name: 'Delete tag Sarcasm' }).click();
  const ask = page.getByRole('dialog', { name: /Delete tag “Sarcasm”/ });
  await expect(ask).toContainText('1 annotation uses this tag');
  await ask.getByRole('button', { name: 'Delete the annotations' }).click();
  await dlg.getByRole('button', { name: 'Close' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await expect(sidebar(page).locator('article')).toContainText('Sarcasm');
});

test('note edit in place, filters by tag and note, search', async ({ page }) => {
  await openApp(page);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Question' }).click();
  await selectText(page, 'free Russian state');
  await toolbar(page).getByRole('button', { name: 'Claim' }).click();
  await selectText(page, 'press conference');
  await toolbar(page).getByRole('button', { name: 'Note' }).click();
  await sidebar(page).getByRole('textbox', { name: 'Note' }).fill('Kyiv, April 5 <b>not bold</b>');
  await sidebar(page).getByRole('button', { name: 'Save note' }).click();
  await expect(sidebar(page).locator('.note')).toHaveText('Kyiv, April 5 <b>not bold</b>');
  await expect(sidebar(page).locator('article')).toHaveCount(3);

  const filters = sidebar(page).getByRole('group', { name: 'Filter by tag' });
  await filters.getByRole('button', { name: /Claim/ }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await filters.getByRole('button', { name: /Question/ }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(2);
  await sidebar(page).getByRole('button', { name: 'Clear filters' }).click();
  await sidebar(page).getByLabel('Has note').check();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await sidebar(page).getByLabel('Has note').uncheck();
  await sidebar(page).getByLabel('Search annotations').fill('kyiv');
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await sidebar(page).getByLabel('Search annotations').fill('russian');
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await expect(sidebar(page).locator('article')).toContainText('free Russian state');
});

test('undo and redo create, retag and delete (buttons and keyboard)', async ({ page }) => {
  await openApp(page);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  const cards = sidebar(page).locator('article');
  await expect(cards).toHaveCount(1);
  await cards.getByRole('button', { name: 'Edit tags' }).click();
  await cards.getByLabel('Imagery').check();
  await expect(cards.locator('.tags')).toContainText('Imagery');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(cards.locator('.tags')).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(cards.locator('.tags')).toContainText('Imagery');
  await cards.getByRole('button', { name: 'Delete annotation' }).click();
  await expect(cards).toHaveCount(0);
  await expect.poll(() => annotationIds(page)).toHaveLength(0);
  await page.locator('body').press('Control+z');
  await expect(cards).toHaveCount(1);
  await expect.poll(() => annotationIds(page)).toHaveLength(1);
  await page.locator('body').press('Control+Shift+z');
  await expect(cards).toHaveCount(0);
  await page.locator('body').press('Control+z');
  await page.locator('body').press('Control+z');
  await expect(cards.locator('.tags')).toHaveCount(0);
  await page.reload();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
});

test('clicking a card scrolls to and flashes the passage; clicking a highlight selects its card', async ({
  page,
}) => {
  await openApp(page);
  const paras = await page.locator('.ProseMirror p').count();
  const lastText = (
    await page
      .locator('.ProseMirror p')
      .nth(paras - 1)
      .innerText()
  ).slice(0, 30);
  await selectText(page, lastText);
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  const [id] = await drawnAnnotationIds(page, 1);
  await page.evaluate(() => window.scrollTo(0, 0));
  await sidebar(page).locator('article').getByRole('button').first().click();
  await expect(page.locator(`[data-annotation-id="${id}"]`).first()).toBeInViewport();
  await page.locator(`[data-annotation-id="${id}"]`).first().click();
  await expect(sidebar(page).locator('article.active')).toHaveCount(1);
});

test('the library shows the annotation count', async ({ page }) => {
  await openApp(page);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await selectText(page, 'free Russian state');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(2);
  await page.getByRole('button', { name: /^Library/ }).click();
  await expect(page.getByRole('main', { name: 'Library' })).toContainText('2 annotations');
});

test('annotations with emoji and combining marks anchor by code points', async ({ page }) => {
  await openApp(page);
  await openFile(
    page,
    'emoji.txt',
    'Family 👩‍👩‍👧 and café (cafe\u0301) go together.\n\nSecond 🎉 line.',
  );
  await expect(page.locator('header h1')).toContainText('Emoji');
  await selectText(page, 'cafe\u0301) go');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  const [id] = await drawnAnnotationIds(page, 1);
  await page.reload();
  await expect(page.locator(`[data-annotation-id="${id}"]`).first()).toBeVisible();
  await expect.poll(() => highlightText(page, id)).toBe('cafe\u0301) go');
});
