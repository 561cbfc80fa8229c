import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { openApp, highlightText, drawnAnnotationIds, sidebar, storedRecords } from './helpers';
import {
  FIRST,
  SECOND,
  THIRD,
  caretBefore,
  editThreePassages,
  expectThreePassagesReviewed,
  annotate,
  storedSources,
} from './edit-helpers';

async function exportJson(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Web Annotation JSON/ }).click();
  return readFileSync((await (await wait).path())!, 'utf8');
}

/** The one document's pages are caught up (none count in an older text) and its drawing
 * record is stamped with its current pages revision and text version. */
async function recordIsFresh(page: Page): Promise<boolean> {
  const { documents, drawRecords } = await storedRecords(page, ['documents', 'drawRecords']);
  const meta = documents[0]?.value as {
    id: string;
    pagesRev?: string;
    pagesAt?: number;
    version?: number;
  };
  const rec = drawRecords.find((r) => r.key === meta.id)?.value as
    { rev: string; version: number } | undefined;
  return meta.pagesAt === undefined && rec?.rev === meta.pagesRev && rec?.version === meta.version;
}

type W3CItem = {
  id: string;
  target: { selector: { type: string; exact?: string; start?: number; end?: number }[] };
};

test('edit the text: annotations follow, the lost one is listed, reload keeps it all', async ({
  page,
}) => {
  await openApp(page);
  for (const t of [FIRST, SECOND, THIRD]) await annotate(page, t);
  const ids = await drawnAnnotationIds(page, 3);
  const v1File = await exportJson(page);

  await page.getByRole('button', { name: 'Edit text' }).click();
  await expect(page.getByRole('button', { name: 'Save text' })).toBeVisible();
  await expect(sidebar(page)).toHaveAttribute('inert', '');

  // A word before the first passage, the second deleted, a letter changed inside the third.
  await editThreePassages(page);
  // Highlights moved with the text while typing.
  await expect.poll(() => highlightText(page, ids[0])).toBe(FIRST);

  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(page.getByRole('button', { name: 'Edit text' })).toBeVisible();
  await expect(page.locator('.ProseMirror')).toContainText('a strange phenomenon of this war');

  const check = async () => {
    await expectThreePassagesReviewed(page, ids);
    const review = page.getByRole('region', { name: 'Changed by the edit' });
    await expect(review.locator(`[data-annotation="${ids[1]}"]`)).toContainText(SECOND);
    await expect(page.locator('summary', { hasText: 'Version 2' })).toBeVisible();
  };
  await check();
  // Once idle, the save's pages are caught up and the drawing record is written again at the
  // revision that leaves (record-keeper.ts): the reload draws from it, not the full read.
  await expect.poll(() => recordIsFresh(page), { timeout: 20_000 }).toBe(true);
  await page.reload();
  await expect(page.locator('.ProseMirror')).toContainText('a strange phenomenon of this war');
  await check();
  expect(await page.evaluate(() => performance.getEntriesByName('mg:open:sketched').length)).toBe(
    1,
  );

  // The export names version 2 (its SHA-256) and its selectors count into the new text.
  // The sample is plain text: its stored source is its text.
  const text = [...(await storedSources(page))[0]];
  const v2 = JSON.parse(await exportJson(page));
  expect(v2['marginalia:document'].contentHash).toBe(
    'sha256:' + createHash('sha256').update(text.join('')).digest('hex'),
  );
  const placed = (v2.first.items as W3CItem[]).filter((a) => a.id !== ids[1]);
  expect(placed).toHaveLength(2);
  for (const a of placed) {
    const quote = a.target.selector.find((s) => s.type === 'TextQuoteSelector')!;
    const pos = a.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    expect(text.slice(pos.start, pos.end).join('')).toBe(quote.exact);
  }

  // A file made on version 1 (as another reader would send it: new ids) imports onto version 2
  // through the stored map: the first passage on its words, the deleted one unplaced.
  const file = JSON.parse(v1File);
  const fresh = new Map<string, string>();
  for (const a of file.first.items as W3CItem[])
    fresh.set(a.id, (a.id = `urn:uuid:${randomUUID()}`));
  await page.getByLabel('Import annotations').setInputFiles({
    name: 'version-1.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
  const dlg = page.getByRole('dialog');
  await expect(dlg).toContainText('3 new');
  await expect(dlg).toContainText('3 made on an older version of the text');
  await dlg.getByRole('button', { name: 'Import 3' }).click();
  await expect.poll(() => highlightText(page, fresh.get(ids[0])!)).toBe(FIRST);
  await expect(sidebar(page).getByRole('heading', { name: 'Unplaced (2)' })).toBeVisible();
});

test('an edit saved in one tab reaches the other, whose highlights follow; a version restores', async ({
  page,
  context,
}) => {
  await openApp(page);
  await annotate(page, FIRST);
  const [id] = await drawnAnnotationIds(page, 1);
  const other = await context.newPage();
  await openApp(other);
  await expect.poll(() => highlightText(other, id)).toBe(FIRST);

  await page.keyboard.press('Control+Shift+E');
  await expect(page.getByRole('button', { name: 'Save text' })).toBeVisible();
  await caretBefore(page, FIRST);
  await page.keyboard.type('odd ');
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('button', { name: 'Edit text' })).toBeVisible();

  await expect(other.locator('.ProseMirror')).toContainText('odd phenomenon of this war');
  await expect.poll(() => highlightText(other, id)).toBe(FIRST);

  // Version 1 restored as version 3: the text is as it was, the highlight still on its words.
  await other.locator('summary', { hasText: 'Version 2' }).click();
  await other
    .getByRole('list', { name: 'Versions of the text' })
    .getByRole('listitem')
    .filter({ hasText: 'Version 1' })
    .getByRole('button', { name: 'Restore' })
    .click();
  await expect(other.locator('summary', { hasText: 'Version 3' })).toBeVisible();
  await expect(other.locator('.ProseMirror')).not.toContainText('odd phenomenon');
  await expect.poll(() => highlightText(other, id)).toBe(FIRST);
  await expect(page.locator('.ProseMirror')).not.toContainText('odd phenomenon');
  await expect.poll(() => highlightText(page, id)).toBe(FIRST);
});

test('a backup keeps the text versions: restored in a fresh profile it is still version 2', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Edit text' }).click();
  await caretBefore(page, FIRST);
  await page.keyboard.type('odd ');
  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(page.locator('summary', { hasText: 'Version 2' })).toBeVisible();
  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Full backup/ }).click();
  const body = readFileSync((await (await wait).path())!);
  expect(JSON.parse(body.toString('utf8')).documents[0].versions).toHaveLength(2);

  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await openApp(p2);
  await p2
    .getByLabel('Import annotations')
    .setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: body });
  await p2.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  // The fresh profile's sample is version 1 of the same text: the edited copy comes as its own.
  await expect(p2.getByRole('button', { name: /^Library/ })).toHaveText('Library (2)');
  await p2.getByRole('button', { name: /^Library/ }).click();
  const items = p2.getByRole('main', { name: 'Library' }).locator('li.doc');
  await items.nth(1).getByRole('button', { name: 'Sample interview', exact: true }).click();
  await expect(p2.locator('.ProseMirror')).toContainText('odd phenomenon of this war');
  await p2.locator('summary', { hasText: 'Version 2' }).click();
  await expect(
    p2
      .getByRole('list', { name: 'Versions of the text' })
      .getByRole('listitem')
      .filter({ hasText: 'Version 1' }),
  ).toBeVisible();
  await fresh.close();
});
