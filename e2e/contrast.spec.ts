import { test, expect, type Page } from '@playwright/test';
import { openApp, selectText } from './helpers';

// Text on every highlight colour must keep WCAG AA contrast (4.5:1) in both themes, also where
// annotations overlap: their backgrounds are semi-transparent and stack. axe only samples what
// happens to be on screen; this checks every palette colour, every nested pair, the reader
// badges of the class view and the heat-map levels explicitly. Backgrounds are composited in
// the browser over the real ancestors of the reading area, down to the page background.

const PALETTE = ['yellow', 'blue', 'green', 'pink', 'purple', 'orange', 'teal', 'gray'] as const;
const READERS = 8;
const HEAT_LEVELS = 5;
const AA = 4.5;

/** How the app shows a theme: `data-theme` on <html> (preferences.svelte.ts), or none and the
 * system's colour scheme. "system dark" checks the copy of the dark palette in the media query. */
const THEMES = [
  { name: 'light', attr: 'light', scheme: 'light' },
  { name: 'dark', attr: 'dark', scheme: 'light' },
  { name: 'system dark', attr: null, scheme: 'dark' },
] as const;

interface Case {
  label: string;
  /** Classes of the elements from the outermost in; the text is inside the last one. */
  chain: { tag: string; className: string }[];
  /** Inside a blockquote, whose text is muted around the highlights. */
  quote?: boolean;
}

const hl = (c: string) => ({ tag: 'mark', className: `mg-hl mg-c-${c}` });

function cases(): Case[] {
  const out: Case[] = [];
  for (const c of PALETTE) {
    out.push({ label: `highlight ${c}`, chain: [hl(c)] });
    out.push({
      label: `highlight ${c} with a second tag and a note`,
      chain: [{ tag: 'mark', className: `mg-hl mg-c-${c} mg-u-blue mg-has-note` }],
    });
    out.push({ label: `highlight ${c} in a blockquote`, chain: [hl(c)], quote: true });
    for (const d of PALETTE) {
      out.push({ label: `highlight ${d} inside ${c}`, chain: [hl(c), hl(d)] });
      out.push({
        label: `highlight ${d} inside ${c} in a blockquote`,
        chain: [hl(c), hl(d)],
        quote: true,
      });
    }
  }
  for (let r = 0; r < READERS; r++) {
    out.push({
      label: `badge mg-r-${r}`,
      chain: [{ tag: 'span', className: `mg-badge mg-r-${r}` }],
    });
    out.push({
      label: `badge mg-r-${r} inside a yellow highlight`,
      chain: [hl('yellow'), { tag: 'span', className: `mg-badge mg-r-${r}` }],
    });
  }
  for (let l = 1; l <= HEAT_LEVELS; l++)
    out.push({
      label: `heat-map level ${l}`,
      chain: [{ tag: 'mark', className: `mg-heat mg-heat-${l}` }],
    });
  return out;
}

interface Measured {
  label: string;
  ratio: number;
  fg: string;
  bg: string;
}

/** Draws the cases in a copy of the reading area (a sibling of the editor with its classes, so
 * the same rules and ancestors apply); each innermost element is labelled `data-contrast`. */
async function drawProbes(page: Page, list: Case[]): Promise<void> {
  await page.evaluate((list) => {
    document.getElementById('mg-contrast-probe')?.remove();
    const editor = document.querySelector('.ProseMirror')!;
    const probe = document.createElement('div');
    probe.id = 'mg-contrast-probe';
    probe.className = editor.className;
    editor.after(probe);
    for (const c of list) {
      const block = document.createElement(c.quote ? 'blockquote' : 'p');
      let parent: HTMLElement = block;
      if (c.quote) parent = block.appendChild(document.createElement('p'));
      parent.append('Text ');
      for (const [i, link] of c.chain.entries()) {
        const el = document.createElement(link.tag);
        el.className = link.className;
        if (link.tag === 'mark') el.setAttribute('data-annotation-id', `probe-${i}`);
        parent = parent.appendChild(el);
      }
      parent.append('Ag');
      parent.setAttribute('data-contrast', c.label);
      probe.append(block);
    }
  }, list);
}

/** Contrast of the text of every element matching `selector` against its background: the
 * computed backgrounds of it and all its ancestors composited over the white canvas. */
