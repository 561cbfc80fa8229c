import { PALETTE, type Env, type PaletteColor, type Tag } from './types';

/** The codebook a new document starts with: common moves of close reading. */
export const DEFAULT_TAGS: readonly Omit<Tag, 'id'>[] = [
  { name: 'Claim', color: 'blue', definition: 'A position the text argues for or asserts.' },
  {
    name: 'Evidence',
    color: 'green',
    definition: 'Facts, examples or testimony offered in support.',
  },
  {
    name: 'Question',
    color: 'orange',
    definition: 'Something unclear, doubtful or worth asking about.',
  },
  {
    name: 'Key term',
    color: 'purple',
    definition: 'A word or phrase that carries weight in the text.',
  },
  { name: 'Imagery', color: 'pink', definition: 'Figurative language, images, metaphors.' },
];

export const MAX_TAG_NAME = 60;

/** A new tag id, unique through `env.uuid`: `tag-<uuid>`. */
export function newTagId(env: Env): string {
  return `tag-${env.uuid()}`;
}

/** The starter tag set a new document gets (names, colours, definitions), with fresh ids. */
export function defaultTags(env: Env): Tag[] {
  return DEFAULT_TAGS.map((t) => ({ ...t, id: newTagId(env) }));
}

/** The first palette colour not yet used by a tag (cycling when all are used). */
export function nextColor(tags: readonly Tag[]): PaletteColor {
  const used = new Set(tags.map((t) => t.color));
  return (
    PALETTE.find((c) => !used.has(c) && c !== 'yellow') ?? PALETTE[tags.length % PALETTE.length]
  );
}

/** Checks a tag name typed by the reader; returns a message or null when acceptable. */
export function tagNameProblem(
  name: string,
  tags: readonly Tag[],
  ignoreId?: string,
): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'A tag needs a name.';
  if (trimmed.length > MAX_TAG_NAME)
    return `A tag name can have at most ${MAX_TAG_NAME} characters.`;
  const lower = trimmed.toLocaleLowerCase();
  if (tags.some((t) => t.id !== ignoreId && t.name.toLocaleLowerCase() === lower))
    return `There is already a tag named “${trimmed}”.`;
  return null;
}

/** Moves the tag at `from` to index `to` (number keys follow the order). */
export function moveTag(tags: readonly Tag[], from: number, to: number): Tag[] {
  const out = [...tags];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length) return out;
  const [t] = out.splice(from, 1);
  out.splice(to, 0, t);
  return out;
}
