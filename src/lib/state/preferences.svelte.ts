import type { LibraryStore } from '../storage/library-store';

export type Theme = 'system' | 'light' | 'dark';
export interface Prefs {
  theme: Theme;
  /** Reading text size in pixels. */
  fontSize: number;
  /** Line length in rem. */
  measure: number;
  font: 'serif' | 'sans';
}

const KEY = 'preferences';
export const DEFAULT_PREFS: Prefs = { theme: 'system', fontSize: 18, measure: 38, font: 'serif' };
const clamp = (v: unknown, lo: number, hi: number, d: number) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : d;

/** Reading comfort settings, remembered in storage and applied to the document root. */
export class Preferences {
  value = $state<Prefs>({ ...DEFAULT_PREFS });

  constructor(private store: LibraryStore) {}

  async load(): Promise<void> {
    const saved = (await this.store.getSetting<Partial<Prefs>>(KEY)) ?? {};
    this.value = {
      theme: saved.theme === 'light' || saved.theme === 'dark' ? saved.theme : 'system',
      fontSize: clamp(saved.fontSize, 12, 32, DEFAULT_PREFS.fontSize),
      measure: clamp(saved.measure, 24, 60, DEFAULT_PREFS.measure),
      font: saved.font === 'sans' ? 'sans' : 'serif',
    };
    this.apply();
  }

  async set(change: Partial<Prefs>): Promise<void> {
    this.value = { ...this.value, ...change };
    this.apply();
    await this.store.setSetting(KEY, $state.snapshot(this.value));
  }

  apply(root: HTMLElement = document.documentElement): void {
    const v = this.value;
    if (v.theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', v.theme);
    root.style.setProperty('--reader-size', `${v.fontSize}px`);
    root.style.setProperty('--measure', `${v.measure}rem`);
    root.style.setProperty(
      '--reader-font',
      v.font === 'sans'
        ? 'var(--ui-font)'
        : "Georgia, 'Iowan Old Style', 'Palatino Linotype', serif",
    );
  }
}
