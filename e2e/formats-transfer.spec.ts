import { test, expect, type Page, type Download } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, openFile, selectText, sidebar, toolbar, noteOn } from './helpers';
import { makePdf } from '../src/lib/formats/fixtures/pdf-epub-fixture';

/** A PDF's citations in every place a reader takes notes out of Marginalia (exports, the printed
 * handout, class packets and hand-ins), and its original file through a backup (issue #12). */

const cards = (page: Page) => sidebar(page).locator('article');
const doc = (page: Page) => page.locator('.ProseMirror');
const read = async (dl: Download) => readFileSync((await dl.path())!);
// Each test opens the PDF in two or three browser profiles: more than the default minute on a
// shared, loaded machine.
test.setTimeout(180_000);

/** The selection across the fixture's first page break (printed pages i and 12). */
const ACROSS = 'scholarly article.Second page';

async function openPaper(page: Page): Promise<Buffer> {
  const pdf = Buffer.from(await makePdf());
  await openApp(page);
  await openFile(page, 'paper.pdf', pdf, 'application/pdf');
  await expect(doc(page).locator('.mg-page')).toHaveCount(3);
  return pdf;
}

async function exportAs(page: Page, label: RegExp): Promise<Download> {
  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: label }).click();
  return wait;
}

test('a PDF’s notes cite their pages in Markdown, CSV, Obsidian and the printed handout', async ({
  page,
}) => {
  await openPaper(page);
  await noteOn(page, ACROSS, 'Across the break');
  await expect(cards(page).first()).toContainText('pp. i–12');

  const md = (await read(await exportAs(page, /Markdown, in text order/))).toString('utf8');
  expect(md).toContain('(pp. i–12)');
  const csv = (await read(await exportAs(page, /Spreadsheet/))).toString('utf8');
  expect(csv.split('\r\n')[0]).toMatch(/,location$/);
  expect(csv).toContain(',pp. i–12');
  const obsidian = (await read(await exportAs(page, /Obsidian/))).toString('utf8');
  expect(obsidian).toContain('> [!quote] pp. i–12');

  // The handout: page labels printed in the text, the endnote cites its pages.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.endnotes')).toContainText('(pp. i–12)');
  const label = await page.evaluate(() => {
    const marker = document.querySelectorAll('.ProseMirror .mg-page')[1];
    const style = getComputedStyle(marker, '::before');
    return { label: marker.getAttribute('data-label'), display: style.display };
  });
  expect(label).toEqual({ label: 'p. 12', display: 'block' });
  await page.emulateMedia({ media: 'screen' });
});

test('a backup carries the original PDF; restored in a fresh profile it opens, cites and downloads', async ({
  page,
  browser,
}) => {
  const pdf = await openPaper(page);
  await noteOn(page, ACROSS, 'Across the break');
  await page.getByRole('button', { name: 'Export annotations' }).click();
  const item = page.getByRole('button', { name: /Full backup of the library/ });
  // The menu says the originals go in, and how big they are.
  await expect(item).toContainText(/with\s+the\s+original\s+files\s+\(\d+(\.\d)? kB\)/);
  const wait = page.waitForEvent('download');
  await item.click();
  const dl = await wait;
  const backup = await read(dl);
  const json = JSON.parse(backup.toString('utf8'));
  const entry = json.documents.find((d: { meta: { format: string } }) => d.meta.format === 'pdf');
  expect(entry.meta.original).toMatchObject({ name: 'paper.pdf', size: pdf.length });
  expect(Buffer.from(entry.original.data, 'base64').equals(pdf)).toBe(true);

  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await openApp(p2);
  await p2
    .getByLabel('Import annotations')
    .setInputFiles({ name: dl.suggestedFilename(), mimeType: 'application/json', buffer: backup });
  await p2.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(p2.getByRole('button', { name: /^Library/ })).toHaveText('Library (2)');
  await p2.getByRole('button', { name: /^Library/ }).click();
  await p2
    .getByRole('main', { name: 'Library' })
    .getByRole('button', { name: 'Paper', exact: true })
    .click();
  await expect(doc(p2).locator('.mg-page').nth(1)).toHaveAttribute('data-label', 'p. 12');
  await expect(cards(p2).first()).toContainText('pp. i–12');
  const wait2 = p2.waitForEvent('download');
  await p2.getByRole('button', { name: /Download original/ }).click();
  const original = await wait2;
  expect(original.suggestedFilename()).toBe('paper.pdf');
  expect((await read(original)).equals(pdf)).toBe(true);

  // A backup made before originals were kept (none in it) still restores, without one.
  delete entry.original;
  delete entry.meta.original;
  const old = await browser.newContext();
  const p3 = await old.newPage();
  await openApp(p3);
  await p3.getByLabel('Import annotations').setInputFiles({
    name: 'old backup.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(json)),
  });
  await p3.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(p3.getByRole('button', { name: /^Library/ })).toHaveText('Library (2)');
  await p3.getByRole('button', { name: /^Library/ }).click();
  await p3
    .getByRole('main', { name: 'Library' })
    .getByRole('button', { name: 'Paper', exact: true })
    .click();
  await expect(cards(p3).first()).toContainText('pp. i–12');
  await expect(p3.getByRole('button', { name: /Download original/ })).toHaveCount(0);
  // Restoring the backup with originals puts the lost original back.
  await p3.getByLabel('Import annotations').setInputFiles({
    name: dl.suggestedFilename(),
    mimeType: 'application/json',
    buffer: backup,
  });
  await p3.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(p3.getByRole('status').filter({ hasText: 'Backup restored' })).toBeAttached();
  await p3.getByRole('button', { name: /^Library/ }).click();
  await p3
    .getByRole('main', { name: 'Library' })
    .getByRole('button', { name: 'Paper', exact: true })
    .click();
  const wait3 = p3.waitForEvent('download');
  await p3.getByRole('button', { name: /Download original/ }).click();
  expect((await read(await wait3)).equals(pdf)).toBe(true);
  await Promise.all([fresh.close(), old.close()]);
});

