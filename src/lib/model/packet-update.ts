/**
 * Re-opening a reading packet on a document already in the library (see packet.ts): decided
 * without writing; it only ever puts or deletes prompts, never the student's own annotations.
 */
import type { Annotation, DocumentMeta, EditMap, PacketInfo, Result, Tag } from './types';
import type { ParsedPacket } from './packet';
import { fail, ok } from './result';
import { shown } from './import-validate';
import type { EditCounts } from './text-edit';
import { carryToPacketText, mapFromHistory } from './packet-text';
import { canWriteSource, versionText } from './edit-source';
import { sourceKind } from './blocks';

/** What re-opening a packet does to a library that already has the document (same id). */
export type PacketUpdate =
  | {
      kind: 'update';
      tags: Tag[];
      put: Annotation[];
      delete: string[];
      packet: PacketInfo;
      /** The packet's corrected text, when the student's copy holds an earlier one: the new
       * version to store (`map` from the copy's text), the student's annotations carried in
       * `put`, and what the edit did to them. */
      text?: { source: string; contentHash: string; map: EditMap; counts: EditCounts };
      summary: string;
    }
  | { kind: 'current'; summary: string };

export interface PacketExisting {
  meta: DocumentMeta;
  tags: readonly Tag[];
  annotations: readonly Annotation[];
  /** The copy's current source: needed only to carry it to a packet's corrected text. */
  text?: string;
}

/**
 * Plans re-opening a packet on the document already in the library. Refuses (nothing changes)
 * a packet for another text or another packet on the same document. The teacher's own source
 * document and a same-or-older revision are 'current'. Otherwise:
 *  - Tags: the packet's tags, matched to the library's by id, else by name ignoring case, come
 *    first in the packet's order with the packet's name, colour and definition; a matched tag
 *    keeps the library's id, so every annotation that uses it still does. The library's other
 *    tags follow in their order: the student's own always, a tag of the previous revision
 *    (PacketInfo.tagIds) that the packet no longer has only while an annotation that
 *    stays uses it. A kept tag whose name a packet tag now has is renamed “name (2)”, so names
 *    stay unique.
 *  - Prompts: new and changed ones (by id; changed = any field differs) are put; prompts the
 *    packet no longer has are deleted unless an annotation replies to them.
 *  - Non-prompt annotations are never put or deleted.
 */
