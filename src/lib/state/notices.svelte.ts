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
}
