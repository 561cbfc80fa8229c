import { describe, expect, it } from 'vitest';
import { serializeBackup } from '../model/backup';
import { addVersions } from '../model/backup-versions';
import { sha256Hex } from '../model/hash';
import { applyReplaces } from '../model/text-edit';
import { describeRange } from '../model/selectors';
import { TextIndex } from '../model/text-index';
import { createAnnotation } from '../model/annotation';
import type { Annotation } from '../model/types';
import { LibraryStore } from '../storage/library-store';
import { LibraryState } from './library.svelte';
import { BackupRestore } from './backup-restore';
import { openReader, testEnv } from './test-reader';
import { meta } from '../storage/test-fixtures';

const ID = 'urn:uuid:44444444-4444-4444-8444-444444444444';
const V1 = 'Robin sang. Later, Robin slept under the old oak.';
const EDIT = applyReplaces(V1, [
  { start: 0, end: 11, text: 'At dawn a robin sang, and Robin sang.' },
]);

/** A library holding the document at version 1, with one annotation on the second "Robin". */
async function library(): Promise<{ store: LibraryStore; a: Annotation }> {
  const r = await openReader();
  const at = V1.lastIndexOf('Robin');
  const target = describeRange(new TextIndex(V1), at, at + 5);
  const a = {
    ...createAnnotation(testEnv(), { docId: ID, target, creator: 'Me' }),
    id: 'urn:uuid:a1',
  };
  const m = meta(ID, '2026-11-01T00:00:00Z', { title: 'Robin', contentHash: await sha256Hex(V1) });
  await r.store.addDocument(m, { id: ID, source: V1 }, { docId: ID, tags: [] }, [a]);
  return { store: r.store, a };
}

/** Saves the edit as version 2, as the edit mode does. */
async function edit(store: LibraryStore): Promise<void> {
  const contentHash = await sha256Hex(EDIT.text);
  const version = {
    docId: ID,
    n: 2,
    created: '2026-11-02T00:00:00Z',
    contentHash,
    source: EDIT.text,
    map: EDIT.map,
  };
  await store.applyChanges(ID, { text: { base: 1, version } });
}

/** The library's backup JSON, built as `Exports.exportBackup` builds it. */
async function backup(store: LibraryStore): Promise<unknown> {
  const all = (await store.exportAll()).filter((d) => d.meta.id === ID);
  const docs = all.map((d) => ({
    meta: d.meta,
    text: d.text.source,
    tags: d.tagSet?.tags ?? [],
    annotations: d.annotations,
  }));
  const json = addVersions(
    serializeBackup(docs, new Date('2026-11-03T00:00:00Z')),
    new Map(all.map((d) => [d.meta.id, d.versions ?? []])),
  );
  return JSON.parse(JSON.stringify(json));
}

async function restorer() {
  const r = await openReader();
  const env = testEnv();
  const lib = new LibraryState(r.store, r.notices, env);
  await lib.refresh();
  return { r, restore: new BackupRestore(r.store, r.doc, lib, r.notices, env) };
}

describe('BackupRestore: text versions', () => {
  it('brings an edited document back at its version, with every version and map', async () => {
    const { store } = await library();
    await edit(store);
    const json = await backup(store);
    const { r, restore } = await restorer();
    const pending = await restore.prepare('b.json', json);
    expect(r.notices.alerts).toEqual([]);
    await pending!.run();
    expect((await r.store.getDocument(ID))?.version).toBe(2);
    expect(await r.store.listVersions(ID)).toEqual(await store.listVersions(ID));
    expect((await r.store.getText(ID))?.source).toBe(EDIT.text);
  });

  it('restores a backup without versions (made before they were kept) as version 1', async () => {
    const { store } = await library();
    await edit(store);
    const json = (await backup(store)) as { documents: { versions?: unknown }[] };
    delete json.documents[0].versions;
    const { r, restore } = await restorer();
    await (await restore.prepare('b.json', json))!.run();
    expect(r.notices.alerts).toEqual([]);
    expect((await r.store.getDocument(ID))?.version).toBeUndefined();
    expect(await r.store.listVersions(ID)).toEqual([]);
    expect((await r.store.getText(ID))?.source).toBe(EDIT.text);
  });

  it('refuses a version whose text does not match its fingerprint, writing nothing', async () => {
    const { store } = await library();
    await edit(store);
    const json = (await backup(store)) as { documents: { versions: { source?: string }[] }[] };
    json.documents[0].versions[0].source = V1.replace('oak', 'elm');
    const { r, restore } = await restorer();
    expect(await restore.prepare('b.json', json)).toBeNull();
    expect(r.notices.alerts[0].message).toMatch(
      /version 1 of “Robin” does not match its recorded fingerprint/,
    );
    expect(await r.store.getDocument(ID)).toBeUndefined();
  });

  it('carries a backup made on version 1 into the library edited since, through the maps', async () => {
    const { store, a } = await library();
    const json = await backup(store);
    // The work is lost here (say, deleted), then the text is edited; the old backup comes back.
    await store.applyChanges(ID, { delete: [a.id] });
    await edit(store);
    // Restored into the same library: the document is found by its id.
    const notices = (await restorer()).r.notices;
    const lib = new LibraryState(store, notices, testEnv());
    await lib.refresh();
    const doc = (await restorer()).r.doc;
    const restore = new BackupRestore(store, doc, lib, notices, testEnv());
    const pending = await restore.prepare('old.json', json);
    await pending!.run();
    expect(notices.announcement).toMatch(
      /1 annotations added or updated \(1 made on an older version of the text, carried/,
    );
    const [back] = await store.listAnnotations(ID);
    // The second "Robin" of version 1 is the last one of version 2; a quote search could pick
    // the nearer "Robin" the edit added.
    const at = [...EDIT.text].length - [...'Robin slept under the old oak.'].length;
    expect(back.target.position).toMatchObject({ start: at, end: at + 5 });
  });
});
