/**
 * One live-class room on the client: a Hocuspocus provider plus the annotation mirror.
 * Loaded only when a class is started or joined (import it dynamically), so the app without a
 * server never loads or connects anything of it.
 * - First sync: `reconcile` with the local annotations (each side gets what it lacks, the later
 *   edit wins) and the result goes to `onRemote`; only then are remote changes observed.
 * - `push(batch)`: a committed local batch goes to the room in one transaction. While offline
 *   it waits in the Y.Doc and is sent on reconnect (the provider resyncs by state vector, so
 *   nothing is sent twice and nothing is lost).
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
  observeRemote,
  reconcile,
  type AnnotationBatch,
  type RemoteBatch,
} from './mirror';
import type { RecordContext } from './record';
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

  constructor(opts: LiveRoomOptions) {
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
      onSynced: () => {
        if (this.#unobserve) return;
        const first = reconcile(this.#map, opts.local(), opts.ctx);
        if (first.put.length || first.problems.length) opts.onRemote(first);
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
    applyLocalChunks(this.#map, batch);
  }

  /** Teacher: publishes the class settings in the teacher room (after the first sync). */
  setSettings(settings: ClassSettings): void {
    if (!this.#synced) return void (this.#pendingSettings = settings);
    this.#pendingSettings = null;
    if (JSON.stringify(this.#settings.get(CLASS_KEY)) === JSON.stringify(settings)) return;
    this.#doc.transact(() => this.#settings.set(CLASS_KEY, settings));
  }

  /** Resolves once the first sync is done and the server has acknowledged every local change,
   * or after `ms` (offline: the change waits in the Y.Doc). */
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
        if (this.#synced && !provider.hasUnsyncedChanges) finish();
      };
      const timer = setTimeout(finish, ms);
      provider.on('unsyncedChanges', check);
      provider.on('synced', check);
      check();
    });
  }

  /** Whether local changes still wait for the server's acknowledgement. */
  get pending(): boolean {
    return this.#provider.hasUnsyncedChanges;
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
