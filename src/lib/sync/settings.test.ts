import { describe, expect, it } from 'vitest';
import { classSettings, PRIVATE, readClassSettings, sharedNow } from './settings';

const ada = { id: '11111111-2222-4333-8444-555555555555', name: 'Ada' };
const bo = { id: '21111111-2222-4333-8444-555555555555', name: 'Bo' };

describe('class settings in the teacher room', () => {
  it('the teacher publishes the roster only while students may see each other’s work', () => {
    expect(classSettings('private', false, [ada]).classmates).toEqual([]);
    expect(classSettings('after-end', false, [ada]).classmates).toEqual([]);
    expect(classSettings('after-end', true, [ada]).classmates).toEqual([ada]);
    expect(classSettings('live', false, [ada, bo]).classmates).toEqual([ada, bo]);
    expect(sharedNow({ sharing: 'live', ended: true })).toBe(true);
    expect(sharedNow({ sharing: 'private', ended: true })).toBe(false);
  });

  it('reads what it receives defensively: anything malformed is private, bad entries are dropped', () => {
    expect(readClassSettings(classSettings('live', false, [ada]))).toEqual({
      sharing: 'live',
      ended: false,
      classmates: [ada],
    });
    for (const v of [undefined, null, 'live', [], { sharing: 'everyone' }, { ended: true }])
      expect(readClassSettings(v)).toEqual(PRIVATE);
    expect(
      readClassSettings({
        sharing: 'live',
        ended: 'yes',
        classmates: [
          ada,
          { id: '../x', name: 'Eve' },
          { id: bo.id },
          null,
          { ...bo, name: 'B'.repeat(500) },
        ],
      }),
    ).toEqual({
      sharing: 'live',
      ended: false,
      classmates: [ada, { ...bo, name: 'B'.repeat(80) }],
    });
    // A roster sent while nothing is shared is ignored.
    expect(readClassSettings({ sharing: 'private', classmates: [ada] }).classmates).toEqual([]);
    expect(readClassSettings({ sharing: 'after-end', classmates: [ada] }).classmates).toEqual([]);
  });
});
