import { describe, it, expect } from 'vitest';
import { packetDocument, type PacketInput } from './packet';
import { planPacketUpdate } from './packet-update';
import type { Tag } from './types';
import { doc, file, info, parsed, prompt, prompts, student, tags } from './packet.fixtures';

// ---------------------------------------------------------------------------------------------
// Re-opening a packet

describe('planPacketUpdate', () => {
  /** The student's library after opening revision 1 and working on it. */
  const library = async () => {
    const d = packetDocument(await parsed(file()), new Date('2026-11-21T08:00:00Z'));
    const own: Tag = { id: 'tag-own', name: 'My idea', color: 'teal' };
    const ownUnused: Tag = { id: 'tag-own2', name: 'Later', color: 'gray' };
    const annotations = [
      ...d.prompts,
      student('1', 'avoids the word', { tags: ['tag-own', 'tag-image'] }),
      student('2', 'café', { replyTo: prompts[1].id, note: 'Because it is French.' }),
    ];
    return { meta: d.meta, tags: [...d.tags, own, ownUnused], annotations };
  };
  const revision2 = async (over: Partial<PacketInput> = {}) =>
    parsed(file({ info: { ...info, revision: 2, issued: '2026-11-27T10:00:00.000Z' }, ...over }));

  it('adds, changes and removes prompts, keeps removed prompts that have replies, never touches the student’s annotations', async () => {
    const lib = await library();
    const changed = {
      ...prompts[0],
      note: 'What is avoided, and why?',
      modified: '2026-11-27T09:00:00.000Z',
    };
    const added = prompt('4', 'never said', 'Who never says it?');
    // Revision 2 drops prompt 2 (replied to) and prompt 3 (not).
    const r = planPacketUpdate(lib, await revision2({ prompts: [changed, added] }));
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    const u = r.value;
    expect(u.put).toEqual([changed, added]);
    expect(u.delete).toEqual([prompts[2].id]);
    expect(u.packet).toEqual({
      ...info,
      revision: 2,
      issued: '2026-11-27T10:00:00.000Z',
      role: 'student',
      tagIds: ['tag-claim', 'tag-silence', 'tag-image'],
    });
    expect(u.summary).toBe(
      'Updated to revision 2: 1 new prompt, 1 prompt changed, 1 prompt removed, 1 removed prompt kept because it has replies.',
    );
    expect(u.tags).toEqual(lib.tags);
    const studentIds = lib.annotations.filter((a) => !a.prompt).map((a) => a.id);
    for (const id of studentIds) {
      expect(u.put.map((a) => a.id)).not.toContain(id);
      expect(u.delete).not.toContain(id);
    }
  });

  it('puts nothing for unchanged prompts', async () => {
    const r = planPacketUpdate(
      await library(),
      await revision2({ info: { ...info, revision: 2, instructions: 'New.', due: undefined } }),
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        kind: 'update',
        put: [],
        delete: [],
        summary: 'Updated to revision 2: new instructions, no due date any more.',
      },
    });
  });

  it('merges tags: packet tags first (by id, else by name), student tags after, removed packet tags only while used', async () => {
    const lib = await library();
    // Revision 2: Silence recoloured and defined anew, Claim renamed, Imagery removed (the
    // student used it), a new tag; "my idea" is now also a packet tag (matched by name).
    const next: Tag[] = [
      { id: 'tag-new', name: 'Irony', color: 'orange' },
      { id: 'tag-silence', name: 'Silence', color: 'gray', definition: 'Unsaid.' },
      {
        id: 'tag-claim',
        name: 'Assertion',
        color: 'blue',
        definition: 'A position the text argues for.',
      },
      { id: 'tag-teacher-idea', name: 'MY IDEA', color: 'yellow', definition: 'From the teacher' },
    ];
    const p = await revision2({
      tags: next,
      prompts: [
        { ...prompts[0], tags: ['tag-teacher-idea', 'tag-silence'] },
        prompts[1],
        prompts[2],
      ],
    });
    const r = planPacketUpdate(lib, p);
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    expect(r.value.tags).toEqual([
      { id: 'tag-new', name: 'Irony', color: 'orange' },
      { id: 'tag-silence', name: 'Silence', color: 'gray', definition: 'Unsaid.' },
      {
        id: 'tag-claim',
        name: 'Assertion',
        color: 'blue',
        definition: 'A position the text argues for.',
      },
      { id: 'tag-own', name: 'MY IDEA', color: 'yellow', definition: 'From the teacher' },
      // Removed from the packet but used by the student; then the student's own, used or not.
      { id: 'tag-image', name: 'Imagery', color: 'pink' },
      { id: 'tag-own2', name: 'Later', color: 'gray' },
    ]);
    // Prompt 1 uses the library's id for the name-matched tag. Prompt 3 changed too: the file
    // names only the tags of its tag set, so it lost Imagery.
    expect(r.value.put.find((a) => a.id === prompts[0].id)?.tags).toEqual([
      'tag-own',
      'tag-silence',
    ]);
    expect(r.value.put.find((a) => a.id === prompts[2].id)?.tags).toEqual(['tag-claim']);
    expect(r.value.packet.tagIds).toEqual(['tag-new', 'tag-silence', 'tag-claim', 'tag-own']);
    expect(r.value.summary).toBe(
      'Updated to revision 2: 2 prompts changed, 1 tag added, 3 tags changed.',
    );
  });

  it('drops a removed packet tag nobody uses and renames a student tag whose name the packet now takes', async () => {
    const lib = await library();
    lib.tags.push({ id: 'tag-q', name: 'Question', color: 'orange' });
    lib.annotations.push(student('3', 'The end', { tags: ['tag-q'] }));
    // Only the deleted prompt 3 used Imagery.
    lib.annotations = lib.annotations.map((a) =>
      a.tags.includes('tag-image') && !a.prompt ? { ...a, tags: ['tag-own'] } : a,
    );
    const next: Tag[] = [{ id: 'tag-claim', name: 'question', color: 'blue' }, tags[1]];
    const r = planPacketUpdate(lib, await revision2({ tags: next, prompts: [prompts[0]] }));
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    expect(r.value.delete).toEqual([prompts[2].id]);
    // Claim (id match) is renamed by the packet; the student's own “Question” must not clash.
    expect(r.value.tags.map((t) => `${t.id}:${t.name}`)).toEqual([
      'tag-claim:question',
      'tag-silence:Silence',
      'tag-own:My idea',
      'tag-own2:Later',
      'tag-q:Question (2)',
    ]);
    expect(r.value.summary).toBe(
      'Updated to revision 2: 1 prompt removed, 1 removed prompt kept because it has replies, 1 tag changed, 1 tag removed.',
    );
  });

  it('is current for the same or an older revision, and for the teacher’s own document', async () => {
    const lib = await library();
    expect(planPacketUpdate(lib, await parsed(file()))).toEqual({
      ok: true,
      value: {
        kind: 'current',
        summary: 'You already have revision 1 of this packet; nothing was changed.',
      },
    });
    const newer = { ...lib, meta: { ...lib.meta, packet: { ...lib.meta.packet!, revision: 3 } } };
    expect(planPacketUpdate(newer, await revision2())).toEqual({
      ok: true,
      value: {
        kind: 'current',
        summary:
          'You already have revision 3 of this packet (this file is the older revision 2); nothing was changed.',
      },
    });
    const teacher = {
      ...lib,
      meta: { ...lib.meta, packet: { ...info, role: 'teacher' as const } },
    };
    expect(planPacketUpdate(teacher, await revision2())).toEqual({
      ok: true,
      value: {
        kind: 'current',
        summary: `“${doc.title}” is the source document of this reading packet (you made it); nothing was changed.`,
      },
    });
  });

  it('refuses a packet for a different text or a different packet for the same document', async () => {
    const lib = await library();
    const otherText = { ...lib, meta: { ...lib.meta, contentHash: 'c'.repeat(64) } };
    expect(planPacketUpdate(otherText, await revision2())).toEqual({
      ok: false,
      error: `this is a packet for a different text than “${doc.title}” in your library; nothing was changed.`,
    });
    const otherPacket = await revision2({
      info: { ...info, id: 'urn:uuid:88888888-8888-4888-8888-888888888888', revision: 5 },
    });
    expect(planPacketUpdate(lib, otherPacket)).toEqual({
      ok: false,
      error: `this is a different reading packet for “${doc.title}” than the one you opened before (from Ms Teacher); nothing was changed.`,
    });
  });

  it('adds the packet to the same document already in the library without a packet record', async () => {
    const lib = await library();
    const { packet: _p, ...meta } = lib.meta;
    const plain = { meta, tags: [], annotations: lib.annotations.filter((a) => !a.prompt) };
    const r = planPacketUpdate(plain, await parsed(file()));
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    expect(r.value.put).toEqual(prompts);
    expect(r.value.tags.map((t) => t.id)).toEqual(['tag-claim', 'tag-silence', 'tag-image']);
    expect(r.value.summary).toBe(
      `Opened revision 1 of the reading packet on “${doc.title}”: 3 new prompts, 3 tags added.`,
    );
  });
});
