/** See generated-book.mjs: a fixed-seed, kjv.txt-shaped text of the same size. */
export function generatedBook(): string;
