import { test, expect, devices } from '@playwright/test';

test.use({
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
  userAgent: devices['Pixel 7'].userAgent,
});

test('phone: touch-select a passage, tag it from the toolbar, read it in the bottom sheet', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.locator('.ProseMirror p').first()).toBeVisible();
  const para = page.locator('.ProseMirror p').nth(1);
  await para.tap();
  // A long-press selection is simulated by selecting the words under the finger.
  await page.evaluate(() => {
    const p = document.querySelectorAll('.ProseMirror p')[1];
    const text = p.firstChild as Text;
    const r = document.createRange();
    r.setStart(text, 4);
    r.setEnd(text, 33);
    const sel = getSelection()!;
    sel.removeAllRanges();
    sel.addRange(r);
  });
  const toolbar = page.getByRole('toolbar', { name: 'Annotate selection' });
  await expect(toolbar).toBeVisible();
  await expect(toolbar).toBeInViewport();
  await toolbar.getByRole('button', { name: 'Evidence' }).tap();
  const sheet = page.getByRole('complementary', { name: 'Annotations' });
  await expect(sheet).toBeHidden();
  await page.getByRole('button', { name: 'Annotations (1)' }).tap();
  await expect(sheet).toBeVisible();
  await expect(sheet.locator('article')).toContainText('Evidence');
  await expect(sheet.locator('article')).toContainText('“Freedom of Russia” Legion');
  await sheet.locator('article').getByRole('button').first().tap();
  await page.getByRole('button', { name: 'Hide annotations' }).tap();
  await expect(sheet).toBeHidden();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
  ).toBe(true);
});
