import { test, expect, type Page } from '@playwright/test';
import { openApp, openFile, selectText } from './helpers';
import { chromiumPdf, withFileId } from './pdf-fixtures';
import { makeEncryptedPdf } from '../src/lib/formats/fixtures/pdf-long-fixture';

/** Long PDFs open progressively with a Cancel; protected PDFs ask for their password in the
 * app; the same PDF opened again finds its annotations. Fixtures are made in the test. */

const doc = (page: Page) => page.locator('.ProseMirror');
const opening = (page: Page) => page.getByRole('main', { name: /^Opening/ });
const cards = (page: Page) =>
  page.getByRole('complementary', { name: 'Annotations' }).locator('article');
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });

/** The library lists `n` documents (then back to the reader). */
async function expectLibraryCount(page: Page, n: number): Promise<void> {
  await page.getByRole('button', { name: /^Library/ }).click();
  await expect(page.getByRole('main', { name: 'Library' }).locator('li.doc')).toHaveCount(n);
  await page.getByRole('button', { name: /^Library/ }).click();
}

/** The first PDF of a page load waits for pdf.js and its worker to start: slow on a busy machine. */
const FIRST_PDF = { timeout: 30_000 };

test('a 300-page PDF shows its first pages and progress while read; Cancel leaves the library as it was', async ({
  page,
  browser,
}) => {
  const pdf = await chromiumPdf(browser, 300);
  await openApp(page);
  const title = await page.locator('header h1').textContent();
  // Watched from inside the page, and cancelled in the task that shows page 25 in the preview:
  // on a fast machine the whole file is read within a test's round trip, so a click sent once
  // the test has seen page 25 came after the last page (the file opened; nothing to cancel).
  const seen = page.evaluate(
    () =>
      new Promise<{ first: boolean; valuetext: string; count: string; done: number }>((resolve) => {
        const look = () => {
          const main = document.querySelector('main.opening');
          const preview = main?.querySelector('[aria-label="Preview"]')?.textContent ?? '';
          if (!main || !preview.includes('marker-25 begins here')) return;
          watch.disconnect();
          const bar = main.querySelector('progress')!;
          resolve({
            first: preview.includes('marker-1 begins here'),
            valuetext: bar.getAttribute('aria-valuetext') ?? '',
            count: main.querySelector('.count')?.textContent ?? '',
            done: bar.value,
          });
          main.querySelector<HTMLButtonElement>('.bar button')!.click();
        };
        const watch = new MutationObserver(look);
        watch.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
  );
  await openFile(page, 'long.pdf', pdf, 'application/pdf');
  // The first pages show while the rest is read, with the pages read so far.
  const at25 = await seen;
  expect(at25.first).toBe(true);
  expect(at25.valuetext).toMatch(/^page \d+ of 300$/);
  expect(at25.count).toMatch(/page \d+ of 300/);
  expect(at25.done).toBeLessThan(300);
  await expect(opening(page)).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Opening “long.pdf” was cancelled');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('header h1')).toHaveText(title ?? '');
  await expectLibraryCount(page, 1);
});

test('a protected PDF asks for its password in the app, says when it is wrong, then opens', async ({
  page,
}) => {
  const pdf = Buffer.from(await makeEncryptedPdf('seminar'));
  const prompts: string[] = [];
  page.on('dialog', (d) => {
    prompts.push(d.message());
    void d.dismiss();
  });
  await openApp(page);
  await openFile(page, 'secret.pdf', pdf, 'application/pdf');
  const dialog = page.getByRole('dialog', { name: 'Password needed' });
  await expect(dialog).toContainText('“secret.pdf” is protected by a password', FIRST_PDF);
  await dialog.getByLabel('Password').fill('guess');
  await dialog.getByRole('button', { name: 'Open' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'That password is not the right one for “secret.pdf”. Try again.',
  );
  await expect(dialog.getByLabel('Password')).toHaveValue('');
  await dialog.getByLabel('Password').fill('seminar');
  await dialog.getByLabel('Password').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(doc(page)).toContainText('The secret seminar notes are readable');
  expect(prompts).toEqual([]);

  // Cancel: nothing added, nothing to alert.
  await openFile(page, 'secret-2.pdf', pdf, 'application/pdf');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Opening “secret-2.pdf” was cancelled');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectLibraryCount(page, 2);
});

test('the same PDF saved again (other bytes, same file ID) finds the document and its annotations', async ({
  page,
  browser,
}) => {
  const id = '0123456789abcdef0123456789abcdef';
  const first = withFileId(await chromiumPdf(browser, 2), id, id);
  const resaved = withFileId(
    await chromiumPdf(browser, 2, '<p>A sentence added before saving again.</p>'),
    id,
    'fedcba9876543210fedcba9876543210',
  );
  await openApp(page);
  await openFile(page, 'chapter.pdf', first, 'application/pdf');
  await expect(doc(page)).toContainText('marker-2 begins here', FIRST_PDF);
  await selectText(page, 'marker-1 begins here');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(cards(page)).toHaveCount(1);

  await openFile(page, 'chapter (saved again).pdf', resaved, 'application/pdf');
  const dup = page.getByRole('dialog', { name: 'Already in your library' });
  await expect(dup).toContainText('is the same PDF');
  await expect(dup).toContainText('with 1 annotation');
  await dup.getByRole('button', { name: 'Open existing copy' }).click();
  await expect(cards(page)).toHaveCount(1);
  await expect(doc(page)).not.toContainText('A sentence added before saving again');
  await expectLibraryCount(page, 2);
});
