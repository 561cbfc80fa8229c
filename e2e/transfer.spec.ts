import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, selectText, annotationIds, drawnAnnotationIds, highlightText } from './helpers';

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });

async function exportJson(page: Page): Promise<{ name: string; body: string }> {
  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Web Annotation JSON/ }).click();
  const dl = await wait;
  return { name: dl.suggestedFilename(), body: readFileSync((await dl.path())!, 'utf8') };
}

test('export downloads W3C JSON that re-imports in a fresh browser profile', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await selectText(page, 'phenomenon of this war');
  await toolbar(page).getByRole('button', { name: 'Claim' }).click();
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Note' }).click();
  await sidebar(page).getByRole('textbox', { name: 'Note' }).fill('A note\nwith two lines');
  await sidebar(page).getByRole('button', { name: 'Save note' }).click();
  await expect(sidebar(page).locator('.note')).toHaveCount(1);
  const ids = (await drawnAnnotationIds(page, 2)).sort();

  const { name, body } = await exportJson(page);
  expect(name).toMatch(/^Sample interview.*\d{4}-\d{2}-\d{2}\.json$/);
  const json = JSON.parse(body);
  expect(json.type).toBe('AnnotationCollection');
  expect(json.total).toBe(2);
  expect(json.first.items.map((a: { id: string }) => a.id).sort()).toEqual(ids);

  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await openApp(p2);
  await p2
    .getByLabel('Import annotations')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
  const dlg = p2.getByRole('dialog');
  await expect(dlg).toContainText('2 new');
  await expect(dlg).toContainText('2 anchor exactly');
  await dlg.getByRole('button', { name: 'Import 2' }).click();
  await expect(sidebar(p2).locator('article')).toHaveCount(2);
  await expect.poll(async () => (await annotationIds(p2)).sort()).toEqual(ids);
  await expect(sidebar(p2)).toContainText('A note');
  await expect(sidebar(p2)).toContainText('Claim');
  for (const id of ids)
    await expect.poll(() => highlightText(p2, id)).toBe(await highlightText(page, id));

  // Importing the same file again changes nothing.
  await p2
    .getByLabel('Import annotations')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
  await expect(dlg).toContainText('0 new, 2 already present');
  await dlg.getByRole('button', { name: 'Cancel' }).click();
  await expect(sidebar(p2).locator('article')).toHaveCount(2);
  await fresh.close();
});

test('bad import files get a clear alert and change nothing', async ({ page }) => {
  await openApp(page);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  const cases: [string, string, RegExp][] = [
    ['broken.json', '{"type": "Annotation", ', /broken\.json.*(JSON|json)/],
    ['shape.json', '{"hello": "world"}', /not a Web Annotation export/],
    [
      'reversed.json',
      JSON.stringify({
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        id: 'urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427',
        type: 'Annotation',
        target: { source: 'x', selector: { type: 'TextPositionSelector', start: 9, end: 3 } },
      }),
      /item 1: TextPositionSelector end is before start/,
    ],
  ];
  for (const [name, body, message] of cases) {
    await page
      .getByLabel('Import annotations')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible();
  }
  await page.reload();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
});

test('Markdown and CSV notes download with the document title and date', async ({ page }) => {
  await openApp(page);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Question' }).click();
  await page.getByRole('button', { name: 'Export annotations' }).click();
  let wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Markdown, in text order/ }).click();
  let dl = await wait;
  expect(dl.suggestedFilename()).toMatch(/^Sample interview.*\.md$/);
  const md = readFileSync((await dl.path())!, 'utf8');
  expect(md).toContain('# Sample interview');
  expect(md).toContain('> bloody war');
  expect(md).toContain('Question');
  await page.getByRole('button', { name: 'Export annotations' }).click();
  wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Spreadsheet/ }).click();
  dl = await wait;
  const csv = readFileSync((await dl.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toContain('quote');
  expect(csv).toContain('bloody war');
});

test('a full backup restores the library in a fresh profile', async ({ page, browser }) => {
  await openApp(page);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Evidence' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Full backup/ }).click();
  const dl = await wait;
  const body = readFileSync((await dl.path())!);
  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await openApp(p2);
  await p2
    .getByLabel('Import annotations')
    .setInputFiles({ name: dl.suggestedFilename(), mimeType: 'application/json', buffer: body });
  await p2.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(sidebar(p2).locator('article')).toHaveCount(1);
  await expect(sidebar(p2)).toContainText('Evidence');
  await fresh.close();
});

test('several readers’ files import one after another; creators are kept and shown as layers', async ({
  page,
}) => {
  await openApp(page);
  const text = readFileSync('public/sample-interview.txt', 'utf8');
  const reader = (name: string, quote: string, n: number) => {
    const start = [...text.slice(0, text.indexOf(quote))].length;
    return {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationPage',
      items: [
        {
          '@context': 'http://www.w3.org/ns/anno.jsonld',
          id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
          type: 'Annotation',
          creator: { type: 'Person', name },
          created: '2026-11-20T10:00:00Z',
          bodyValue: `${name} thinks this matters`,
          target: {
            selector: [
              { type: 'TextQuoteSelector', exact: quote },
              { type: 'TextPositionSelector', start, end: start + [...quote].length },
            ],
          },
        },
      ],
    };
  };
  await page.getByLabel('Import annotations').setInputFiles([
    {
      name: 'ana.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(reader('Ana', 'bloody war', 1))),
    },
    {
      name: 'ben.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(reader('Ben', 'free Russian state', 2))),
    },
  ]);
  const dlg = page.getByRole('dialog');
  // Neither file names a document: the reader picks one, then confirms each report in turn.
  for (const who of ['ana.json', 'ben.json']) {
    await expect(dlg).toContainText(who);
    if (await dlg.getByRole('button', { name: 'Continue' }).isVisible())
      await dlg.getByRole('button', { name: 'Continue' }).click();
    await expect(dlg).toContainText('1 new');
    await dlg.getByRole('button', { name: 'Import 1' }).click();
  }
  await expect(sidebar(page).locator('article')).toHaveCount(2);
  await expect(sidebar(page)).toContainText('Ana');
  await expect(sidebar(page)).toContainText('Ben');
  const layers = sidebar(page).getByRole('group', { name: 'Readers' });
  await layers.getByLabel('Ana').uncheck();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await expect
    .poll(() => annotationIds(page))
    .toEqual(['urn:uuid:00000000-0000-4000-8000-000000000002']);
  await layers.getByLabel('Ana').check();
  await expect(sidebar(page).locator('article')).toHaveCount(2);
});