async function measure(page: Page, selector: string, labelAttr: string): Promise<Measured[]> {
  return page.locator(selector).evaluateAll((els, labelAttr) => {
    // Colours as the browser resolves them, normalised through a canvas to #rrggbb or rgba().
    const ctx = document.createElement('canvas').getContext('2d')!;
    const rgba = (css: string): number[] => {
      ctx.fillStyle = '#000';
      ctx.fillStyle = css;
      const v = String(ctx.fillStyle);
      if (v.startsWith('#'))
        return [
          parseInt(v.slice(1, 3), 16),
          parseInt(v.slice(3, 5), 16),
          parseInt(v.slice(5, 7), 16),
          1,
        ];
      const m = /rgba?\(([^)]+)\)/.exec(v);
      if (!m) throw new Error(`unparsed colour ${css} → ${v}`);
      const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean);
      return [Number(r), Number(g), Number(b), Number(a)];
    };
    const over = (top: number[], below: number[]) =>
      [0, 1, 2].map((i) => top[3] * top[i] + (1 - top[3]) * below[i]).concat(1);
    const lum = (c: number[]) => {
      const ch = c
        .slice(0, 3)
        .map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    };
    const hex = (c: number[]) =>
      '#' +
      c
        .slice(0, 3)
        .map((v) => Math.round(v).toString(16).padStart(2, '0'))
        .join('');
    return els.map((el) => {
      const chain: Element[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
      const bg = chain.reduce(
        (below, e) => over(rgba(getComputedStyle(e).backgroundColor), below),
        [255, 255, 255, 1],
      );
      const fg = over(rgba(getComputedStyle(el).color), bg);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      return {
        label: el.getAttribute(labelAttr) ?? '',
        ratio: (hi + 0.05) / (lo + 0.05),
        fg: hex(fg),
        bg: hex(bg),
      };
    });
  }, labelAttr);
}

async function setTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  await page.emulateMedia({ colorScheme: theme.scheme });
  await page.evaluate((attr) => {
    if (attr) document.documentElement.setAttribute('data-theme', attr);
    else document.documentElement.removeAttribute('data-theme');
  }, theme.attr);
}

function failures(theme: string, results: Measured[]): string[] {
  return results
    .filter((r) => !(r.ratio >= AA))
    .map((r) => `${theme}: ${r.label}: ${r.ratio.toFixed(2)}:1 (text ${r.fg} on ${r.bg})`);
}

test('text on every highlight colour, overlap, badge and heat level meets AA in both themes', async ({
  page,
}) => {
  await openApp(page);
  const list = cases();
  const bad: string[] = [];
  for (const theme of THEMES) {
    await setTheme(page, theme);
    await drawProbes(page, list);
    const results = await measure(page, '[data-contrast]', 'data-contrast');
    expect(results).toHaveLength(list.length);
    bad.push(...failures(theme.name, results));
    const worst = results.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    test.info().annotations.push({
      type: 'lowest contrast',
      description: `${theme.name}: ${worst.label} ${worst.ratio.toFixed(2)}:1`,
    });
  }
  expect(bad, `below ${AA}:1:\n${bad.join('\n')}`).toEqual([]);
});

test('palette colours stay distinct from one another in both themes', async ({ page }) => {
  await openApp(page);
  for (const theme of THEMES) {
    await setTheme(page, theme);
    await drawProbes(
      page,
      PALETTE.map((c) => ({ label: c, chain: [hl(c)] })),
    );
    const bgs = (await measure(page, '[data-contrast]', 'data-contrast')).map((r) => r.bg);
    expect(
      new Set(bgs).size,
      `${theme.name}: ${PALETTE.map((c, i) => `${c} ${bgs[i]}`).join(', ')}`,
    ).toBe(PALETTE.length);
  }
});

test('real highlights are marks with a description and keep AA, also active and overlapping', async ({
  page,
}) => {
  await openApp(page);
  const toolbar = page.getByRole('toolbar', { name: 'Annotate selection' });
  await selectText(page, '“Freedom of Russia” Legion is a phenomenon');
  await toolbar.getByRole('button', { name: 'Claim' }).click();
  await selectText(page, 'a phenomenon of this war');
  await toolbar.getByRole('button', { name: 'Evidence' }).click();
  const marks = page.locator('.ProseMirror mark[data-annotation-id]');
  // Both are drawn once saved: wait for the second (reading at once raced its save).
  await expect(marks.first()).toBeVisible();
  await expect(
    page.locator('.ProseMirror mark[aria-description*="Evidence"]').first(),
  ).toBeVisible();
  const described = await marks.evaluateAll((els) =>
    els.map((e) => e.getAttribute('aria-description') ?? ''),
  );
  expect(described.every((d) => d.length > 0)).toBe(true);
  expect(described.join(' ')).toContain('Claim');
  expect(described.join(' ')).toContain('Evidence');
  expect(
    await page.locator('.ProseMirror mark[data-annotation-id] mark[data-annotation-id]').count(),
  ).toBeGreaterThan(0);

  // Make one active (outline), then measure every drawn element as it is.
  await marks.first().click();
  for (const theme of THEMES) {
    await setTheme(page, theme);
    const measured = await measure(
      page,
      '.ProseMirror mark[data-annotation-id]',
      'aria-description',
    );
    const bad = failures(`${theme.name} (real)`, measured);
    expect(bad, bad.join('\n')).toEqual([]);
  }
});
