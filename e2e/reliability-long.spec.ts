import { test, expect, chromium, type BrowserContext } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../playwright.config';
import { openApp, annotationIds } from './helpers';
import {
  cards,
  countHeading,
  highlightWords,
  noteBox,
  selectWord,
  sidebar,
  storedAnnotations,
} from './reliability-helpers';

const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 4173}`;

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
