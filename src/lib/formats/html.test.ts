// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { extractHtml, convertHtml } from './html-convert';
import { layoutBlocks } from '../model/blocks';
import { checkInvariant } from '../model/invariant-check';
import { detectFormat } from './registry';

const enc = (s: string) => new TextEncoder().encode(s);

const HOSTILE = `<!DOCTYPE html><html><head><title>Hostile page</title>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<style>body{background:url(https://evil.example/bg.png)}</style>
<script>window.__ran = true</script></head>
<body onload="window.__ran = true">
<h1>A heading</h1>
<p>First <em>emphasised</em> and <strong>strong</strong> text with a <a href="javascript:window.__ran=true">bad link</a>
and a <a href="https://example.org/x" onclick="window.__ran=true">good link</a>.</p>
<img src="https://evil.example/pixel.png" onerror="window.__ran = true" alt="A chart">
<img src="x.png">
<iframe src="https://evil.example/frame"></iframe>
<form action="https://evil.example/post"><input name="q" value="secret"><button>Go</button></form>
<div style="background-image:url(https://evil.example/x.png)">Styled text</div>
<ul><li>one</li><li>two</li></ul>
<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>30</td></tr></table>
<pre>line 1
line 2</pre>
</body></html>`;

describe('HTML → blocks', () => {
  it('keeps structure and text; hostile content never shows or runs', () => {
    const x = extractHtml(HOSTILE, { mode: 'page' });
    const doc = layoutBlocks(x.blocks);
    checkInvariant(doc);
    expect((window as unknown as { __ran?: boolean }).__ran).toBeUndefined();
    expect(x.title).toBe('Hostile page');
    expect(doc.plainText).toContain(
      'First emphasised and strong text with a bad link and a good link.',
    );
    expect(doc.plainText).toContain('[A chart] [image]');
    expect(doc.plainText).toContain('Styled text');
    expect(doc.plainText).toContain('line 1\nline 2');
    expect(doc.plainText).not.toMatch(/window|secret|Go\b|evil/);
    const json = JSON.stringify(x.blocks);
    expect(json).not.toMatch(/javascript:|evil\.example|onclick|onerror/);
    expect(json).toContain('"href":"https://example.org/x"');
    expect(x.blocks.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'paragraph',
      'paragraph',
      'bulletList',
      'table',
      'paragraph',
    ]);
    expect(x.leftOut.join('; ')).toMatch(/1 script .*never run.*1 embedded frame.*1 form/);
  });

  it('takes the main article with Readability, or the whole page when asked', () => {
    const nav =
      '<nav><a href="https://s.example/">Home</a> <a href="https://s.example/a">About</a></nav>';
    const para = (i: number) =>
      `<p>Paragraph ${i} of the article has enough words in it to count as real reading text for the extractor, which wants long paragraphs with commas, like this one, before it believes it.</p>`;
    const page = `<!DOCTYPE html><html><head><title>Essay · Site</title></head><body>${nav}<article><h1>Essay</h1>${[1, 2, 3, 4, 5].map(para).join('')}</article><footer>Copyright footer text</footer></body></html>`;
    const article = extractHtml(page);
    expect(article.article).toBe(true);
    const text = layoutBlocks(article.blocks).plainText;
    expect(text).toContain('Paragraph 5 of the article');
    expect(text).not.toContain('Copyright footer');
    const whole = layoutBlocks(extractHtml(page, { mode: 'page' }).blocks).plainText;
    expect(whole).toContain('Copyright footer text');
  });

  it('is found by its markers even under another name, and refuses an empty page', async () => {
    expect(detectFormat('page.htm', '', enc('<!doctype html><p>x')).ok).toBe(true);
    const sniffed = detectFormat('download', '', enc('<!DOCTYPE html><p>x</p>'));
    expect(sniffed.ok && sniffed.value.id).toBe('html');
    // HTML named .txt opens as text: the name asks for it and both are text.
    const named = detectFormat('page.txt', '', enc('<!DOCTYPE html><p>x</p>'));
    expect(named.ok && named.value.id).toBe('text');
    const empty = await convertHtml(enc('<html><body><script>x()</script></body></html>'), {
      fileName: 'e.html',
    });
    expect(empty).toEqual({
      ok: false,
      error:
        '“e.html” is a web page with no text to read (it may be made only of scripts or images).',
    });
  });
});
