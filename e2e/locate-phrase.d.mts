/** See locate-phrase.mjs: the viewport box of `phrase` in the sections in view, or null. */
export function locatePhrase(phrase: string): { x1: number; x2: number; y: number } | null;
