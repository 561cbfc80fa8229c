import { describe, it, expect } from 'vitest';
import { Layers } from './layers.svelte';
import type { Annotation } from '../model/types';

const a = (creator: string, prompt = false) =>
  ({ creator, ...(prompt ? { prompt: true } : {}) }) as Annotation;
const all = [a('Teacher', true), a('Ana'), a('Ben'), a('Me')];
const creators = ['Ana', 'Ben', 'Me', 'Teacher'];

describe('Layers', () => {
  it('everyone, only me, only prompts', () => {
    const l = new Layers(() => 'Me');
    expect(all.map((x) => l.shown(x))).toEqual([true, true, true, true]);
    l.setMode('mine');
    expect(all.map((x) => l.shown(x))).toEqual([false, false, false, true]);
    l.setMode('prompts');
    expect(all.map((x) => l.shown(x))).toEqual([true, false, false, false]);
    expect(l.filtering).toBe(true);
    l.setMode('everyone');
    expect(l.filtering).toBe(false);
  });

  it('toggling one reader from "only me" starts from what was shown', () => {
    const l = new Layers(() => 'Me');
    l.setMode('mine');
    l.setVisible('Ana', true, creators, all);
    expect(l.mode).toBe('everyone');
    expect(creators.filter((c) => l.visible(c, () => all))).toEqual(['Ana', 'Me']);
    l.setVisible('Me', false, creators, all);
    expect(all.filter((x) => l.shown(x)).map((x) => x.creator)).toEqual(['Ana']);
    l.reset();
    expect(creators.every((c) => l.visible(c, () => all))).toBe(true);
  });
});