export function planPacketUpdate(
  existing: PacketExisting,
  incoming: ParsedPacket,
): Result<PacketUpdate> {
  const { meta } = existing;
  const title = shown(meta.title);
  const had = meta.packet;
  if (meta.id !== incoming.document.id)
    return fail(`this packet is for another document than “${title}”; nothing was changed.`);
  // A corrected text: the packet names the copy's text among the earlier ones (a format whose
  // edits are saved, the same on both sides), so the copy can be carried to it.
  const textMap =
    meta.contentHash !== incoming.document.contentHash &&
    meta.format === incoming.document.format &&
    canWriteSource(sourceKind(meta.format))
      ? mapFromHistory(incoming.history, meta.contentHash)
      : null;
  if (had && had.id !== incoming.info.id) {
    return fail(
      `this is a different reading packet for “${title}” than the one you opened before (${had.role === 'teacher' ? 'you made another packet from it' : `from ${had.author || 'another teacher'}`}); nothing was changed.`,
    );
  }
  if (had?.role === 'teacher')
    return ok({
      kind: 'current',
      summary: `“${title}” is the source document of this reading packet (you made it); nothing was changed.`,
    });
  if (had && incoming.info.revision <= had.revision) {
    const older =
      incoming.info.revision < had.revision
        ? ` (this file is the older revision ${incoming.info.revision})`
        : '';
    return ok({
      kind: 'current',
      summary: `You already have revision ${had.revision} of this packet${older}; nothing was changed.`,
    });
  }

  // Checked after the revision: an older revision of a corrected packet is simply 'current'.
  if (meta.contentHash !== incoming.document.contentHash && !textMap)
    return fail(
      `this is a packet for a different text than “${title}” in your library; nothing was changed.`,
    );

  let text: Extract<PacketUpdate, { kind: 'update' }>['text'];
  const put: Annotation[] = [];
  if (textMap) {
    if (existing.text === undefined) return fail('the text of your copy is missing.');
    // The maps count in plain text: a block document's laid-out text.
    const oldText = versionText(existing.text, meta.format);
    const newText = versionText(incoming.text, meta.format);
    if (!oldText.ok || !newText.ok)
      return fail(
        `the text cannot be read (${oldText.ok ? '' : oldText.error}${newText.ok ? '' : newText.error}).`,
      );
    const carried = carryToPacketText(
      oldText.value,
      newText.value,
      textMap,
      existing.annotations,
      (meta.version ?? 1) + 1,
    );
    if (typeof carried === 'string') return fail(carried);
    put.push(...carried.put);
    const contentHash = incoming.document.contentHash;
    text = { source: incoming.text, contentHash, map: carried.map, counts: carried.counts };
  }

  // Prompts: put new and changed ones (tags as library ids), delete the removed unless replied to.
  const merge = mergeTags(existing.tags, incoming.tags);
  const before = new Map(existing.annotations.map((a) => [a.id, a]));
  let fresh = 0;
  let changed = 0;
  let clashes = 0;
  for (const p of incoming.prompts) {
    const next: Annotation = {
      ...p,
      docId: meta.id,
      tags: p.tags.map((id) => merge.idMap.get(id) ?? id),
      prompt: true,
    };
    const old = before.get(p.id);
    if (old && !old.prompt) {
      clashes++; // never overwrite the student's own annotation (an id clash no real file has)
      continue;
    }
    if (old && sameAnnotation(old, next)) continue;
    put.push(next);
    if (old) changed++;
    else fresh++;
  }
  const incomingIds = new Set(incoming.prompts.map((a) => a.id));
  const repliedTo = new Set(
    existing.annotations.map((a) => a.replyTo).filter((id): id is string => !!id),
  );
  const removed = existing.annotations.filter((a) => a.prompt && !incomingIds.has(a.id));
  const del = removed.filter((a) => !repliedTo.has(a.id)).map((a) => a.id);
  const keptReplied = removed.length - del.length;

  // Tags: the packet's first, then the library's other tags that an annotation still uses.
  const gone = new Set([...del, ...put.map((a) => a.id)]);
  const used = new Set(
    [...existing.annotations.filter((a) => !gone.has(a.id)), ...put].flatMap((a) => a.tags),
  );
  const previous = (had as PacketInfo | undefined)?.tagIds;
  const fromPacket = new Set(Array.isArray(previous) ? previous : []);
  const kept = merge.others.filter((t) => used.has(t.id) || !fromPacket.has(t.id));
  const tags = [...merge.packet, ...renameClashes(kept, merge.packet)];
  const dropped = merge.others.length - kept.length;

  const packet: PacketInfo = {
    ...incoming.info,
    role: 'student',
    tagIds: merge.packet.map((t) => t.id),
  };
  const flagged = text ? text.counts.changed + text.counts.adjusted + text.counts.lost : 0;
  const parts = [
    text
      ? `the text was corrected${flagged ? ` (${count(flagged, 'of your annotations', 'of your annotations')} to review)` : ''}`
      : '',
    count(fresh, 'new prompt'),
    count(changed, 'prompt changed', 'prompts changed'),
    count(del.length, 'prompt removed', 'prompts removed'),
    keptReplied
      ? `${count(keptReplied, 'removed prompt')} kept because ${keptReplied === 1 ? 'it has replies' : 'they have replies'}`
      : '',
    count(merge.added, 'tag added', 'tags added'),
    count(merge.changed, 'tag changed', 'tags changed'),
    count(dropped, 'tag removed', 'tags removed'),
    clashes
      ? `${count(clashes, 'prompt')} not added because ${clashes === 1 ? 'its id is' : 'their ids are'} used by your own annotations`
      : '',
    had && had.instructions !== packet.instructions ? 'new instructions' : '',
    had && had.due !== packet.due
      ? packet.due
        ? `due date now ${packet.due}`
        : 'no due date any more'
      : '',
  ].filter(Boolean);
  const what = parts.length ? parts.join(', ') : 'no changes to prompts or tags';
  const summary = had
    ? `Updated to revision ${packet.revision}: ${what}.`
    : `Opened revision ${packet.revision} of the reading packet on “${title}”: ${what}.`;
  return ok({ kind: 'update', tags, put, delete: del, packet, ...(text ? { text } : {}), summary });
}

