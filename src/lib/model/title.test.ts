import { describe, expect, it } from 'vitest';
import { deriveTitle } from './title';

describe('deriveTitle: Markdown', () => {
  it('takes the first heading, ATX or setext, without its markup', () => {
    expect(deriveTitle('intro\n\n## The *Real* `Title` ##\n\n# Later', 'markdown', 'x.md')).toBe('The Real Title');
    expect(deriveTitle('Chapter One\n===========\n\n# Later', 'markdown')).toBe('Chapter One');
    expect(deriveTitle('# [Linked](http://x) **bold** snake_case', 'markdown')).toBe('Linked bold snake_case');
    expect(deriveTitle('# C#', 'markdown')).toBe('C#');
  });

  it('ignores "headings" inside fenced code', () => {
    expect(deriveTitle('```sh\n# install it\n```\n\n# Real', 'markdown')).toBe('Real');
  });

  it('falls back to the file name, then to the first line without markup', () => {
    expect(deriveTitle('no heading here', 'markdown', 'field_notes-2024.md')).toBe('Field notes 2024');
    expect(deriveTitle('---\n\n> **Quoted** start\nmore', 'markdown', 'untitled.md')).toBe('Quoted start');
    expect(deriveTitle('- item one', 'markdown')).toBe('item one');
  });
});

describe('deriveTitle: plain text', () => {
  it('makes the file name readable', () => {
    expect(deriveTitle('Soldiers of the Legion talk', 'text', 'sample-interview.txt')).toBe('Sample interview');
    expect(deriveTitle('x', 'text', 'my__essay--draft.txt')).toBe('My essay draft');
    expect(deriveTitle('x', 'text', 'README')).toBe('README');
  });

  it('uses the first line when the file name says nothing', () => {
    for (const name of ['untitled.txt', 'Document1.txt', 'New Text Document (2).txt', 'text.txt', '20240101.txt', 'new.txt', 'notes.txt']) {
      expect(deriveTitle('\n\n  The Raven  \nOnce upon a midnight dreary', 'text', name)).toBe('The Raven');
    }
  });

  it('shortens a long first line at a word boundary to at most 80 characters', () => {
    const line = 'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.';
    const t = deriveTitle(line, 'text');
    expect(t).toBe('It is a truth universally acknowledged, that a single man in possession of a…');
    expect(t.length).toBeLessThanOrEqual(80);
    const unbroken = deriveTitle('😀'.repeat(60), 'text');
    expect(unbroken.length).toBeLessThanOrEqual(80);
    expect(unbroken.endsWith('😀…')).toBe(true); // no half surrogate pair
  });

  it('strips control characters and gives "Untitled" when there is no text', () => {
    expect(deriveTitle('\u0007Bell\u0000 and\u0085 tab\there', 'text')).toBe('Bell and tab here');
    expect(deriveTitle('', 'text')).toBe('Untitled');
    expect(deriveTitle(' \n\t\n', 'text', 'untitled.txt')).toBe('Untitled');
    expect(deriveTitle('', 'markdown')).toBe('Untitled');
  });
});
