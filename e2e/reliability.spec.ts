import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, selectText, annotationIds, drawnAnnotationIds, highlightText } from './helpers';
import { cards, noteBox, sidebar, toolbar } from './reliability-helpers';

test.describe('two tabs on the same document', () => {
  test('create, edit, delete and concurrent creation propagate between tabs', async ({
    context,
  }) => {
    const a = await context.newPage();
    const b = await context.newPage();
    await openApp(a);
    await openApp(b);
    await expect(a.locator('header h1')).toHaveText(await b.locator('header h1').innerText());

    // Created in A → shown in B, in the sidebar and in the text.
    await selectText(a, 'bloody war');
    await toolbar(a).getByRole('button', { name: 'Question' }).click();
    await expect(cards(a)).toHaveCount(1);
    const [id] = await drawnAnnotationIds(a, 1);
    await expect(cards(b)).toHaveCount(1);
    await expect(cards(b)).toContainText('bloody war');
    await expect(cards(b)).toContainText('Question');
    await expect.poll(() => highlightText(b, id)).toBe('bloody war');

    // Note edited in B → shown in A.
    await cards(b).getByRole('button', { name: 'Add note' }).click();
    await noteBox(b).fill('Written in tab B');
    await sidebar(b).getByRole('button', { name: 'Save note' }).click();
    await expect(sidebar(b).locator('.note')).toHaveText('Written in tab B');
    await expect(sidebar(a).locator('.note')).toHaveText('Written in tab B');

    // Deleted in A → gone from B.
    await cards(a).getByRole('button', { name: 'Delete annotation' }).click();
    await expect(cards(a)).toHaveCount(0);
    await expect(cards(b)).toHaveCount(0);
    await expect.poll(() => annotationIds(b)).toEqual([]);

    // Both tabs create at the same moment.
    await selectText(a, 'free Russian state');
    await selectText(b, 'press conference');
    await Promise.all([
      toolbar(a).getByRole('button', { name: 'Claim' }).click(),
      toolbar(b).getByRole('button', { name: 'Evidence' }).click(),
    ]);
    for (const p of [a, b]) {
      await expect(cards(p)).toHaveCount(2);
      await expect(sidebar(p)).toContainText('free Russian state');
      await expect(sidebar(p)).toContainText('press conference');
      await expect.poll(async () => (await annotationIds(p)).length).toBe(2);
    }
    for (const p of [a, b]) {
      await p.reload();
      await expect(cards(p)).toHaveCount(2);
      await expect(sidebar(p)).toContainText('Claim');
      await expect(sidebar(p)).toContainText('Evidence');
    }
  });
});

test('an import in one tab (written from the import worker) is shown in the other', async ({
  context,
}) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a);
  await openApp(b);
  const text = readFileSync('public/sample-interview.txt', 'utf8');
  const item = (quote: string, n: number) => {
    const start = [...text.slice(0, text.indexOf(quote))].length;
    return {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
      type: 'Annotation',
      creator: { type: 'Person', name: 'Ana' },
      created: '2026-11-20T10:00:00Z',
      bodyValue: `note ${n}`,
      target: {
        selector: [
          { type: 'TextQuoteSelector', exact: quote },
          { type: 'TextPositionSelector', start, end: start + [...quote].length },
        ],
      },
    };
  };
  const page = {
    type: 'AnnotationPage',
    items: [item('bloody war', 1), item('press conference', 2)],
  };
  await a.getByLabel('Import annotations').setInputFiles({
    name: 'ana.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', ...page }),
    ),
  });
  const dlg = a.getByRole('dialog');
  await expect(dlg).toContainText('ana.json');
  if (await dlg.getByRole('button', { name: 'Continue' }).isVisible())
    await dlg.getByRole('button', { name: 'Continue' }).click();
  await dlg.getByRole('button', { name: 'Import 2' }).click();
  await expect(cards(a)).toHaveCount(2);
  await expect(cards(b)).toHaveCount(2);
  await expect(sidebar(b)).toContainText('note 2');
  await expect
    .poll(async () => (await annotationIds(b)).sort())
    .toEqual([
      'urn:uuid:00000000-0000-4000-8000-000000000001',
      'urn:uuid:00000000-0000-4000-8000-000000000002',
    ]);
  // Stored: a reload of the other tab shows them too.
  await b.reload();
  await expect(cards(b)).toHaveCount(2);
});

test.describe('database upgrade while open', () => {
  test('a newer version opened in another tab is not blocked, and this tab asks for a reload', async ({
    context,
  }) => {
    const a = await context.newPage();
    await openApp(a);
    const b = await context.newPage();
    await openApp(b);
    const result = await b.evaluate(
      () =>
        new Promise<{ outcome: string; blocked: boolean; version?: number }>((resolve) => {
          let blocked = false;
          const r = indexedDB.open('marginalia', 99);
          r.onblocked = () => (blocked = true);
          r.onsuccess = () => {
            const version = r.result.version;
            r.result.close();
            resolve({ outcome: 'success', blocked, version });
          };
          r.onerror = () => resolve({ outcome: `error: ${r.error?.name}`, blocked });
        }),
    );
    expect(result).toEqual({ outcome: 'success', blocked: false, version: 99 });
    const notice = a.getByRole('alert').filter({ hasText: /reload/i });
    await expect(notice).toBeVisible();
    await expect(notice.getByRole('button', { name: /reload/i })).toBeVisible();
  });
});

test.describe('uncaught errors', () => {
  test('an uncaught error shows an alert with details; the page and a note being typed survive', async ({
    page,
  }) => {
    await openApp(page);
    await selectText(page, 'bloody war');
    await page.keyboard.press('n');
    await expect(noteBox(page)).toBeFocused();
    await page.keyboard.type('Half-written thought');

    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('boom-test');
      });
    });
    const alert = page.getByRole('alert').filter({ hasText: 'boom-test' });
    await expect(alert).toBeVisible();
    await expect(alert.getByRole('button', { name: 'Copy details' })).toBeVisible();

    // The note editor is still open with what was typed, and typing goes on.
    await expect(noteBox(page)).toHaveValue('Half-written thought');
    await noteBox(page).focus();
    await page.keyboard.type(', finished');
    await page.keyboard.press('Control+Enter');
    await expect(sidebar(page).locator('.note')).toHaveText('Half-written thought, finished');

    // Selecting and highlighting still work.
    await selectText(page, 'free Russian state');
    await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
    await expect(cards(page)).toHaveCount(2);
    const ids = await drawnAnnotationIds(page, 2);
    expect((await Promise.all(ids.map((id) => highlightText(page, id)))).sort()).toEqual([
      'bloody war',
      'free Russian state',
    ]);
    await page.reload();
    await expect(cards(page)).toHaveCount(2);
  });
});
