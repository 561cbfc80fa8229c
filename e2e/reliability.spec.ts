import { test, expect, chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../playwright.config';
import { openApp, selectText, annotationIds, drawnAnnotationIds, highlightText } from './helpers';

const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 4173}`;
const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Annotations' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate selection' });
const cards = (page: Page) => sidebar(page).locator('article');
/** The sidebar heading carries the total ("Annotations (200)"); cards are paged 100 at a time. */
const countHeading = (page: Page) => sidebar(page).getByRole('heading', { name: /^Annotations/ });
const noteBox = (page: Page) => sidebar(page).getByRole('textbox', { name: 'Note' });

/** Selects the `k`-th word (4+ letters) of the document, counting words paragraph by paragraph,
 * so the choice does not depend on how decorations split the text nodes. */
async function selectWordOnce(page: Page, k: number): Promise<string | null> {
  return page.evaluate((k) => {
    const root = document.querySelector('.ProseMirror') as HTMLElement;
    let count = 0;
    for (const p of root.querySelectorAll('p')) {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      while (walker.nextNode()) nodes.push(walker.currentNode as Text);
      const all = nodes.map((n) => n.data).join('');
      for (const m of all.matchAll(/\p{L}{4,}/gu)) {
        if (count++ !== k) continue;
        const locate = (off: number, end: boolean): [Text, number] => {
          let acc = 0;
          for (const n of nodes) {
            if (off < acc + n.data.length || (end && off === acc + n.data.length))
              return [n, off - acc];
            acc += n.data.length;
          }
          throw new Error('offset outside paragraph');
        };
        const [sn, so] = locate(m.index!, false);
        const [en, eo] = locate(m.index! + m[0].length, true);
        root.focus();
        const range = document.createRange();
        range.setStart(sn, so);
        range.setEnd(en, eo);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        return m[0];
      }
    }
    return null;
  }, k);
}

/** Like the `selectText` helper: the editor may redraw just as the selection is set, so select
 * again until the toolbar shows. */
async function selectWord(page: Page, k: number): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const word = await selectWordOnce(page, k);
    expect(word, `word #${k} not found`).not.toBeNull();
    try {
      await expect(toolbar(page)).toBeVisible({ timeout: 3000 });
      return word!;
    } catch {
      /* select again */
    }
  }
  throw new Error(`selection of word #${k} never showed the toolbar`);
}

/** Creates annotations on words from..from+n-1 (every fifth word) with H, as fast as the UI allows. */
async function highlightWords(page: Page, from: number, n: number): Promise<void> {
  // The sidebar's count, not the drawn highlights, which may still be catching up.
  const start = Number(/\((\d+)\)/.exec(await countHeading(page).innerText())?.[1] ?? 0);
  for (let i = 0; i < n; i++) {
    await selectWord(page, (from + i) * 5);
    await page.keyboard.press('h');
    await expect(countHeading(page)).toContainText(`(${start + i + 1})`);
  }
}

/** Every stored annotation, read straight from IndexedDB, with tag names resolved. */
async function storedAnnotations(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('marginalia');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const getAll = (store: string) =>
      new Promise<any[]>((res, rej) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    // Schema v3: a document's annotations are stored in pages of a few hundred.
    const [pages, tagSets] = [await getAll('annotationPages'), await getAll('tagSets')];
    const anns = pages.flatMap((p: any) => p.annotations);
    db.close();
    const names = new Map<string, string>(
      tagSets.flatMap((ts: any) => ts.tags.map((t: any) => [t.id, t.name] as [string, string])),
    );
    return anns
      .map((a: any) => ({
        id: a.id as string,
        exact: a.target.quote.exact as string,
        start: a.target.position.start as number,
        tags: (a.tags as string[]).map((t) => names.get(t) ?? `?${t}`),
        note: a.note as string,
      }))
      .sort((x, y) => x.start - y.start);
  });
}

/** PIDs of the Chromium processes using `userDataDir` (found through /proc: Playwright does not
 * expose the process of a persistent context). The browser process is the one without `--type=`. */
function chromiumPids(userDataDir: string): { browser: number[]; children: number[] } {
  const browser: number[] = [];
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd: string[];
    try {
      cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!cmd.includes(`--user-data-dir=${userDataDir}`)) continue;
    (cmd.some((a) => a.startsWith('--type=')) ? children : browser).push(Number(entry));
  }
  return { browser, children };
}