const count = (n: number, one: string, many = `${one}s`) =>
  n ? `${n} ${n === 1 ? one : many}` : '';

/** Packet tags merged onto the library's: `packet` in the packet's order with the library id
 * of each matched tag; `others` the library's unmatched tags in their order; `idMap` packet id →
 * library id. */
function mergeTags(mine: readonly Tag[], theirs: readonly Tag[]) {
  const byId = new Map(mine.map((t) => [t.id, t]));
  const taken = new Set<string>();
  const match = new Map<Tag, Tag>();
  for (const t of theirs) {
    const m = byId.get(t.id);
    if (m && !taken.has(m.id)) {
      match.set(t, m);
      taken.add(m.id);
    }
  }
  for (const t of theirs) {
    if (match.has(t)) continue;
    const name = t.name.toLocaleLowerCase();
    const m = mine.find((x) => !taken.has(x.id) && x.name.toLocaleLowerCase() === name);
    if (m) {
      match.set(t, m);
      taken.add(m.id);
    }
  }
  const idMap = new Map<string, string>();
  let added = 0;
  let changed = 0;
  const packet: Tag[] = theirs.map((t) => {
    const m = match.get(t);
    // A new packet tag keeps the packet's id: no library tag has it, or it would have matched.
    const id = m?.id ?? t.id;
    idMap.set(t.id, id);
    const tag: Tag = {
      id,
      name: t.name,
      color: t.color,
      ...(t.definition ? { definition: t.definition } : {}),
    };
    if (!m) added++;
    else if (
      m.name !== tag.name ||
      m.color !== tag.color ||
      (m.definition ?? '') !== (tag.definition ?? '')
    )
      changed++;
    return tag;
  });
  return { packet, others: mine.filter((t) => !taken.has(t.id)), idMap, added, changed };
}

/** The student's tags with any name a packet tag has (ignoring case) made unique: “name (2)”. */
function renameClashes(others: Tag[], packet: readonly Tag[]): Tag[] {
  const names = new Set([...packet, ...others].map((t) => t.name.toLocaleLowerCase()));
  const packetNames = new Set(packet.map((t) => t.name.toLocaleLowerCase()));
  return others.map((t) => {
    if (!packetNames.has(t.name.toLocaleLowerCase())) return t;
    let k = 2;
    while (names.has(`${t.name} (${k})`.toLocaleLowerCase())) k++;
    const name = `${t.name} (${k})`;
    names.add(name.toLocaleLowerCase());
    return { ...t, name };
  });
}

/** Every field of an annotation, in a fixed order, for "changed = any field differs". */
function sameAnnotation(a: Annotation, b: Annotation): boolean {
  const key = (x: Annotation) =>
    JSON.stringify([
      x.id,
      x.docId,
      x.target.quote.exact,
      x.target.quote.prefix,
      x.target.quote.suffix,
      x.target.position.start,
      x.target.position.end,
      x.tags,
      x.note,
      x.color ?? null,
      x.creator,
      x.created,
      x.modified,
      x.replyTo ?? null,
      !!x.prompt,
    ]);
  return key(a) === key(b);
}
