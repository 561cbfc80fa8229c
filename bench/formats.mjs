// Opening long documents of other formats (issue #12): a ~300-page PDF printed by Chromium and a
// 30-chapter EPUB, both holding the same text as a .txt opened in the same run. Each is opened
// through the app's own path (LibraryState.readFile → add → Navigation.open), timing the phases,
// the first selectable text (for the PDF: its preview, shown while the rest is read) and the
// longest main-thread task. `BENCH_ONLY=formats npm run bench` runs only this.
import { zipSync, strToU8 } from 'fflate';

const PAGES = 300;
const PAGE_CHARS = 2000;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The book's verses packed into ~300 pages of ~2,000 characters (paragraph = verse). */
function pagesOf(paragraphs) {
  const pages = [];
  let page = [];
  let chars = 0;
  for (const raw of paragraphs) {
    const p = raw.replace(/\s+/g, ' ').trim();
    if (!p) continue;
    page.push(p);
    chars += p.length;
    if (chars >= PAGE_CHARS) {
      pages.push(page);
      if (pages.length === PAGES) break;
      page = [];
      chars = 0;
    }
  }
  return pages;
}

async function chromiumPdf(browser, pages) {
  const p = await browser.newPage();
  const body = pages
    .map((ps) => `<section>${ps.map((t) => `<p>${esc(t)}</p>`).join('')}</section>`)
    .join('');
  await p.setContent(
    `<html><head><style>body{font:10.5pt serif}section{break-after:page}p{margin:0 0 .4em}</style></head><body>${body}</body></html>`,
  );
  const pdf = await p.pdf({ format: 'A4' });
  await p.close();
  return pdf;
}

function epubOf(pages) {
  const files = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
    ),
  };
  const items = [];
  for (let c = 0; c * 10 < pages.length; c++) {
    const ps = pages.slice(c * 10, c * 10 + 10).flat();
    files[`OEBPS/c${c}.xhtml`] = strToU8(
      `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapter ${c + 1}</title></head><body><h1>Chapter ${c + 1}</h1>${ps.map((t) => `<p>${esc(t)}</p>`).join('')}</body></html>`,
    );
    items.push(c);
  }
  files['OEBPS/content.opf'] = strToU8(
    `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">bench</dc:identifier><dc:title>Bench book</dc:title></metadata><manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>${items.map((c) => `<item id="c${c}" href="c${c}.xhtml" media-type="application/xhtml+xml"/>`).join('')}</manifest><spine toc="ncx">${items.map((c) => `<itemref idref="c${c}"/>`).join('')}</spine></package>`,
  );
  files['OEBPS/toc.ncx'] = strToU8(
    `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>${items.map((c) => `<navPoint id="n${c}"><navLabel><text>Chapter ${c + 1}</text></navLabel><content src="c${c}.xhtml"/></navPoint>`).join('')}</navMap></ncx>`,
  );
  return Buffer.from(zipSync(files));
}

/** Opens one file through the app, in phases; returns ms for each and the longest task. */
async function openPhased(page, name, type, base64) {
  return page.evaluate(
    async ([name, type, base64]) => {
      const { app } = window.__marginalia;
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const file = new File([bytes], name, { type });
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await frame(); // the decoding above is a long task of its own: not part of opening
      const tasks = [];
      const obs = new PerformanceObserver((l) =>
        l.getEntries().forEach((e) => tasks.push(e.duration)),
      );
      obs.observe({ type: 'longtask' });
      app.doc.close();
      await frame();
      const t0 = performance.now();
      let preview = null;
      const watch = () => {
        if (preview !== null) return;
        if (document.querySelector('[aria-label="Preview"] p')) preview = performance.now() - t0;
        else requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
      const read = await app.library.readFile(file);
      const extracted = performance.now() - t0;
      const id = await app.library.add(read.value, { allowDuplicate: true });
      const stored = performance.now() - t0;
      await app.nav.open(id);
      await frame();
      app.library.opening.finish();
      const selectable = performance.now() - t0;
      await app.editor.whenLoaded();
      void document.body.offsetHeight;
      await frame();
      const complete = performance.now() - t0;
      obs.disconnect();
      await app.library.remove(id);
      return {
        firstText: preview ?? selectable,
        extracted,
        stored: stored - extracted,
        open: selectable - stored,
        selectable,
        complete,
        longest: Math.max(0, ...tasks),
      };
    },
    [name, type, base64],
  );
}

export async function formatsScenario(browser, page, { paragraphs, record, repeat, runs }) {
  const pages = pagesOf(paragraphs);
  const text = pages.map((ps) => ps.join('\n\n')).join('\n\n');
  const pdf = await chromiumPdf(browser, pages);
  const files = [
    ['txt', 'book.txt', 'text/plain', Buffer.from(text, 'utf8')],
    ['PDF', 'book.pdf', 'application/pdf', pdf],
    ['EPUB', 'book.epub', 'application/epub+zip', epubOf(pages)],
  ];
  const rows = {};
  for (const [label, name, type, buf] of files) {
    const rs = await repeat(runs, () => openPhased(page, name, type, buf.toString('base64')));
    const med = (k) => [...rs.map((r) => r[k])].sort((a, b) => a - b)[Math.floor(rs.length / 2)];
    rows[label] = { firstText: med('firstText'), complete: med('complete') };
    const ratio = (r, k) => {
      if (label !== 'txt') r.ratios = { txt: rows[label][k] / rows.txt[k] };
    };
    const desc = `${label} (${pages.length} pages, ${(text.length / 1000).toFixed(0)} k chars, ${(buf.length / 1024).toFixed(0)} KiB)`;
    const first = record(
      `Open ${desc}: first selectable text`,
      'ms',
      rs.map((r) => r.firstText),
    );
    ratio(first, 'firstText');
    const full = record(
      `Open ${desc}: fully loaded`,
      'ms',
      rs.map((r) => r.complete),
      {
        extract_ms: med('extracted'),
        store_ms: med('stored'),
        open_ms: med('open'),
        longest_task_ms: med('longest'),
      },
    );
    ratio(full, 'complete');
  }
}