test.describe('durability', () => {
  // 200 annotations through the UI, then two browser launches.
  test.setTimeout(300_000);

  test('200 annotations made as fast as the UI allows survive SIGKILL of the browser', async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'marginalia-durability-'));
    const launch = () =>
      chromium.launchPersistentContext(userDataDir, {
        ...chromiumLaunchOptions,
        baseURL: BASE_URL,
      });
    let context: BrowserContext | null = await launch();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await openApp(page);
      await expect(cards(page)).toHaveCount(0);

      // What the reader did, by word number: the tag key pressed (or 'h'), and the note typed.
      const TAG_KEYS: Record<string, string> = {
        '1': 'Claim',
        '2': 'Evidence',
        '3': 'Question',
        '4': 'Key term',
        '5': 'Imagery',
      };
      const intended: { word: string; tags: string[]; note: string }[] = [];
      for (let i = 0; i < 200; i++) {
        const word = await selectWord(page, i * 5);
        if (i % 10 === 9) {
          const note = `note ${i}: <why> “${word}” & more`;
          await page.keyboard.press('n');
          await expect(noteBox(page)).toBeFocused();
          await page.keyboard.type(note);
          await page.keyboard.press('Control+Enter');
          await expect(noteBox(page)).toHaveCount(0);
          intended.push({ word, tags: [], note });
        } else {
          const key = i % 6 === 0 ? 'h' : String(i % 6);
          await page.keyboard.press(key);
          intended.push({ word, tags: key === 'h' ? [] : [TAG_KEYS[key]], note: '' });
        }
        await expect(countHeading(page)).toContainText(`(${i + 1})`);
      }
      await expect(countHeading(page)).toContainText('(200)');
      await expect(page.getByRole('banner').getByText('Saving…')).toHaveCount(0);
      await expect.poll(() => annotationIds(page)).toHaveLength(200);

      const before = await storedAnnotations(page);
      expect(before).toHaveLength(200);
      expect(before.map((a) => ({ word: a.exact, tags: a.tags, note: a.note }))).toEqual(intended);

      // Kill, not close: no unload, no chance to flush anything the app has not already committed.
      const pids = chromiumPids(userDataDir);
      expect(pids.browser, 'exactly one browser process for the profile').toHaveLength(1);
      const closed = new Promise<void>((r) => context!.once('close', () => r()));
      process.kill(pids.browser[0], 'SIGKILL');
      for (const pid of pids.children) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone with its parent */
        }
      }
      await closed;
      context = null;

      context = await launch();
      const again = context.pages()[0] ?? (await context.newPage());
      await openApp(again);
      await expect(countHeading(again)).toContainText('(200)');
      await expect.poll(async () => (await annotationIds(again)).length).toBe(200);
      const after = await storedAnnotations(again);
      expect(after).toEqual(before);
      // The notes and tags are shown, not only stored (the list draws the cards near view).
      await expect(sidebar(again).locator('li[aria-setsize="200"]').first()).toBeVisible();
      await expect(cards(again).nth(1).locator('.tags')).toHaveText(intended[1].tags[0]);
      const tenth = sidebar(again).locator('li[aria-posinset="10"]');
      await expect
        .poll(async () => {
          await sidebar(again).evaluate((el) => el.scrollBy(0, 200));
          return tenth.count();
        })
        .toBe(1);
      await expect(tenth.locator('.note')).toHaveText(intended[9].note);
    } finally {
      await context?.close().catch(() => undefined);
      // Chromium's helper processes may still be writing their cache for a moment.
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });
});

test.describe('keyboard note on a long list', () => {
  test.setTimeout(180_000);
  // The sidebar draws only the cards near view; the card whose note is being written must be
  // drawn even when it is far down the list, or the typed note would go nowhere.
  test('N on the 101st annotation opens its note editor', async ({ page }) => {
    await openApp(page);
    await highlightWords(page, 0, 100);
    await selectWord(page, 100 * 5);
    await page.keyboard.press('n');
    await expect(noteBox(page)).toBeFocused();
    await page.keyboard.type('note on the 101st');
    await page.keyboard.press('Control+Enter');
    await expect(sidebar(page).locator('.note')).toHaveText('note on the 101st');
  });
});

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
