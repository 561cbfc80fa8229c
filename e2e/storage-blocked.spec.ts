import { test, expect } from '@playwright/test';
import { selectText, sidebar, toolbar } from './helpers';

test('when the browser refuses storage, the reader is told plainly and can still read and annotate', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const refuse = {
      open() {
        throw new DOMException(
          'The user denied permission to access the database.',
          'SecurityError',
        );
      },
    };
    Object.defineProperty(window, 'indexedDB', { get: () => refuse, configurable: true });
  });
  await page.goto('/');
  await expect(
    page.getByRole('alert').filter({
      hasText: /not letting Marginalia store data.*export a backup.*only while this tab stays open/,
    }),
  ).toBeVisible();
  await expect(page.locator('.ProseMirror p').first()).toBeVisible();
  await selectText(page, 'bloody war');
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(sidebar(page).locator('article')).toHaveCount(1);
});
