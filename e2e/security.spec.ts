import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { openApp, openFile, selectText, annotationIds } from './helpers';

const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 4173}`;
const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });
const cards = (page: Page) => sidebar(page).locator('article');

/** Elements or attributes that would mean hostile text became markup. The app's own bundle is a
 * `<script type="module">`; nothing else should ever exist. */
const INJECTED =
  'script:not([type=module]), img[src=x], [onerror], [onmouseover], [onload], [onclick], a[href^="javascript"], iframe, object, embed';
const injectedCount = (page: Page) =>
  page.evaluate((sel) => document.querySelectorAll(sel).length, INJECTED);

/** Every dialog (alert/confirm/prompt) is recorded and dismissed; the test asserts none fired. */
function recordDialogs(page: Page): string[] {
  const fired: string[] = [];
  page.on('dialog', (d) => {
    fired.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return fired;
}

async function exportW3C(page: Page): Promise<{ name: string; body: string }> {
  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Web Annotation JSON/ }).click();
  const dl = await wait;
  return { name: dl.suggestedFilename(), body: readFileSync((await dl.path())!, 'utf8') };
}

const HOSTILE_TXT = [
  'Plain paragraph before the payloads.',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[link](javascript:alert(3))',
  '<div onmouseover="alert(11)"><iframe src="javascript:alert(12)"></iframe></div>',
  'Plain paragraph after the payloads.',
].join('\n\n');

const HOSTILE_MD = [
  '# Hostile <b onmouseover=alert(20)>heading</b>',
  '',
  'A [link](javascript:alert(3)) and an ![image](x "t") and <img src=x onerror=alert(2)> inline.',
  '',
  '<script>alert(1)</script>',
  '',
  '<div onmouseover="alert(21)">',
  '<iframe src="javascript:alert(22)"></iframe>',
  '</div>',
  '',
  '[ref]: javascript:alert(23)',
  '',
  'See [the ref][ref] and <a href="javascript:alert(24)">raw anchor</a>.',
].join('\n');

test('hostile documents, titles, tags, notes and imports are shown as text and never run', async ({
  page,
}) => {
  const dialogs = recordDialogs(page);
  await openApp(page);

  // A .txt whose file name and text are markup.
  const fileTitle = '<img src=x onerror=alert(4)>';
  await openFile(page, `${fileTitle}.txt`, HOSTILE_TXT);
  await expect(page.locator('header h1')).toContainText(fileTitle);
  const text = page.locator('.ProseMirror');
  for (const line of [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(2)>',
    '[link](javascript:alert(3))',
    '<div onmouseover="alert(11)">',
  ]) {
    await expect(text).toContainText(line);
  }
  expect(await injectedCount(page)).toBe(0);

  // A tag named with markup, applied from the selection toolbar (hovered, as a reader would).
  const tagName = '<b onmouseover=alert(5)>x</b>';
  await page.getByRole('button', { name: 'Tags', exact: true }).click();
  const tagsDialog = page.getByRole('dialog', { name: 'Tags of this document' });
  await tagsDialog.getByLabel('New tag name').fill(tagName);
  await tagsDialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(tagsDialog.getByLabel(`Name of tag ${tagName}`)).toHaveValue(tagName);
  await tagsDialog.getByRole('button', { name: 'Close' }).click();
  await selectText(page, '<img src=x onerror=alert(2)>');
  const tagButton = toolbar(page).getByRole('button', { name: tagName });
  await expect(tagButton).toHaveText(tagName);
  await tagButton.hover();
  await tagButton.click();
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).locator('.tags')).toHaveText(tagName);
  await cards(page).locator('.tags').hover();

  // A note with markup and a javascript: "link".
  const note = '<script>alert(6)</script> javascript:alert(7)';
  await cards(page).getByRole('button', { name: 'Add note' }).click();
  await sidebar(page).getByRole('textbox', { name: 'Note' }).fill(note);
  await sidebar(page).getByRole('button', { name: 'Save note' }).click();
  await expect(sidebar(page).locator('.note')).toHaveText(note);
  expect(await injectedCount(page)).toBe(0);

  // An import whose strings (new tag, note, creator) are markup: based on the app's own export
  // so that it anchors, with a fresh id so that it is new.
  const { name, body } = await exportW3C(page);
  const json = JSON.parse(body);
  const item = json.first.items[0];
  const importedTag = '<svg onload=alert(8)>';
  const importedNote = '<img src=x onerror=alert(9)><a href="javascript:alert(10)">click</a>';
  item.id = `urn:uuid:${randomUUID()}`;
  item.body = [
    { type: 'TextualBody', purpose: 'tagging', value: importedTag },
    { type: 'TextualBody', purpose: 'commenting', value: importedNote, format: 'text/html' },
  ];
  if (item.creator && typeof item.creator === 'object')
    item.creator.name = '<i onmouseover=alert(13)>Eve</i>';
  await page.getByLabel('Import annotations').setInputFiles({
    name: `<b>${name}</b>.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(json)),
  });
  const importDialog = page.getByRole('dialog');
  await expect(importDialog).toContainText('1 new');
  await expect(importDialog).toContainText(`New tags: ${importedTag}`);
  await expect(importDialog).toContainText(`<b>${name}</b>.json`);
  await importDialog.getByRole('button', { name: 'Import 1' }).click();
  await expect(cards(page)).toHaveCount(2);
  await expect(sidebar(page).locator('.note').filter({ hasText: importedNote })).toHaveText(
    importedNote,
  );
  await expect(sidebar(page)).toContainText(importedTag);
  await expect.poll(() => annotationIds(page)).toHaveLength(2);
  for (const c of await cards(page).all()) await c.hover();
  expect(await injectedCount(page)).toBe(0);

  // A Markdown file: raw HTML is literal text, links are only their text.
  await openFile(page, 'hostile.md', HOSTILE_MD, 'text/markdown');
  await expect(page.locator('header h1')).toContainText('Hostile');
  await expect(text).toContainText('<script>alert(1)</script>');
  await expect(text).toContainText('<div onmouseover="alert(21)">');
  await expect(text).toContainText('<img src=x onerror=alert(2)>');
  await expect(text).toContainText('A link and an');
  await expect(text.locator('a')).toHaveCount(0);
  expect(await injectedCount(page)).toBe(0);

  // The library lists the hostile title as text too.
  await page.getByRole('button', { name: /^Library/ }).click();
  await expect(page.getByRole('main', { name: 'Library' })).toContainText(fileTitle);
  expect(await injectedCount(page)).toBe(0);

  // Reloading renders everything again from storage.
  await page.reload();
  await expect(page.locator('.ProseMirror p').first()).toBeVisible();
  expect(await injectedCount(page)).toBe(0);
  expect(dialogs).toEqual([]);
});

