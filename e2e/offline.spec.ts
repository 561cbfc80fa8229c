import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { selectText, openFile, sidebar, toolbar } from './helpers';

test('after the first visit the app loads and works offline: open, annotate, export', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await expect(page.locator('.ProseMirror p').first()).toBeVisible();
  // The service worker installs (precaching the app) on the first visit and controls the page
  // from the next load on.
  await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state));
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.ProseMirror p').first()).toBeVisible();
  await openFile(
    page,
    'offline-notes.txt',
    'Written on a train without network.\n\nSecond paragraph here.',
  );
  await expect(page.locator('header h1')).toContainText('Offline notes');
  await selectText(page, 'without network');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
  await page.getByRole('button', { name: 'Export annotations' }).click();
  const wait = page.waitForEvent('download');
  await page.getByRole('button', { name: /Web Annotation JSON/ }).click();
  const body = JSON.parse(readFileSync((await (await wait).path())!, 'utf8'));
  expect(body.first.items[0].target.selector[0].exact).toBe('without network');
});

test('the app is installable: a web app manifest with an icon', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(href!)).json();
  expect(manifest.name).toContain('Marginalia');
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.length).toBeGreaterThan(0);
});
