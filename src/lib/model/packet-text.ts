/**
 * A packet revision whose text the teacher corrected (issue 16, item 5). The teacher's packet
 * carries the earlier texts' fingerprints and the edit maps between them (`packetHistory`); a
 * student whose copy holds one of those texts gets the new text, and their own annotations are
 * carried to it through the maps (never by quote search), flagged for review where the edit
 * touched them, exactly as a text edit made in their own library would.
 */
import type { Annotation, EditMap, TextVersion } from './types';
import type { PacketHistoryEntry } from './packet-read';
import { TextIndex, cpLength } from './text-index';
import { anchor } from './anchor';
import { carryAnnotations, mapProblem, type EditCounts, type PlacedItem } from './text-edit';

/**
 * The history a packet made from a document with these stored versions (oldest first) carries:
 * each earlier version's SHA-256 with the map to the version after it. Empty for a text never
 * edited, or when a map is missing (a student is then refused as for another text, never
 * carried wrongly).
 */
export function packetHistory(versions: readonly TextVersion[]): PacketHistoryEntry[] {
  const out: PacketHistoryEntry[] = [];
  for (let i = 0; i + 1 < versions.length; i++) {
    const map = versions[i + 1].map;
    if (!map) return [];
    out.push({ contentHash: versions[i].contentHash, map });
  }
  return out;
}

/** The student's copy carried to a corrected packet text. */
export interface PacketTextCarry {
  /** The map from the student's text to the packet's. */
  map: EditMap;
  /** The student's annotations whose selectors moved or that the edit touched (flagged). */
  put: Annotation[];
  counts: EditCounts;
}

/** The map from the text with SHA-256 `hash` to the packet's text, or null when the packet's
 * history does not hold that text (the last entry holding it: the shortest way). */
export function mapFromHistory(
  history: readonly PacketHistoryEntry[],
  hash: string,
): EditMap | null {
  for (let k = history.length - 1; k >= 0; k--)
    if (history[k].contentHash === hash) return history.slice(k).flatMap((h) => h.map);
  return null;
}

/**
 * Carries the student's own annotations (prompts are the packet's, left to the caller) from
 * `oldText` to `newText` through `map`, as version `version` of their copy: each is placed on
 * the old text as the reader placed it (its stored position when that still holds its quote,
 * else by quote), then traced. An annotation already lost, or that cannot be placed on the old
 * text, is left as it is (it stays under Unplaced). A message when the map does not lead from
 * the old text to the new one (a damaged packet: nothing is changed).
 */
export function carryToPacketText(
  oldText: string,
  newText: string,
  map: EditMap,
  annotations: readonly Annotation[],
  version: number,
): PacketTextCarry | string {
  const problem = mapProblem(map, cpLength(oldText), cpLength(newText));
  if (problem)
    return `the packet’s text history ${problem.replace('the previous version', 'your copy’s text').replace('this one', 'the packet’s text')}; the file is damaged.`;
  const oldIndex = new TextIndex(oldText);
  const placed: PlacedItem[] = [];
  for (const a of annotations) {
    if (a.prompt || a.edit?.outcome === 'lost') continue;
    const at = anchor(oldIndex, a.target);
    if (at.status !== 'orphan') placed.push({ a, start: at.start, end: at.end });
  }
  return { map, ...carryAnnotations(new TextIndex(newText), map, placed, version) };
}
