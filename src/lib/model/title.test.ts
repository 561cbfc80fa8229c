import { describe, expect, it } from 'vitest';
import { deriveTitle } from './title';

describe('deriveTitle: Markdown', () => {
  it('takes the first heading, ATX or setext, without its markup', () => {
    expect(deriveTitle('intro\n\n## The *Real* `Title` ##\n\n# Later', 'markdown', 'x.md')).toBe(
      'The Real Title',
    );
    expect(deriveTitle('Chapter One\n===========\n\n# Later', 'markdown')).toBe('Chapter One');
    expect(deriveTitle('# [Linked](http://x) **bold** snake_case', 'markdown')).toBe(
      'Linked bold snake_case',
    );
    expect(deriveTitle('# C#', 'markdown')).toBe('C#');
  });

  it('ignores "headings" inside fenced code', () => {
    expect(deriveTitle('```sh\n# install it\n```\n\n# Real', 'markdown')).toBe('Real');
  });

  it('falls back to the file name, then to the first line without markup', () => {
    expect(deriveTitle('no heading here', 'markdown', 'field_notes-2024.md')).toBe(
      'Field notes 2024',
    );
    expect(deriveTitle('---\n\n> **Quoted** start\nmore', 'markdown', 'untitled.md')).toBe(
      'Quoted start',
    );
    expect(deriveTitle('- item one', 'markdown')).toBe('item one');
  });
});

describe('deriveTitle: plain text', () => {
  it('makes the file name readable', () => {
    expect(deriveTitle('Soldiers of the Legion talk', 'text', 'sample-interview.txt')).toBe(
      'Sample interview',
    );
    expect(deriveTitle('x', 'text', 'my__essay--draft.txt')).toBe('My essay draft');
    expect(deriveTitle('x', 'text', 'README')).toBe('README');
  });

  it('uses the first line when the file name says nothing', () => {
    for (const name of [
      'untitled.txt',
      'Document1.txt',
      'New Text Document (2).txt',
      'text.txt',
      '20240101.txt',
      'new.txt',
      'notes.txt',
    ]) {
      expect(deriveTitle('\n\n  The Raven  \nOnce upon a midnight dreary', 'text', name)).toBe(
        'The Raven',
      );
    }
  });

  it('shortens a long first line at a word boundary to at most 80 characters', () => {
    const line =
      'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.';
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

describe('deriveTitle: brief checks', () => {
  it('a Markdown document’s first heading wins over its file name and first line', () => {
    expect(
      deriveTitle(
        'Some intro line\n\n# The Heading\n\n## Later',
        'markdown',
        'sample-interview.md',
      ),
    ).toBe('The Heading');
  });

  it('prettifies a telling file name: extension dropped, dashes as spaces, first letter capitalised', () => {
    expect(deriveTitle('Interviewer: Hello.', 'text', 'sample-interview.txt')).toBe(
      'Sample interview',
    );
    expect(deriveTitle('x', 'text', 'moby_dick.txt')).toBe('Moby dick');
  });

  it('a generic file name falls back to the first non-blank line', () => {
    expect(
      deriveTitle('\n   \nMoby-Dick; or, The Whale\nby Herman Melville', 'text', 'Untitled.txt'),
    ).toBe('Moby-Dick; or, The Whale');
    expect(deriveTitle('First line here\nsecond', 'text', 'document (3).txt')).toBe(
      'First line here',
    );
    expect(deriveTitle('First line here', 'text')).toBe('First line here');
  });

  it('shortens a long first line with a trailing ellipsis', () => {
    const long = 'word '.repeat(40).trim();
    const t = deriveTitle(long, 'text', 'untitled.txt');
    expect(t.endsWith('…')).toBe(true);
    expect(t.length).toBeLessThanOrEqual(80);
    expect(long.startsWith(t.slice(0, -1))).toBe(true);
    expect(t.slice(0, -1)).toMatch(/word$/); // cut at a word boundary
    const short = 'A short line';
    expect(deriveTitle(short, 'text')).toBe(short); // no ellipsis when it fits
  });

  it('empty input gives "Untitled"', () => {
    expect(deriveTitle('', 'text')).toBe('Untitled');
    expect(deriveTitle('', 'text', 'untitled.txt')).toBe('Untitled');
    expect(deriveTitle('\n\n', 'markdown', 'new.md')).toBe('Untitled');
  });
});
