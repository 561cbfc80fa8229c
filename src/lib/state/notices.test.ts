import { describe, expect, it } from 'vitest';
import { Notices } from './notices.svelte';

/** An `error` event as a browser dispatches it to `window` (Node has no ErrorEvent). */
function errorEvent(message: string, error?: Error): Event {
  return Object.assign(new Event('error'), { message, error });
}

describe('Notices.watchErrors', () => {
  it('turns an uncaught error into an alert that names it', () => {
    const notices = new Notices();
    const target = new EventTarget();
    const stop = notices.watchErrors(target as unknown as Window);
    target.dispatchEvent(errorEvent('boom', new Error('boom')));
    expect(notices.alerts.map((a) => a.message)).toEqual([
      'Something went wrong: boom. Your saved work is safe.',
    ]);
    stop();
    target.dispatchEvent(errorEvent('again', new Error('again')));
    expect(notices.alerts).toHaveLength(1);
  });

  it('never alerts on the ResizeObserver loop notice (the virtual sidebar measuring cards)', () => {
    const notices = new Notices();
    const target = new EventTarget();
    notices.watchErrors(target as unknown as Window);
    target.dispatchEvent(
      errorEvent('ResizeObserver loop completed with undelivered notifications.'),
    );
    target.dispatchEvent(errorEvent('ResizeObserver loop limit exceeded'));
    expect(notices.alerts).toEqual([]);
  });
});
