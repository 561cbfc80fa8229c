import { test, expect, type Page } from '@playwright/test';
import { openApp, openFile, highlightText, drawnAnnotationIds } from './helpers';
import { annotate, caretBefore, storedSources } from './edit-helpers';

/**
 * Line breaks inside a paragraph are characters of the text ('\n', src/lib/editor/line-breaks.ts):
 * shown as lines, one highlight element over several lines, and kept exactly through typing,
 * Shift+Enter and Backspace in edit mode, in text, Markdown and block documents.
 */

const POEM = [
  'Because I could not stop for Death –',
  'He kindly stopped for me –',
  'The Carriage held but just Ourselves –',
  'And Immortality.',
].join('\n');
const TEXT = `A first paragraph of prose, long enough to stand on its own here.\n\n${POEM}\n\nThe end.\n`;
const OVER_LINES = 'stop for Death –\nHe kindly stopped';

const text = (page: Page) => page.locator('.ProseMirror');
const startEdit = async (page: Page) => {
  await page.getByRole('button', { name: 'Edit text' }).click();
  await expect(page.getByRole('button', { name: 'Save text' })).toBeVisible();
};
/** The caret just before `needle`, once the editor has it too: keys its keymap handles
 * (Shift+Enter, Backspace) act on the editor's selection, not the page's. */
const caretAt = async (page: Page, needle: string) => {
  await caretBefore(page, needle);
  await expect
    .poll(() =>
      page.evaluate(() => {
        const dom = document.querySelector('.ProseMirror') as HTMLElement & {
          editor?: { state: { selection: { empty: boolean } } };
        };
        return dom.editor?.state.selection.empty;
      }),
    )
    .toBe(true);
};
const save = async (page: Page) => {
  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(page.getByRole('button', { name: 'Edit text' })).toBeVisible();
};

test('a poem keeps its lines: one highlight element over two lines, edits keep every break', async ({
  page,
}) => {
  await openApp(page);
  await openFile(page, 'poem.txt', TEXT);
  const poem = text(page).locator('p', { hasText: 'kindly' });
  await expect(poem).toBeVisible();
  expect(await poem.evaluate((p) => (p as HTMLElement).innerText)).toBe(POEM);
  await annotate(page, OVER_LINES);
  const [id] = await drawnAnnotationIds(page, 1);
  await expect(text(page).locator(`mark[data-annotation-id="${id}"]`)).toHaveCount(1);
  expect(await highlightText(page, id)).toBe(OVER_LINES);

  await startEdit(page);
  // Typed inside the paragraph's one text node, which holds all its line breaks; a line break
  // added with Shift+Enter, one removed with Backspace.
  await caretBefore(page, 'held');
  await page.keyboard.type('that ');
  // Read back from the page after typing, the paragraph still has its four lines.
  await expect
    .poll(() => poem.evaluate((p) => (p as HTMLElement).innerText))
    .toBe(POEM.replace('held', 'that held'));
  await caretAt(page, 'but just');
  await page.keyboard.press('Shift+Enter');
  await caretAt(page, 'And Immortality');
  await page.keyboard.press('Backspace');
  await save(page);

  const edited = TEXT.replace('held but', 'that held \nbut').replace('–\nAnd', '–And');
  await expect.poll(() => storedSources(page)).toContain(edited);
  await expect.poll(() => highlightText(page, id)).toBe(OVER_LINES);
  await page.reload();
  await expect(text(page)).toContainText('that held');
  await expect.poll(() => highlightText(page, id)).toBe(OVER_LINES);
  await expect(text(page).locator(`mark[data-annotation-id="${id}"]`)).toHaveCount(1);
  expect(await storedSources(page)).toContain(edited);
});

test('Markdown hard breaks and code lines survive an edit of their paragraph', async ({ page }) => {
  const md =
    'Roses are red,  \nViolets are blue.\n\n```\nline one\nline two\n```\n\nA last word.\n';
  await openApp(page);
  await openFile(page, 'verse.md', md, 'text/markdown');
  await expect(text(page).locator('p').first()).toContainText('Violets');
  expect(
    await text(page)
      .locator('p')
      .first()
      .evaluate((p) => (p as HTMLElement).innerText),
  ).toBe('Roses are red,\nViolets are blue.');
  await startEdit(page);
  await caretBefore(page, 'blue');
  await page.keyboard.type('very ');
  await caretBefore(page, 'two');
  await page.keyboard.type('number ');
  await save(page);
  await expect
    .poll(() => storedSources(page))
    .toContain(md.replace('are blue', 'are very blue').replace('line two', 'line number two'));
});

test('an HTML document keeps its <br> line breaks through an edit', async ({ page }) => {
  await openApp(page);
  await openFile(
    page,
    'lines.html',
    '<!doctype html><html><head><title>Lines</title></head><body><p>one line<br>two line</p><p>three</p></body></html>',
    'text/html',
  );
  await expect(text(page)).toContainText('two line');
  await startEdit(page);
  await caretBefore(page, 'two');
  await page.keyboard.type('and ');
  await save(page);
  await expect
    .poll(async () => (await storedSources(page)).find((s) => s.includes('and two')) ?? '')
    .toContain('"one line"},{"type":"hardBreak"},{"type":"text","text":"and two line"');
});
