import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, openFile, highlightText } from './helpers';

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });

/** An emoji (two UTF-16 units) before a phrase that occurs twice: Hypothesis counts UTF-16 units,
 * so only a converted position lands on the second copy. */
const TEXT = 'Field notes 😀\n\nThe tide was low. The tide was high by noon.\n';
const PAGE = 'https://example.org/field-notes';

/** A Hypothesis API search answer, as its server returns it (offsets in UTF-16 units). */
function hypothesisAnswer() {
  const at = TEXT.lastIndexOf('The tide was');
  const row = (id: string, extra: Record<string, unknown>) => ({
    id,
    user: 'acct:marisol@hypothes.is',
    uri: PAGE,
    created: '2026-03-01T10:00:00.000000+00:00',
    updated: '2026-03-01T10:05:00.000000+00:00',
    document: { title: ['Field notes'] },
    ...extra,
  });
  return {
    total: 2,
    rows: [
      row('Tide2Ab_c', {
        text: 'The **second** tide.',
        tags: ['tides'],
        target: [
          {
            source: PAGE,
            selector: [
              {
                type: 'RangeSelector',
                startContainer: '/p[2]',
                startOffset: 18,
                endContainer: '/p[2]',
                endOffset: 30,
              },
              { type: 'TextPositionSelector', start: at, end: at + 12 },
              { type: 'TextQuoteSelector', exact: 'The tide was', prefix: '', suffix: '' },
            ],
          },
        ],
      }),
      row('PageNote1', { text: 'About the whole page', target: [{ source: PAGE }] }),
    ],
  };
}

test('a Hypothesis export lands on the right words, and its page note is reported as skipped', async ({
  page,
}) => {
  await openApp(page);
  await openFile(page, 'field-notes.txt', TEXT);
  await expect(page.locator('header h1')).toContainText('Field');
  await page.getByLabel('Import annotations').setInputFiles({
    name: 'hypothesis.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(hypothesisAnswer())),
  });
  const dlg = page.getByRole('dialog');
  // The file names a web page, not a document here: the reader picks the document.
  await dlg.getByRole('button', { name: 'Continue' }).click();
  await expect(dlg).toContainText('1 imported, 1 skipped');
  await expect(dlg.getByRole('list', { name: 'Skipped, by reason' })).toHaveText('1 a page note');
  await dlg.getByRole('button', { name: 'Import 1' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await expect(sidebar(page)).toContainText('The **second** tide.');
  await expect(sidebar(page)).toContainText('tides');
  await expect(sidebar(page)).toContainText('marisol');
  const id = 'https://hypothes.is/a/Tide2Ab_c';
  expect(await highlightText(page, id)).toBe('The tide was');
  // The second copy: what comes after it is the rest of the text.
  const after = await page.evaluate((id) => {
    const marks = document.querySelectorAll(`[data-annotation-id="${CSS.escape(id)}"]`);
    const last = marks[marks.length - 1];
    return last?.nextSibling?.textContent ?? '';
  }, id);
  expect(after.startsWith(' high by noon')).toBe(true);

  // …and goes out to Obsidian as a linkable callout.
  await page.getByRole('button', { name: 'Export annotations' }).click();
  await expect(page.getByRole('button', { name: /Obsidian note/ })).toContainText(
    'linkable callout',
  );
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Obsidian note/ }).click();
  const dl = await wait;
  expect(dl.suggestedFilename()).toMatch(/obsidian \d{4}-\d{2}-\d{2}\.md$/);
  const md = readFileSync((await dl.path())!, 'utf8');
  expect(md).toMatch(
    /^---\ntitle: ".*"\nsource: "field-notes.txt"\nexported: \d{4}-\d{2}-\d{2}\n---\n/,
  );
  expect(md).toContain(
    '> [!quote] Paragraph 2\n> The tide was\n>\n> The **second** tide.\n>\n> #tides',
  );
  expect(md).toMatch(/\n\n\^a-[0-9a-f]{8}\n$/);
});