test('a reading packet of a PDF gives the student its pages and citations; the hand-in imports back', async ({
  page,
  browser,
}) => {
  await openPaper(page);
  await noteOn(page, ACROSS, 'What changes across the page?');
  await page.getByRole('button', { name: 'Reading packet' }).click();
  const dlg = page.getByRole('dialog', { name: 'Create reading packet' });
  await dlg.getByLabel('Instructions for students').fill('Read both pages.');
  await dlg.getByRole('checkbox', { name: /What changes across/ }).check();
  const wait = page.waitForEvent('download');
  await dlg.getByRole('button', { name: /Create packet/ }).click();
  const dl = await wait;
  const packet = (await read(dl)).toString('utf8');
  // The packet carries the extracted blocks with their page markers (not the original file).
  const text = JSON.parse(JSON.parse(packet)['marginalia:packet'].text);
  expect(text.blocks.filter((b: { type: string }) => b.type === 'pageBreak')).toHaveLength(3);
  // The prompt names its page for other tools, as the W3C export does.
  expect(packet).toContain('"value": "page=1"');

  const ctx = await browser.newContext();
  const student = await ctx.newPage();
  await openApp(student);
  await openFile(student, dl.suggestedFilename(), packet, 'application/json');
  await expect(sidebar(student).getByRole('region', { name: 'Reading packet' })).toContainText(
    'What changes across the page?',
  );
  await expect(doc(student).locator('.mg-page').nth(1)).toHaveAttribute('data-label', 'p. 12');
  const prompt = cards(student).filter({ hasText: 'What changes across' });
  await expect(prompt).toContainText('pp. i–12');
  await selectText(student, 'Third page: the essay');
  await toolbar(student).getByRole('button', { name: 'Highlight' }).click();
  await expect(cards(student).filter({ hasText: 'Third page' })).toContainText('p. 13');
  await student.getByRole('button', { name: 'Hand in' }).click();
  const handIn = student.getByRole('dialog', { name: 'Hand in' });
  await handIn.getByLabel('Your name').fill('Ana Lima');
  const wait2 = student.waitForEvent('download');
  await handIn.getByRole('button', { name: 'Hand in' }).click();
  const handed = await wait2;
  const body = await read(handed);
  // Its targets name the page for other tools too (RFC 3778 FragmentSelector).
  expect(body.toString('utf8')).toContain('page=3');
  await ctx.close();

  // The teacher imports the hand-in onto the PDF: the student's highlight, cited by page.
  await page.getByLabel('Import annotations').setInputFiles({
    name: handed.suggestedFilename(),
    mimeType: 'application/json',
    buffer: body,
  });
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Import/ })
    .click();
  const theirs = cards(page).filter({ hasText: 'Third page' });
  await expect(theirs).toContainText('p. 13');
  await expect(theirs).toContainText('Ana Lima');
});
