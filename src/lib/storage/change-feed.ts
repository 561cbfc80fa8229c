export type ChangeMessage =
  | { kind: 'annotations'; docId: string; put: string[]; deleted: string[]; origin: string }
  | { kind: 'tags'; docId: string; origin: string }
  /** A new version of the document's text was saved (with its annotations moved). */
  | { kind: 'text'; docId: string; origin: string }
  | { kind: 'documents'; origin: string };

/** A message as the sender writes it; the feed stamps its own origin. */
export type ChangeDraft = ChangeMessage extends infer M
  ? M extends ChangeMessage
    ? Omit<M, 'origin'>
    : never
  : never;

/**
 * Tells other tabs of this app what changed, after it is committed, so that two tabs showing
 * the same document agree within a moment. A no-op where BroadcastChannel is missing.
 * Contract: post only after the change is committed; a tab never hears its own messages
 * (`origin` is a random id per feed, i.e. per tab).
 */
export class ChangeFeed {
  readonly origin =
    globalThis.crypto?.randomUUID?.() ??
    Math.random().toString(36).slice(2) + Date.now().toString(36);
  private channel: BroadcastChannel | null;
  private listeners = new Set<(msg: ChangeMessage) => void>();

  constructor(name = 'marginalia-changes') {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
    if (this.channel) {
      this.channel.onmessage = (ev: MessageEvent) => {
        const msg = ev.data as ChangeMessage;
        if (!msg || typeof msg !== 'object' || msg.origin === this.origin) return;
        for (const fn of this.listeners) fn(msg);
      };
    }
  }

  /** Any `origin` given is replaced by this feed's own. */
  post(msg: ChangeDraft | ChangeMessage): void {
    this.channel?.postMessage({ ...msg, origin: this.origin });
  }

  subscribe(fn: (msg: ChangeMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.channel?.close();
    this.channel = null;
    this.listeners.clear();
  }
}
