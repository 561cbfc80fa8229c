/**
 * Shared by the LiveClass server tests: one side of a live class (teacher or student) with its
 * own IndexedDB (fake-indexeddb) and OpenDocument wired as AppState wires it, talking through
 * real providers over `ws`.
 */
import WebSocket from 'ws';
import { LibraryStore } from '../src/lib/storage/library-store';
import { freshName, meta } from '../src/lib/storage/test-fixtures';
import { OpenDocument } from '../src/lib/state/document.svelte';
import { Notices } from '../src/lib/state/notices.svelte';
import { LiveClass } from '../src/lib/state/live-class.svelte';
import { LiveRoom } from '../src/lib/sync/live-room';
import type { AnnotationBatch } from '../src/lib/sync/mirror';
import type { OpenRoom } from '../src/lib/state/live-rooms';
import { describeRange } from '../src/lib/model/selectors';
import { TextIndex } from '../src/lib/model/text-index';
import { createAnnotation } from '../src/lib/model/annotation';
import type { Annotation } from '../src/lib/model/types';

export const TEXT = 'Whose woods these are I think I know. His house is in the village though.';
export const DOC = 'urn:uuid:11111111-2222-4333-8444-555555555555';
let n = 0;
const env = { now: () => new Date(), uuid: () => crypto.randomUUID() };

export function on(quote: string, creator: string): Annotation {
  const start = TEXT.indexOf(quote);
  const target = describeRange(new TextIndex(TEXT), start, start + quote.length);
  return { ...createAnnotation(env, { docId: DOC, target, creator }), note: `n${++n}` };
}

export type Side = Awaited<ReturnType<typeof side>>;

/**
 * One side: its library with the document (holding `annotations`, such as a packet's prompts),
 * and a LiveClass wired to the change path. Given the `store` of an earlier side, it is that
 * browser after a reload (same IndexedDB, fresh state). Every LiveClass made is pushed to
 * `lives` (the test closes them). `sentTo(room suffix)` lists the batches pushed to rooms whose
 * name ends so.
 */
export async function side(
  name: string,
  lives: LiveClass[],
  store?: LibraryStore,
  annotations: Annotation[] = [],
) {
  if (!store) {
    store = await LibraryStore.open({ name: freshName() });
    await store.addDocument(
      meta(DOC, undefined, { size: TEXT.length, title: 'Stopping by Woods' }),
      { id: DOC, source: TEXT },
      { docId: DOC, tags: [] },
      annotations,
    );
  }
  const notices = new Notices();
  const hooks: { live?: LiveClass } = {};
  const doc = new OpenDocument(store, {
    localCommitted: (id, change) => hooks.live?.localCommitted(id, change),
  });
  const events = new EventTarget();
  const sent = new Map<string, AnnotationBatch[]>();
  const openRoom: OpenRoom = async (opts) => {
    const room = new LiveRoom({ ...opts, WebSocketPolyfill: WebSocket });
    const push = room.push.bind(room);
    room.push = (b) => (sent.set(opts.room, [...(sent.get(opts.room) ?? []), b]), push(b));
    return room;
  };
  const sentTo = (part: string) =>
    [...sent].filter(([room]) => room.endsWith(part)).flatMap(([, list]) => list);
  const live = new LiveClass({
    store,
    doc,
    notices,
    setName: async () => {},
    appUrl: 'http://app.test/',
    fetch: (...a) => fetch(...a),
    openRoom,
    pollMs: 50,
    events: events as unknown as Window,
  });
  hooks.live = live;
  lives.push(live);
  if (!(await doc.open(DOC))) throw new Error(`${name}: the document did not open`);
  await live.opened();
  return { name, store, doc, live, notices, events, sentTo };
}

export const notes = (d: OpenDocument) => d.annotations.map((a) => a.note).sort();
