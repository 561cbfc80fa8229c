import { registerSW } from 'virtual:pwa-register';

/**
 * The service worker (offline use) and the quiet "reload to update" prompt. Updating never
 * reloads away from a note being written: the caller checks first.
 */
export class Updates {
  ready = $state(false);
  offlineReady = $state(false);
  private update: ((reload?: boolean) => Promise<void>) | null = null;

  start(): void {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    this.update = registerSW({
      onNeedRefresh: () => (this.ready = true),
      onOfflineReady: () => (this.offlineReady = true),
    });
  }

  async apply(): Promise<void> {
    await this.update?.(true);
  }
}
