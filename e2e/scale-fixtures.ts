/** Generated fixtures of the scale tests (fixed seeds): a book-shaped text and a class's worth
 * of W3C annotations on it. */

/** A fixed-seed book shaped like the King James Bible: numbered verses hard-wrapped at 78
 * columns under "Book N" headings, with the two phrases the test selects. */
export function bookText(chapters: number, first: string, last: string): string {
  let s = 7;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 4294967296;
  const words =
    'and the of that he unto shall said lord his they in him them not is be for with all thou which was my their thy me upon have were from by ye this land son men people king house day'.split(
      ' ',
    );
  const out: string[] = [];
  for (let c = 1; c <= chapters; c++) {
    out.push(`Book ${c}`, '');
    for (let v = 1; v <= 26; v++) {
      let verse = `  ${v} And`;
      if (c === 1 && v === 3) verse += ` God said, ${first}: and there was light`;
      if (c === chapters && v === 20) verse += ` ${last}`;
      const n = 15 + Math.floor(rnd() * 30);
      for (let w = 0; w < n; w++) verse += ' ' + words[Math.floor(rnd() * words.length)];
      verse += '.';
      let line = '';
      for (const word of verse.split(' ')) {
        if (line.length + word.length + 1 > 78 && line.trim()) {
          out.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word === '' ? ' ' : word;
      }
      out.push(line);
    }
    out.push('');
  }
  return out.join('\n');
}

/** W3C annotations spread over the text: a word to a few paragraphs long, a fifth overlapping
 * another, 5 tags, a third with notes (the benchmark's A10k, scaled down). */
export function classAnnotations(text: string, count: number): unknown[] {
  let s = 11;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 4294967296;
  const tags = ['Claim', 'Evidence', 'Question', 'Theme', 'Style'];
  const ranges: [number, number][] = [];
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const prev = ranges.length && rnd() < 0.2 ? ranges[Math.floor(rnd() * ranges.length)] : null;
    let start = prev
      ? prev[0] + Math.floor((prev[1] - prev[0]) / 2)
      : Math.floor(rnd() * (text.length - 5000));
    while (start > 0 && !/\s/.test(text[start - 1])) start--;
    const kind = rnd();
    const len =
      kind < 0.6
        ? 4 + Math.floor(rnd() * 60)
        : kind < 0.9
          ? 60 + Math.floor(rnd() * 400)
          : 400 + Math.floor(rnd() * 4000);
    let end = Math.min(text.length, start + len);
    while (end < text.length && !/\s/.test(text[end])) end++;
    if (!text.slice(start, end).trim()) continue;
    ranges.push([start, end]);
    const body: unknown[] = [];
    if (rnd() < 0.8)
      body.push({ type: 'TextualBody', purpose: 'tagging', value: tags[i % tags.length] });
    if (rnd() < 1 / 3)
      body.push({ type: 'TextualBody', purpose: 'commenting', value: `Note ${i}: why here?` });
    const created = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    items.push({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: 'Annotation',
      created,
      modified: created,
      creator: { type: 'Person', name: 'Class' },
      ...(body.length ? { body } : {}),
      target: {
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: text.slice(start, end),
            prefix: text.slice(Math.max(0, start - 32), start),
            suffix: text.slice(end, end + 32),
          },
          { type: 'TextPositionSelector', start, end },
        ],
      },
    });
  }
  return items;
}
