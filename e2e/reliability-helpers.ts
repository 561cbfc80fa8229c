/** Helpers of the reliability specs (reliability.spec.ts, reliability-long.spec.ts): the
 * sidebar and toolbar, word-by-word selection, and the annotations as stored in IndexedDB. */
import { expect, type Page } from '@playwright/test';
import { selectOnce, sidebar, storedRecords, toolbar } from './helpers';

export { sidebar, toolbar };
export const cards = (page: Page) => sidebar(page).locator('article');
/** The sidebar heading carries the total ("Annotations (200)"); cards are paged 100 at a time. */
export const countHeading = (page: Page) =>
  sidebar(page).getByRole('heading', { name: /^Annotations/ });
export const noteBox = (page: Page) => sidebar(page).getByRole('textbox', { name: 'Note' });

/** Finds the `k`-th word (4+ letters) of the document, counting words paragraph by paragraph,
 * so the choice does not depend on how decorations split the text nodes, and selects it through
 * `selectOnce` as the right occurrence of that word in the whole text. */
async function selectWordOnce(page: Page, k: number): Promise<string | null> {
  const found = await page.evaluate((k) => {
    const root = document.querySelector('.ProseMirror') as HTMLElement;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const starts = new Map<Node, number>();
    let all = '';
    while (walker.nextNode()) {
      starts.set(walker.currentNode, all.length);
      all += (walker.currentNode as Text).data;
    }
    let count = 0;
    for (const p of root.querySelectorAll('p')) {
      const first = document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode();
      if (!first) continue;
      for (const m of (p.textContent ?? '').matchAll(/\p{L}{4,}/gu)) {
        if (count++ !== k) continue;
        const at = starts.get(first)! + m.index!;
        let occurrence = 0;
        for (let i = all.indexOf(m[0]); i >= 0 && i < at; i = all.indexOf(m[0], i + 1))
          occurrence++;
        return { word: m[0], occurrence };
      }
    }
    return null;
  }, k);
  if (!found) return null;
  await selectOnce(page, found.word, found.occurrence);
  return found.word;
}

/** Like the `selectText` helper: the editor may redraw just as the selection is set, so select
 * again until the toolbar shows. */
export async function selectWord(page: Page, k: number): Promise<string> {
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
export async function highlightWords(page: Page, from: number, n: number): Promise<void> {
  // The sidebar's count, not the drawn highlights, which may still be catching up.
  const start = Number(/\((\d+)\)/.exec(await countHeading(page).innerText())?.[1] ?? 0);
  for (let i = 0; i < n; i++) {
    await selectWord(page, (from + i) * 5);
    await page.keyboard.press('h');
    await expect(countHeading(page)).toContainText(`(${start + i + 1})`);
  }
}

/** Every stored annotation, read straight from IndexedDB, with tag names resolved. */
export async function storedAnnotations(page: Page) {
  // Schema v3: a document's annotations are stored in pages of a few hundred.
  const stored = await storedRecords(page, ['annotationPages', 'tagSets']);
  const [pages, tagSets] = [stored.annotationPages, stored.tagSets].map((rs) =>
    rs.map((r) => r.value as any),
  );
  const anns = pages.flatMap((p: any) => p.annotations);
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
}
