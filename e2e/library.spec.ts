import { test, expect } from '@playwright/test';
import { openApp, openFile, dropFile, sampleText, savedScrollOffsets } from './helpers';

test('first visit opens the sample interview in the reader', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('header h1')).toContainText('Sample interview');
  const firstPara = sampleText().split('\n')[0];
  await expect(page.locator('.ProseMirror p').first()).toHaveText(firstPara);
  // Paragraphs as in the file: one per non-blank line of the sample.
  const paras = sampleText()
    .split(/\n\s*\n/)
    .filter((p) => p.trim()).length;
  await expect(page.locator('.ProseMirror p')).toHaveCount(paras);
});

test('the text cannot be changed by typing, pasting or deleting', async ({ page }) => {
  await openApp(page);
  const before = await page.locator('.ProseMirror').innerText();
  await page.locator('.ProseMirror p').first().click();
  await page.keyboard.type('XYZ');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  expect(await page.locator('.ProseMirror').innerText()).toBe(before);
});

test('open a .txt file with the picker; reflowed prose and kept verse lines', async ({ page }) => {
  await openApp(page);
  const prose =
    'It is a truth universally acknowledged, that a single man in possession\nof a good fortune, must be in want of a wife.';
  const poem = 'Tyger Tyger, burning bright,\nIn the forests of the night;';
  await openFile(
    page,
    'austen-blake.txt',
    `${prose}\r\n\r\n${poem}\r\n`.replace(/\n(?!\r)/g, '\r\n').replace(/\r\r/g, '\r'),
  );
  await expect(page.locator('header h1')).toContainText('Austen blake');
  const paras = page.locator('.ProseMirror p');
  await expect(paras).toHaveCount(2);
  await expect(paras.nth(0)).toHaveText(prose.replace('\n', ' '));
  // The poem keeps its line break (shown, and read by innerText as one).
  expect(await paras.nth(1).evaluate((p) => (p as HTMLElement).innerText)).toBe(poem);
});

test('open a Markdown file: headings, emphasis, lists, block quotes; raw HTML stays text', async ({
  page,
}) => {
  await openApp(page);
  const md =
    '# Notes on Keats\n\nSome *emphasis* and **strength**.\n\n- one\n- two\n\n> Beauty is truth\n\n<script>window.__x=1</script>\n';
  await openFile(page, 'keats.md', md, 'text/markdown');
  await expect(page.locator('header h1')).toContainText('Notes on Keats');
  const pm = page.locator('.ProseMirror');
  await expect(pm.locator('h1')).toHaveText('Notes on Keats');
  await expect(pm.locator('em')).toHaveText('emphasis');
  await expect(pm.locator('strong')).toHaveText('strength');
  await expect(pm.locator('ul li')).toHaveCount(2);
  await expect(pm.locator('blockquote')).toContainText('Beauty is truth');
  await expect(pm).toContainText('<script>');
  expect(await page.evaluate(() => (window as unknown as { __x?: number }).__x)).toBeUndefined();
  expect(await pm.locator('script').count()).toBe(0);
});

test('drop a file on the page to open it', async ({ page }) => {
  await openApp(page);
  await dropFile(page, 'dropped-poem.txt', 'Roses are red\nViolets are blue\n');
  await expect(page.locator('header h1')).toContainText('Dropped poem');
  await expect(page.locator('.ProseMirror')).toContainText('Violets are blue');
});

test('paste text to create a document', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Paste text' }).click();
  await page
    .getByLabel(/Paste or type the text/)
    .fill('A pasted first line\n\nAnd a second paragraph.');
  await page.getByRole('button', { name: 'Create document' }).click();
  await expect(page.locator('header h1')).toContainText('A pasted first line');
  await expect(page.locator('.ProseMirror p')).toHaveCount(2);
});

