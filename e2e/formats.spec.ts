import { test, expect, type Page } from '@playwright/test';
import { openApp, openFile, selectText } from './helpers';
import { makeDocx } from '../src/lib/formats/fixtures/docx-fixture';
import { makeEpub, makePdf } from '../src/lib/formats/fixtures/pdf-epub-fixture';

/** Web pages and Word documents open through the format registry with their structure; hostile
 * content never runs or loads; bad files get a clear alert and leave the library as it was. */

const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 4173}`;
const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });
const cards = (page: Page) => sidebar(page).locator('article');
const doc = (page: Page) => page.locator('.ProseMirror');

const HOSTILE = `<!DOCTYPE html><html><head><title>Field notes on reading</title>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<style>body{background:url(https://evil.example/bg.png)}</style>
<script>alert('script ran')</script></head>
<body onload="alert('onload ran')">
<h1>Field notes on reading</h1>
<p>Close reading asks for <em>slow</em> attention and a <a href="https://example.org/essay">linked essay</a>.
A <a href="javascript:alert('link ran')">bad link</a> stays text.</p>
<img src="https://evil.example/pixel.png" onerror="alert('img ran')" alt="A reading chart">
<iframe src="https://evil.example/frame"></iframe>
<form action="https://evil.example/post"><input name="q"><button>Send</button></form>
<div style="background-image:url(https://evil.example/x.png)">Second paragraph of the notes.</div>
<ul><li>First point</li><li>Second point</li></ul>
</body></html>`;

test('a hostile web page opens as text and structure: nothing runs, nothing is fetched', async ({
  page,
  context,
}) => {
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openApp(page);
  await page.getByLabel('Whole web page').check();
  await openFile(page, 'notes.html', HOSTILE, 'text/html');
  await expect(page.locator('header h1')).toContainText('Field notes on reading');
  await expect(doc(page).locator('h1')).toHaveText('Field notes on reading');
  await expect(doc(page).locator('em')).toHaveText('slow');
  await expect(doc(page).locator('li')).toHaveCount(2);
  await expect(doc(page)).toContainText('[A reading chart]');
  const link = doc(page).locator('a[href="https://example.org/essay"]');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(page.locator('.doc-info')).toContainText('Left out: 1 script (never run)');
  expect(
    await page.evaluate(
      () =>
        document.querySelectorAll(
          '.ProseMirror :is(iframe, form, input, [onerror], [onload], [style], a[href^=javascript])',
        ).length +
        document.querySelectorAll('iframe, script:not([type=module]), meta[http-equiv=refresh]')
          .length,
    ),
  ).toBe(0);

  // Annotate across two paragraphs, reload: still there.
  await selectText(page, 'stays text.[A reading chart]Second paragraph');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(cards(page)).toHaveCount(1);
  await page.reload();
  await expect(doc(page).locator('mark').first()).toBeVisible();
  await expect(cards(page)).toHaveCount(1);

  expect(dialogs).toEqual([]);
  const foreign = requests.filter(
    (u) => !(u.startsWith(ORIGIN) || u.startsWith('blob:') || u.startsWith('data:')),
  );
  expect(foreign).toEqual([]);
});

test('a Word document keeps headings, lists, table and footnote; the original downloads', async ({
  page,
}) => {
  await openApp(page);
  await openFile(
    page,
    'handout.docx',
    Buffer.from(await makeDocx()),
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  await expect(doc(page).locator('h1').first()).toHaveText('Handout title');
  await expect(doc(page).locator('table td')).toHaveCount(4);
  await expect(doc(page).locator('blockquote')).toContainText('A quoted line.');
  await expect(doc(page).locator('.mg-note')).toContainText('The footnote text.');
  await expect(page.locator('.doc-info')).toContainText(
    'Left out: comments; tracked changes (shown as accepted).',
  );
  await selectText(page, 'Point one');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(cards(page)).toHaveCount(1);
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Download original/ }).click();
  const download = await wait;
  expect(download.suggestedFilename()).toBe('handout.docx');
});

const bad: { name: string; content: Buffer; message: RegExp }[] = [
  {
    name: 'report.docx',
    content: Buffer.from('%PDF-1.7\n%âãÏÓ\n'),
    message: /“report\.docx” is named as a Word document.*but its content is a PDF/,
  },
  {
    name: 'old.doc',
    content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
    message: /save it as \.docx/,
  },
  {
    name: 'cut.docx',
    content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 1, 2, 3]),
    message: /“cut\.docx” is damaged or incomplete/,
  },
];

for (const b of bad) {
  test(`bad file ${b.name}: a clear alert, the library unchanged`, async ({ page }) => {
    await openApp(page);
    await openFile(page, b.name, b.content, 'application/octet-stream');
    await expect(page.getByRole('alert').filter({ hasText: b.message })).toBeVisible();
    await page.getByRole('button', { name: /^Library/ }).click();
    // Only the sample text the app opens with.
    await expect(page.getByRole('main', { name: 'Library' }).locator('li.doc')).toHaveCount(1);
  });
}

test('a PDF shows page labels; a highlight across a page break cites both pages', async ({
  page,
}) => {
  await openApp(page);
  await openFile(page, 'paper.pdf', Buffer.from(await makePdf()), 'application/pdf');
  // The first PDF of a page load waits for pdf.js and its worker to start (slow on a busy machine).
  await expect(doc(page)).toContainText('First page: the essay about reading slowly', {
    timeout: 30_000,
  });
  await expect(doc(page).locator('.mg-page')).toHaveCount(3);
  await expect(doc(page).locator('.mg-page').nth(1)).toHaveAttribute('data-label', 'p. 12');
  await selectText(page, 'scholarly article.Second page');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(cards(page).first()).toContainText('pp. i–12');
  await page.reload();
  await expect(cards(page).first()).toContainText('pp. i–12');
});

test('an EPUB opens with chapters to jump between; a note cites its chapter', async ({ page }) => {
  await openApp(page);
  await openFile(page, 'novel.epub', Buffer.from(makeEpub()), 'application/epub+zip');
  await expect(page.locator('header h1')).toContainText('A Small Novel');
  const menu = page.getByLabel('Jump to chapter');
  await expect(menu.locator('option')).toHaveText(['Chapter I. Arrival', 'Chapter II. Departure']);
  await menu.selectOption({ label: 'Chapter II. Departure' });
  await selectText(page, 'Morning came too soon.');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(cards(page).first()).toContainText('Chapter II. Departure');
});
