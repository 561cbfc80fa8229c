import { describe, expect, it } from 'vitest';
import { FileOpening, previewLines } from './file-opening.svelte';

describe('FileOpening', () => {
  it('shows progress and a preview, and clears them once the document is open', () => {
    const o = new FileOpening();
    const hooks = o.begin('long.pdf');
    hooks.onProgress(2, 300);
    hooks.onPartial([
      { type: 'pageBreak', page: 1, label: 'i' },
      { type: 'paragraph', content: [{ type: 'text', text: 'First words.' }] },
    ]);
    expect(o.progress).toEqual({ fileName: 'long.pdf', done: 2, total: 300, unit: 'page' });
    expect(o.preview).toEqual([
      { kind: 'page', label: 'Page i' },
      { kind: 'text', text: 'First words.' },
    ]);
    expect(o.end(hooks)).toBe(false);
    expect(o.progress).not.toBeNull(); // stays up until the document is shown
    o.finish();
    expect(o.progress).toBeNull();
    expect(o.preview).toEqual([]);
  });

  it('Cancel aborts the extraction, answers a pending password with null and hides all', async () => {
    const o = new FileOpening();
    const hooks = o.begin('secret.pdf');
    hooks.onProgress(0, 3);
    const asked = hooks.askPassword(false);
    expect(o.password).toEqual({ fileName: 'secret.pdf', retry: false });
    o.cancel();
    expect(await asked).toBeNull();
    expect(hooks.signal.aborted).toBe(true);
    expect(o.password).toBeNull();
    expect(o.progress).toBeNull();
    hooks.onProgress(1, 3); // late reports of a cancelled file are ignored
    expect(o.progress).toBeNull();
    expect(o.end(hooks)).toBe(true);
  });

  it('passes a typed password on and asks again on retry', async () => {
    const o = new FileOpening();
    const hooks = o.begin('secret.pdf');
    const first = hooks.askPassword(false);
    o.answerPassword('guess');
    expect(await first).toBe('guess');
    expect(o.password).toBeNull();
    const second = hooks.askPassword(true);
    expect(o.password?.retry).toBe(true);
    o.answerPassword('right');
    expect(await second).toBe('right');
  });

  it('opening another file cancels the one still being read', () => {
    const o = new FileOpening();
    const a = o.begin('a.pdf');
    o.begin('b.pdf');
    expect(a.signal.aborted).toBe(true);
    expect(o.fileName).toBe('b.pdf');
  });

  it('previews lists, quotes and chapters as plain lines', () => {
    expect(
      previewLines([
        { type: 'chapter', title: 'Chapter I' },
        {
          type: 'blockquote',
          children: [{ type: 'paragraph', content: [{ type: 'text', text: 'q' }] }],
        },
        {
          type: 'bulletList',
          items: [[{ type: 'paragraph', content: [{ type: 'text', text: 'li' }] }]],
        },
      ]),
    ).toEqual([
      { kind: 'page', label: 'Chapter I' },
      { kind: 'text', text: 'q' },
      { kind: 'text', text: 'li' },
    ]);
  });
});

describe('previewLines', () => {
  it('stops after a few screens of text', () => {
    const para = (t: string) => ({
      type: 'paragraph' as const,
      content: [{ type: 'text' as const, text: t }],
    });
    const lines = previewLines([para('a'.repeat(60)), para('b'.repeat(60)), para('c')], 100);
    expect(lines.map((l) => (l.kind === 'text' ? l.text[0] : ''))).toEqual(['a', 'b']);
  });
});

describe('FileOpening before the first page', () => {
  it('shows “starting” for a file still being read after a moment, never for a quick one', async () => {
    const o = new FileOpening();
    const quick = o.begin('quick.txt');
    o.end(quick);
    const slow = o.begin('slow.pdf');
    await expect.poll(() => o.progress, { timeout: 2000 }).not.toBeNull();
    expect(o.progress).toEqual({ fileName: 'slow.pdf', done: 0, total: 0, unit: 'page' });
    o.end(slow);
    o.finish();
  });
});
