import { describe, it, expect } from 'vitest';
import { anonymiser } from './class-analysis';
import { readers } from './class-analysis.checks';

describe('anonymiser', () => {
  it('off: names unchanged', () => {
    const name = anonymiser(readers, false);
    expect(['Ana', 'Zed'].map(name)).toEqual(['Ana', 'Zed']);
  });

  it('on: numbered in the order given, duplicates share a number, strangers are "Student ?"', () => {
    const name = anonymiser(['Cy', 'Ana', 'Cy', 'Ben'], true);
    expect(['Ana', 'Ben', 'Cy', 'Zed', 'Ana'].map(name)).toEqual([
      'Student 2',
      'Student 3',
      'Student 1',
      'Student ?',
      'Student 2',
    ]);
    // Stable: asking in another order or again gives the same names.
    expect(name('Ben')).toBe('Student 3');
  });
});