test('no request leaves the app origin: open, annotate, export, import', async ({
  page,
  context,
}) => {
  const requests: string[] = [];
  // Context-wide, so that requests of workers (the service worker) are seen too.
  context.on('request', (r) => requests.push(r.url()));
  await openApp(page);
  await openFile(
    page,
    'network-check.txt',
    'Nothing here should travel.\n\nSecond paragraph about travel.',
  );
  await expect(page.locator('header h1')).toContainText('Network check');
  await selectText(page, 'should travel');
  await toolbar(page).getByRole('button', { name: 'Claim' }).click();
  await selectText(page, 'Second paragraph');
  await toolbar(page).getByRole('button', { name: 'Note' }).click();
  await sidebar(page)
    .getByRole('textbox', { name: 'Note' })
    .fill('see https://example.com/should-not-be-fetched');
  await sidebar(page).getByRole('button', { name: 'Save note' }).click();
  await expect(cards(page)).toHaveCount(2);

  const { name, body } = await exportW3C(page);
  for (const label of [/Markdown, in text order/, /Spreadsheet/, /Full backup/]) {
    await page.getByRole('button', { name: 'Export annotations' }).click();
    const wait = page.waitForEvent('download');
    await page.getByRole('button', { name: label }).click();
    await (await wait).path();
  }
  await page
    .getByLabel('Import annotations')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
  const dlg = page.getByRole('dialog');
  await expect(dlg).toContainText('0 new, 2 already present');
  await dlg.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: /^Library/ }).click();
  await expect(page.getByRole('main', { name: 'Library' })).toBeVisible();
  await page.reload();
  await expect(page.locator('.ProseMirror p').first()).toBeVisible();

  expect(requests.length).toBeGreaterThan(0);
  const foreign = requests.filter(
    (u) =>
      !(
        u === ORIGIN ||
        u.startsWith(`${ORIGIN}/`) ||
        u.startsWith('blob:') ||
        u.startsWith('data:')
      ),
  );
  expect(foreign).toEqual([]);
});

test('index.html has a strict Content-Security-Policy and the app runs under it', async ({
  page,
  request,
}) => {
  const res = await request.get('/');
  expect(res.ok()).toBe(true);
  const html = await res.text();
  // The policy itself contains single quotes ('self'), so match the attribute's own quote.
  const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(["'])(.*?)\1/i.exec(
    html,
  );
  expect(meta, 'a CSP meta element').not.toBeNull();
  // A meta CSP only governs what comes after it.
  expect(html.indexOf(meta![0])).toBeLessThan(html.search(/<script/i));
  const directives = new Map(
    meta![2]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k.toLowerCase(), v] as [string, string[]]),
  );
  const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
  expect(scriptSrc, 'script-src or default-src').toBeTruthy();
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  const remote = scriptSrc!.filter(
    (s) =>
      s.includes('*') ||
      s.includes('//') ||
      /^[a-z][a-z0-9+.-]*:$/i.test(s) ||
      /\.[a-z]{2,}/i.test(s),
  );
  expect(remote, 'no hosts or schemes in script-src').toEqual([]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  // Inline scripts would be blocked by this policy: the build must have none.
  expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/gi) ?? []).toEqual([]);

  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
  });
  // Init scripts are injected by the debugger protocol, so the policy does not apply to them.
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __csp: string[] }).__csp.push(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  await openApp(page);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(1);
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Question' }).click();
  await expect(cards(page)).toHaveCount(1);
  await exportW3C(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.keyboard.press('Escape');
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  expect(violations).toEqual([]);
});
