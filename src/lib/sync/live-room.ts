/**
 * One live-class room on the client: a Hocuspocus provider plus the annotation mirror.
 * Loaded only when a class is started or joined (import it dynamically), so the app without a
 * server never loads or connects anything of it.
 * - First sync: `reconcile` with the local annotations and deletions (`reconcile.ts`: each side
 *   gets what it lacks, the later edit wins, nothing deleted comes back) and the result goes to
 *   `onRemote`; only then are remote changes observed.
 * - `push(batch)`: a committed local batch goes to the room, 200 records per message. Until the
 *   room is synced (offline, connecting, reconnecting) batches wait in an `Outbox`, not in the
 *   Y.Doc, and go out right after each handshake the same way: the provider's handshake
 *   message then carries only what the server lacks of sends already made, never a whole
 *   offline backlog (the server refuses any message over 1 MB).
 * - `onRemote(batch)` receives validated batches only; the caller commits them through the
 *   app's single change path.
 * - Class settings (the teacher room's `settings` map, sync/settings.ts): `onSettings` hears
 *   them, validated, at the first sync and on every change; `setSettings` (the teacher) writes
 *   them only after the first sync, so a stale value kept by the server never wins over it.
 */
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { Annotation } from '../model/types';
import {
  ANNOTATIONS_KEY,
  applyLocalChunks,
  creatorOf,
  observeRemote,
  type AnnotationBatch,
  type RemoteBatch,
} from './mirror';
import { Outbox } from './outbox';
import type { RecordContext } from './record';
import { reconcile } from './reconcile';
import { isExpired } from './refusals';
import type { Tombstone } from './tombstones';
import { CLASS_KEY, readClassSettings, SETTINGS_KEY, type ClassSettings } from './settings';

export type LiveStatus = 'connecting' | 'connected' | 'disconnected' | 'refused';

export interface LiveRoomOptions {
  /** `ws://` or `wss://` address of the class server. */
  url: string;
  /** Room name (`class/<id>/reading/<id>/student/<id>` or `…/teacher`). */
  room: string;
  token: string;
  ctx: RecordContext;
  /** The annotations stored locally for this document, read at the first sync. */
  local: () => readonly Annotation[];
  /** Deletions made locally (kept across reloads), read at the first sync and on `push`. */
  tombstones?: () => ReadonlyMap<string, Tombstone>;
  /** This client only reads the room: its first sync writes nothing and hands over the room's
   * tombstones (`acceptRemote` weighs them). */
  readOnly?: boolean;
  /** Clock for tombstones of deletions pushed without a local one. */
  now?: () => Date;
  onRemote: (batch: RemoteBatch) => void;
  onStatus?: (status: LiveStatus, reason?: string) => void;
  /** The room's class settings (the teacher room's), at the first sync and on each change. */
  onSettings?: (settings: ClassSettings) => void;
  /** A WebSocket class where the platform has none (Node: `ws`). */
  WebSocketPolyfill?: unknown;
}

export class LiveRoom {
  readonly #doc = new Y.Doc();
  readonly #map = this.#doc.getMap<unknown>(ANNOTATIONS_KEY);
  readonly #settings = this.#doc.getMap<unknown>(SETTINGS_KEY);
  #synced = false;
  #pendingSettings: ClassSettings | null = null;
  readonly #provider: HocuspocusProvider;
  #unobserve: (() => void) | null = null;
  #online = true;
  readonly #outbox = new Outbox();
  readonly #opts: LiveRoomOptions;

