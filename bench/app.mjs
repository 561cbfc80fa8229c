// Driving the app in the benchmark's browser: a fresh page, storing and opening documents,
// seeding annotations, and the two baseline pages (floor: plain innerHTML; naive: TipTap
// StarterKit + Highlight marks).

/** Opens a baseline page and returns its time to render `paragraphs`. */
export async function baseline(page, origin, kind, paragraphs) {
  await page.goto(`${origin}/bench/${kind}.html`);
  return page.evaluate(
    ([k, p]) => (k === 'floor' ? window.runFloor(p) : window.runNaive(p)),
    [kind, paragraphs],
  );
}

/** A new browser context on the app, ready, with no service worker. */
export async function freshApp(browser, origin) {
  // No service worker: it would answer the baseline pages with the app shell, and caching is not
  // what is measured.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.addInitScript(markPainted);
  const page = await context.newPage();
  await page.goto(`${origin}/?bench`);
  await page.waitForFunction(
    () => window.__marginalia?.app.ready && document.querySelector('.ProseMirror p'),
  );
  return { context, page };
}

/**
 * Runs in every page of the bench (an init script): marks `bench:painted` in the first task
 * after the frame that paints what the app marked `mg:open:highlighted` (the first screens and
 * their highlights put in the DOM). That frame's style, layout and paint are part of what a
 * reader waits for; the app's mark comes before them. A rAF callback sees the mark in the frame
 * that will paint it; the timeout after it runs once that frame's main-thread work is done.
 */
function markPainted() {
  const seen = () => performance.getEntriesByName('mg:open:highlighted').length > 0;
  const tick = () =>
    seen() ? setTimeout(() => performance.mark('bench:painted'), 0) : requestAnimationFrame(tick);
  requestAnimationFrame(tick);
}

/** Reloads the page with `docId` as the last document; resolves once its highlights are
 * painted (`markPainted`), with the time since navigation of each `mg:` and `bench:` mark. */
export async function reloadTimed(page, docId) {
  await page.evaluate((d) => window.__marginalia.app.store.setSetting('lastDocument', d), docId);
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('bench:painted').length > 0, null, {
    timeout: 120000,
  });
  await page.waitForFunction(() => window.__marginalia?.app.ready);
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => /^(mg|bench):/.test(m.name))
        .map((m) => [m.name.replace(/^mg:/, ''), m.startTime]),
    ),
  );
}

/** Stores a text in the library and returns its id (not timed). */
export async function store(page, name, text) {
  return page.evaluate(
    async ([name, text]) => {
      const { app } = window.__marginalia;
      const pending = await app.library.readFile(new File([text], name, { type: 'text/plain' }));
      return app.library.add(pending.value, { allowDuplicate: true });
    },
    [name, text],
  );
}

/** Opens a stored document: ms to first selectable text and to the whole text laid out. */
export async function openTimed(page, id) {
  return page.evaluate(async (id) => {
    const { app } = window.__marginalia;
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    app.doc.close();
    await frame();
    const t0 = performance.now();
    await app.doc.open(id);
    await frame();
    const selectable = performance.now() - t0;
    await app.editor.whenLoaded();
    void document.body.offsetHeight;
    await frame();
    return { selectable, complete: performance.now() - t0 };
  }, id);
}

/** Adds generated annotations to a document in one transaction (not timed). */
export async function seedAnnotations(page, id, count, seed) {
  return page.evaluate(
    async ([id, count, seed]) => {
      const { app, model } = window.__marginalia;
      const text = await app.store.getText(id);
      const meta = await app.store.getDocument(id);
      const parsed = await model.parseDocument(text.source, meta.format);
      const index = new model.TextIndex(parsed.plainText);
      const tagSet = await app.store.getTagSet(id);
      const tags = tagSet.tags.slice(0, 5).map((t) => t.id);
      let s = seed >>> 0;
      const rnd = () => (
        (s = (s + 0x6d2b79f5) >>> 0),
        (((s ^ (s >>> 15)) * (s | 1)) >>> 0) / 4294967296
      );
      const txt = parsed.plainText;
      const annotations = [];
      for (let i = 0; i < count; i++) {
        let start;
        const prev = annotations.length
          ? annotations[Math.floor(rnd() * annotations.length)]
          : null;
        if (prev && rnd() < 0.2)
          start =
            prev.target.position.start +
            Math.floor((prev.target.position.end - prev.target.position.start) / 2);
        else start = Math.floor(rnd() * (index.length - 5000));
        while (start > 0 && txt[start - 1] !== ' ' && txt[start - 1] !== '\n') start--;
        const kind = rnd();
        let len =
          kind < 0.6
            ? 4 + Math.floor(rnd() * 60)
            : kind < 0.9
              ? 60 + Math.floor(rnd() * 400)
              : 400 + Math.floor(rnd() * 8000);
        let end = Math.min(index.length, start + len);
        while (end < index.length && txt[end] !== ' ' && txt[end] !== '\n') end++;
        const now = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
        annotations.push({
          id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          docId: id,
          target: model.describeRange(index, start, end),
          tags: rnd() < 0.8 ? [tags[Math.floor(rnd() * tags.length)]] : [],
          note: rnd() < 1 / 3 ? `Note ${i}: what does this passage do?` : '',
          creator: 'Bench',
          created: now,
          modified: now,
        });
      }
      await app.store.importBatch({ annotations });
      return annotations.length;
    },
    [id, count, seed],
  );
}
