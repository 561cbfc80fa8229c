/** A message the reader must see: shown in a `role="alert"` element until dismissed. */
export interface Alert {
  id: number;
  message: string;
  /** Optional action offered with the message (e.g. "Retry"). */
  action?: { label: string; run: () => void };
  details?: string;
}

/**
 * Alerts (errors, in `role="alert"`), polite announcements for screen readers (`aria-live`),
 * and progress of long operations. Nothing here is ever swallowed: every error reaches `alerts`.
 */
export class Notices {
  alerts = $state.raw<Alert[]>([]);
  /** Last polite announcement; components render it in an aria-live region. */
  announcement = $state('');
  /** Progress of a long operation, e.g. { label: 'Opening “Bible”', fraction: 0.4 }. */
  progress = $state.raw<{ label: string; fraction?: number } | null>(null);
  private next = 1;

  error(message: string, extra: Omit<Alert, 'id' | 'message'> = {}): number {
    const id = this.next++;
    this.alerts = [...this.alerts, { id, message, ...extra }];
    return id;
  }

  dismiss(id: number): void {
    this.alerts = this.alerts.filter((a) => a.id !== id);
  }

  clearAlerts(): void {
    this.alerts = [];
  }

  announce(message: string): void {
    // Re-setting the same text would not be re-read; alternate a trailing invisible mark.
    this.announcement = this.announcement === message ? message + '\u00a0' : message;
  }

  /** Uncaught errors of `target` become a visible, non-blocking message with details to copy;
   * the page (and any note being typed) stays as it is. Returns the function that stops it. */
  watchErrors(target: Window): () => void {
    const show = (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      this.error(`Something went wrong: ${e.message}. Your saved work is safe.`, {
        details: `${e.name}: ${e.message}\n${e.stack ?? ''}\n${globalThis.navigator?.userAgent ?? ''}`,
      });
    };
    const onError = (ev: ErrorEvent) => {
      if (!ev.error && BENIGN_ERRORS.test(ev.message ?? '')) return;
      show(ev.error ?? ev.message);
    };
    const onRejection = (ev: PromiseRejectionEvent) => show(ev.reason);
    target.addEventListener('error', onError);
    target.addEventListener('unhandledrejection', onRejection);
    return () => {
      target.removeEventListener('error', onError);
      target.removeEventListener('unhandledrejection', onRejection);
    };
  }
}

/**
 * Browser notices reported through `window.onerror` that are not failures: Chromium reports
 * "ResizeObserver loop completed with undelivered notifications" when a resize callback (the
 * virtual sidebar measuring its cards) changes layout; the remaining observations are simply
 * delivered in the next frame. They carry no Error object and must never become an alert.
 */
const BENIGN_ERRORS =
  /^ResizeObserver loop (completed with undelivered notifications|limit exceeded)/;
