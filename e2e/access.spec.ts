import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openApp, selectText, drawnAnnotationIds } from './helpers';

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });

test('? shows every shortcut; the dialog returns focus when closed', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Paste text' }).focus();
  await page.keyboard.press('?');
  const dlg = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dlg).toBeVisible();
  for (const k of ['Highlight', 'Select the sentence', 'Next / previous annotation', 'Undo'])
    await expect(dlg).toContainText(k);
  await page.keyboard.press('Escape');
  await expect(dlg).toBeHidden();
});

test('keyboard: select the sentence with S, tag it, jump between annotations with ] and [', async ({
  page,
}) => {
  await openApp(page);
  await page
    .locator('.ProseMirror p')
    .nth(1)
    .click({ position: { x: 30, y: 5 } });
  await page.keyboard.press('s');
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press('1');
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await expect(sidebar(page).locator('article')).toContainText('Claim');
  await selectText(page, 'ZMiST had an opportunity');
  await page.keyboard.press('h');
  await expect(sidebar(page).locator('article')).toHaveCount(2);
  const ids = await drawnAnnotationIds(page, 2);
  await page
    .locator('.ProseMirror p')
    .first()
    .click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(']');
  await expect(sidebar(page).locator('article.active')).toContainText(
    'The “Freedom of Russia” Legion is a phenomenon',
  );
  await page.keyboard.press(']');
  await expect(sidebar(page).locator('article.active')).toContainText('ZMiST had an opportunity');
  await page.keyboard.press('[');
  await expect(sidebar(page).locator('article.active')).toContainText('phenomenon');
  await page.keyboard.press('e');
  await expect(sidebar(page).getByRole('textbox', { name: 'Note' })).toBeFocused();
  await page.keyboard.press('Escape');
  expect(ids).toHaveLength(2);
  await expect(page.locator('[role=status][aria-live=polite]')).not.toBeEmpty();
});

test('highlights tell assistive technology their tags and note, not by colour alone', async ({
  page,
}) => {
  await openApp(page);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Claim' }).click();
  await sidebar(page).locator('article').getByRole('button', { name: 'Add note' }).click();
  await sidebar(page)
    .getByRole('textbox', { name: 'Note' })
    .fill('Strong words for a press conference');
  await sidebar(page).getByRole('button', { name: 'Save note' }).click();
  const mark = page.locator('.ProseMirror mark[data-annotation-id]');
  await expect(mark).toHaveAttribute(
    'aria-description',
    'Claim. Note: Strong words for a press conference',
  );
  // As assistive technology computes it.
  await expect(mark).toHaveAccessibleDescription(
    'Claim. Note: Strong words for a press conference',
  );
  // A note is drawn with a dotted underline as well as the colour.
  expect(await mark.evaluate((el) => getComputedStyle(el).borderBottomStyle)).toBe('dotted');
});

test('settings: dark theme and text size are remembered after a reload', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dlg = page.getByRole('dialog', { name: 'Reading settings' });
  await dlg.getByLabel('Dark').check();
  await dlg.getByLabel('Text size').fill('22');
  await dlg.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('.ProseMirror p').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(
    await page.evaluate(() => getComputedStyle(document.querySelector('.ProseMirror')!).fontSize),
  ).toBe('22px');
});

test('print gives a handout: title, legend, numbered paragraphs, notes as endnotes, no app chrome', async ({
  page,
}) => {
  await openApp(page);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Note' }).click();
  await sidebar(page).getByRole('textbox', { name: 'Note' }).fill('Whose war?');
  await sidebar(page).getByRole('button', { name: 'Save note' }).click();
  await expect(sidebar(page).locator('.note')).toHaveText('Whose war?');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.bar')).toBeHidden();
  await expect(sidebar(page)).toBeHidden();
  await expect(page.locator('.handout-head h1')).toHaveText('Sample interview');
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Claim');
  await expect(page.locator('.endnotes')).toContainText('Whose war?');
  const counter = await page.evaluate(
    () => getComputedStyle(document.querySelector('.ProseMirror p')!, '::before').content,
  );
  expect(counter).toContain('counter');
});

const VIEWS = [
  'reader with annotations',
  'sidebar filtered',
  'tag editor',
  'import report',
  'library',
  'reader in dark theme',
  'class view with heat-map',
  'class agreement',
  'reading packet dialog',
] as const;
for (const view of VIEWS) {
  test(`axe finds no serious or critical violations: ${view}`, async ({ page }) => {
    await openApp(page);
    await selectText(page, 'bloody war');
    await toolbar(page).getByRole('button', { name: 'Question' }).click();
    await selectText(page, 'free Russian state');
    await toolbar(page).getByRole('button', { name: 'Claim' }).click();
    await expect(sidebar(page).locator('article')).toHaveCount(2);
    if (view === 'sidebar filtered') {
      await sidebar(page)
        .getByRole('group', { name: 'Filter by tag' })
        .getByRole('button', { name: /Claim/ })
        .click();
      await expect(sidebar(page).locator('article')).toHaveCount(1);
    } else if (view === 'tag editor') {
      await page.getByRole('button', { name: 'Tags', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'Tags of this document' })).toBeVisible();
    } else if (view === 'import report') {
      const json = {
        type: 'Annotation',
        id: 'urn:uuid:00000000-0000-4000-8000-000000000009',
        target: { selector: { type: 'TextQuoteSelector', exact: 'press conference' } },
      };
      await page.getByLabel('Import annotations').setInputFiles({
        name: 'other.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(json)),
      });
      const dlg = page.getByRole('dialog');
      await dlg.getByRole('button', { name: 'Continue' }).click();
      await expect(dlg).toContainText('1 new');
    } else if (view === 'library') await page.getByRole('button', { name: /^Library/ }).click();
    else if (view === 'reader in dark theme') await page.emulateMedia({ colorScheme: 'dark' });
    else if (view === 'class view with heat-map' || view === 'class agreement') {
      await page.getByRole('button', { name: 'Class view' }).click();
      const panel = page.getByRole('complementary', { name: 'Class view' });
      if (view === 'class agreement') await panel.getByRole('tab', { name: 'Agreement' }).click();
      else {
        await panel.getByRole('switch', { name: 'Heat-map in the text' }).check();
        await expect(page.locator('.ProseMirror .mg-heat')).toHaveCount(2);
      }
    } else if (view === 'reading packet dialog') {
      await page.getByRole('button', { name: 'Reading packet' }).click();
      await expect(page.getByRole('dialog', { name: 'Create reading packet' })).toBeVisible();
    }
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target}`)).toEqual([]);
  });
}