test('the library lists documents most recent first; rename and delete with confirmation', async ({
  page,
}) => {
  await openApp(page);
  await openFile(page, 'second.txt', 'Second document text.');
  await expect(page.locator('header h1')).toContainText('Second');
  await page.getByRole('button', { name: /^Library/ }).click();
  const lib = page.getByRole('main', { name: 'Library' });
  const items = lib.locator('li.doc');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('Second');
  await expect(items.nth(1)).toContainText('Sample interview');
  await expect(items.nth(0)).toContainText('0 annotations');
  await lib.getByRole('button', { name: 'Rename Second' }).click();
  await lib.getByLabel('New title for Second').fill('My renamed text');
  await lib.getByRole('button', { name: 'Save' }).click();
  await expect(items.nth(0)).toContainText('My renamed text');
  await lib.getByRole('button', { name: 'Delete My renamed text' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete document' }).click();
  await expect(items).toHaveCount(1);
  await page.reload();
  await page.getByRole('button', { name: /^Library/ }).click();
  await expect(page.getByRole('main', { name: 'Library' }).locator('li.doc')).toHaveCount(1);
});

test('reload returns to the open document at the reading place', async ({ page }) => {
  await openApp(page);
  const long = Array.from(
    { length: 200 },
    (_, i) => `Paragraph number ${i + 1} of a long text that needs scrolling.`,
  ).join('\n\n');
  await openFile(page, 'long.txt', long);
  await expect(page.locator('header h1')).toContainText('Long');
  await page
    .locator('.ProseMirror p', { hasText: 'Paragraph number 120 ' })
    .scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 200);
  const topParagraph = () =>
    page.evaluate(() => {
      const p = document.elementFromPoint(window.innerWidth / 3, 110)?.closest('p');
      return p?.textContent ?? '';
    });
  await expect.poll(topParagraph).toMatch(/Paragraph number 1[12]\d /);
  const before = await topParagraph();
  const n = (s: string) => Number(/number (\d+)/.exec(s)?.[1] ?? 0);
  // The reading place is saved a moment after scrolling stops: wait until the stored place is
  // the paragraph at the top (a code-point offset into the text; the text is ASCII).
  const paragraphAt = (offset: number) => long.slice(0, offset).split('\n\n').length;
  await expect
    .poll(async () => {
      const saved = await savedScrollOffsets(page);
      return Math.min(Infinity, ...saved.map((o) => Math.abs(paragraphAt(o) - n(before))));
    })
    .toBeLessThanOrEqual(2);
  await page.reload();
  await expect(page.locator('header h1')).toContainText('Long');
  await expect
    .poll(async () => Math.abs(n(await topParagraph()) - n(before)))
    .toBeLessThanOrEqual(2);
});

test('opening the same file twice offers the existing copy instead of a silent duplicate', async ({
  page,
}) => {
  await openApp(page);
  await openFile(page, 'twice.txt', 'The same words twice.');
  await expect(page.locator('header h1')).toContainText('Twice');
  await openFile(page, 'twice-again.txt', 'The same words twice.');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('already in your library');
  await dialog.getByRole('button', { name: 'Open existing copy' }).click();
  await expect(page.locator('header h1')).toContainText('Twice');
  await page.getByRole('button', { name: /^Library/ }).click();
  await expect(page.getByRole('main', { name: 'Library' }).locator('li.doc')).toHaveCount(2);
});

const badFiles: { name: string; content: Buffer; message: RegExp }[] = [
  { name: 'empty.txt', content: Buffer.alloc(0), message: /“empty\.txt” is empty/ },
  {
    name: 'picture.png',
    content: Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
    ]),
    message: /“picture\.png” is a PNG/,
  },
  {
    name: 'paper.pdf',
    content: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'),
    message: /“paper\.pdf”: This file is not a readable PDF/,
  },
  {
    name: 'archive.zip',
    content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]),
    message: /“archive\.zip” is a (ZIP|zip)/i,
  },
  {
    name: 'latin1.txt',
    content: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]),
    message: /“latin1\.txt” is not valid UTF-8/,
  },
  {
    name: 'nul.txt',
    content: Buffer.from('abc\u0000def', 'utf8'),
    message: /“nul\.txt” contains NUL/,
  },
];

for (const bad of badFiles) {
  test(`bad file ${bad.name} gets a clear alert and leaves the library unchanged`, async ({
    page,
  }) => {
    await openApp(page);
    await openFile(page, bad.name, bad.content, 'application/octet-stream');
    await expect(page.getByRole('alert').filter({ hasText: bad.message })).toBeVisible();
    await page.getByRole('button', { name: /^Library/ }).click();
    await expect(page.getByRole('main', { name: 'Library' }).locator('li.doc')).toHaveCount(1);
  });
}

test('a file over 50 MB is refused without reading it', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    const big = new File([new Uint8Array(1)], 'huge.txt', { type: 'text/plain' });
    Object.defineProperty(big, 'size', { value: 51 * 1024 * 1024 });
    const dt = new DataTransfer();
    dt.items.add(big);
    Object.defineProperty(input, 'files', { value: dt.files, configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(
    page.getByRole('alert').filter({ hasText: /“huge\.txt” is 51(\.0)? MB/ }),
  ).toBeVisible();
});

test('UTF-16 files with a BOM open correctly', async ({ page }) => {
  await openApp(page);
  const body = Buffer.from('Привет, мир 👋\r\nSecond line', 'utf16le');
  await openFile(page, 'utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
  await expect(page.locator('.ProseMirror')).toContainText('Привет, мир 👋');
});
