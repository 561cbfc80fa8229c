import type { Annotation, AnnotationTarget, Env, PaletteColor, Tag } from './types';

export interface NewAnnotation {
  docId: string;
  target: AnnotationTarget;
  tags?: string[];
  note?: string;
  color?: PaletteColor;
  creator: string;
}

/** A new annotation from the reader's input: a fresh `urn:uuid` id and `created` = `modified`
 * = now, both from `env`; tags and note default to none; a colour is kept only without tags
 * (a tagged annotation shows its first tag's colour). */
export function createAnnotation(env: Env, input: NewAnnotation): Annotation {
  const now = env.now().toISOString();
  return {
    id: `urn:uuid:${env.uuid()}`,
    docId: input.docId,
    target: input.target,
    tags: input.tags ?? [],
    note: input.note ?? '',
    ...(input.color && !(input.tags && input.tags.length) ? { color: input.color } : {}),
    creator: input.creator,
    created: now,
    modified: now,
  };
}

/** A copy with the change applied and `modified` bumped. */
export function editAnnotation(
  env: Env,
  a: Annotation,
  change: Partial<Pick<Annotation, 'tags' | 'note' | 'color'>>,
): Annotation {
  return { ...a, ...change, modified: env.now().toISOString() };
}

/** Characters of a long note a gist keeps at least (see `noteGist`). */
const GIST_MIN = 480;

/**
 * What of a note a highlight's look reads: a prefix of the trimmed note that gives
 * `highlightClass`, `highlightTitle` and `highlightDescription` exactly the results of the whole
 * note (its first line whole or longer than the title shows, and more of it, flattened, than
 * the description reads). A short note is its trimmed self. For drawing records, which keep a
 * few hundred characters of a long note rather than all of it.
 */
export function noteGist(note: string): string {
  const t = note.trim();
  for (let cut = GIST_MIN; ; cut *= 2) {
    if (cut >= t.length) return t;
    let g = t.slice(0, cut);
    // Never ends inside a surrogate pair.
    if (/[\uD800-\uDBFF]$/.test(g)) g = t.slice(0, cut + 1);
    g = g.trimEnd();
    const line = g.includes('\n') || g.length > 120;
    if (line && countPoints(g.replace(/\s+/g, ' ')) > DESCRIPTION_NOTE_MAX + 1) return g;
  }
}

const countPoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Classes that draw an annotation: background from its first tag (or its own colour),
 * an underline from its second tag, a marker when it has a note. */
export function highlightClass(a: Annotation, tagsById: ReadonlyMap<string, Tag>): string {
  const tags = a.tags.map((id) => tagsById.get(id)).filter((t): t is Tag => !!t);
  const classes = ['mg-hl', `mg-c-${tags[0]?.color ?? a.color ?? 'yellow'}`];
  if (tags[1]) classes.push(`mg-u-${tags[1].color}`);
  if (a.note.trim()) classes.push('mg-has-note');
  return classes.join(' ');
}

/** Tooltip text: tag names, then the first line of the note. */
export function highlightTitle(a: Annotation, tagsById: ReadonlyMap<string, Tag>): string {
  const names =
    a.tags
      .map((id) => tagsById.get(id)?.name)
      .filter(Boolean)
      .join(', ') || 'Highlight';
  const firstLine = a.note.trim().split('\n', 1)[0] ?? '';
  return firstLine
    ? `${names} — ${firstLine.length > 120 ? firstLine.slice(0, 119) + '…' : firstLine}`
    : names;
}

/** Characters of the note read out with a highlight. */
const DESCRIPTION_NOTE_MAX = 200;

/** Full description of a highlight for assistive technology (`aria-description`), so its tags
 * and note are not told by colour alone: "Annotation by Ana: Claim, Evidence. Note: …",
 * "Claim. Note: …", "Highlight by Ana", or just "Highlight". `creator` is the display name to
 * announce, when the reader should hear whose it is (the class view); the note is flattened to
 * one line and cut at 200 characters. */
export function highlightDescription(
  a: Annotation,
  tagsById: ReadonlyMap<string, Tag>,
  creator?: string,
): string {
  const names = a.tags
    .map((id) => tagsById.get(id)?.name?.trim())
    .filter(Boolean)
    .join(', ');
  const who = creator?.trim();
  const head = who
    ? names
      ? `Annotation by ${who}: ${names}`
      : `Highlight by ${who}`
    : names || 'Highlight';
  const note = a.note.replace(/\s+/g, ' ').trim();
  if (!note) return head;
  const chars = [...note];
  const shown =
    chars.length > DESCRIPTION_NOTE_MAX
      ? chars
          .slice(0, DESCRIPTION_NOTE_MAX - 1)
          .join('')
          .trimEnd() + '…'
      : note;
  return `${head}. Note: ${shown}`;
}

/** Shortens a quote for cards: whitespace collapsed, cut at a word near `max`. */
export function shortenQuote(exact: string, max = 220): string {
  const flat = exact.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  return flat.slice(0, cut > max * 0.6 ? cut : max) + '…';
}