  constructor(opts: LiveRoomOptions) {
    this.#opts = opts;
    const status = opts.onStatus ?? (() => {});
    status('connecting');
    this.#provider = new HocuspocusProvider({
      url: opts.url,
      name: opts.room,
      token: opts.token,
      document: this.#doc,
      ...(opts.WebSocketPolyfill ? { WebSocketPolyfill: opts.WebSocketPolyfill } : {}),
      onStatus: ({ status: s }: { status: string }) =>
        status(
          s === 'connected' ? 'connected' : s === 'connecting' ? 'connecting' : 'disconnected',
        ),
      onAuthenticationFailed: ({ reason }: { reason: string }) => status('refused', reason),
      // The server closes a room whose token expired during the session (a close message
      // for this room, the socket stays up): that is a refusal too.
      onClose: ({ event }: { event: { reason?: string } }) => {
        if (event.reason && isExpired(event.reason)) status('refused', event.reason);
      },
      onSynced: () => {
        // Held changes go first, so the first sync's reconcile sees the room without what was
        // deleted here meanwhile and with what was put.
        this.#flush();
        if (this.#unobserve) return;
        const first = reconcile(this.#doc, opts.ctx, {
          local: opts.local(),
          tombstones: opts.tombstones?.(),
          readOnly: opts.readOnly,
        });
        const { put, delete: del, problems, tombstones } = first;
        if (put.length || del.length || problems.length || tombstones?.size) opts.onRemote(first);
        const unobserve = observeRemote(this.#doc, opts.ctx, opts.onRemote);
        const hear = () => opts.onSettings?.(readClassSettings(this.#settings.get(CLASS_KEY)));
        this.#settings.observe(hear);
        this.#unobserve = () => (unobserve(), this.#settings.unobserve(hear));
        this.#synced = true;
        if (this.#pendingSettings) this.setSettings(this.#pendingSettings);
        else hear();
      },
    } as ConstructorParameters<typeof HocuspocusProvider>[0]);
    // Going back online while the old socket is still closing would be ignored (the provider
    // still reports "connected"): reconnect once it has really closed.
    const socket = this.#provider.configuration.websocketProvider;
    socket.on('status', ({ status: s }: { status: string }) => {
      if (s === 'disconnected' && this.#online && !socket.shouldConnect) void socket.connect();
    });
  }

  /** Sends a committed local batch (puts and deletes of this document's annotations). */
  push(batch: AnnotationBatch): void {
    if (this.#unobserve && this.#online && this.#provider.synced) this.#send(batch);
    else this.#outbox.add(batch);
  }

  /** Writes a batch into the room, 200 records per message (the provider sends each); each
   * deletion leaves a tombstone, dated as the local one if there is one. */
  #send(batch: AnnotationBatch): void {
    const local = this.#opts.tombstones?.();
    const now = this.#opts.now ?? (() => new Date());
    applyLocalChunks(this.#map, batch, (id, record) => ({
      at: local?.get(id)?.at ?? now().toISOString(),
      creator: creatorOf(record) || (local?.get(id)?.creator ?? ''),
    }));
  }

  /** Sends what waited in the outbox (called once the provider's handshake is done). */
  #flush(): void {
    if (this.#outbox.size) this.#send(this.#outbox.take(this.#map));
  }

  /** Teacher: publishes the class settings in the teacher room (after the first sync). */
  setSettings(settings: ClassSettings): void {
    if (!this.#synced) return void (this.#pendingSettings = settings);
    this.#pendingSettings = null;
    if (JSON.stringify(this.#settings.get(CLASS_KEY)) === JSON.stringify(settings)) return;
    this.#doc.transact(() => this.#settings.set(CLASS_KEY, settings));
  }

  /** Resolves once the first sync is done and the server has acknowledged every local change,
   * or after `ms` (offline: the change waits in the outbox). */
  flushed(ms = 5000): Promise<void> {
    const provider = this.#provider;
    return new Promise((resolve) => {
      const finish = () => {
        provider.off('unsyncedChanges', check);
        provider.off('synced', check);
        clearTimeout(timer);
        resolve();
      };
      const check = () => {
        if (this.#synced && !this.pending) finish();
      };
      const timer = setTimeout(finish, ms);
      provider.on('unsyncedChanges', check);
      provider.on('synced', check);
      check();
    });
  }

  /** Whether local changes still wait for the server's acknowledgement. */
  get pending(): boolean {
    return this.#outbox.size > 0 || this.#provider.hasUnsyncedChanges;
  }

  /** Goes offline (local work continues) or back online. */
  setOnline(online: boolean): void {
    const socket = this.#provider.configuration.websocketProvider;
    this.#online = online;
    if (!online) socket.disconnect();
    else if (socket.status === 'disconnected') void socket.connect();
  }

  close(): void {
    this.#online = false;
    this.#unobserve?.();
    this.#provider.destroy();
    this.#doc.destroy();
  }
}
