import type { LibraryStore } from '../storage/library-store';

const PERSIST_ASKED = 'persistAsked';
const LAST_BACKUP = 'lastBackupAt';
const REMINDER_DISMISSED = 'backupReminderDismissedAt';
const UNEXPORTED = 'unexportedChanges';
/** Unexported annotations past which the reader is reminded to export a backup. */
export const BACKUP_REMINDER_AT = 50;

/**
 * What the reader can find out about where their work lives: whether the browser promised to
 * keep it (persistent storage), how much space it takes, and how much is not yet in a backup.
 */
export class StorageStatus {
  persisted = $state<'granted' | 'denied' | 'unsupported' | 'unknown'>('unknown');
  usage = $state<{ usage: number; quota: number } | null>(null);
  /** Annotations created or changed since the last backup export. */
  unexported = $state(0);
  reminderDismissed = $state(false);

  constructor(private store: LibraryStore) {}

  async refresh(): Promise<void> {
    this.usage = await this.store.estimate().catch(() => null);
    const persisted =
      typeof navigator !== 'undefined' && navigator.storage?.persisted
        ? await navigator.storage.persisted()
        : null;
    if (persisted !== null && this.persisted === 'unknown')
      this.persisted = persisted ? 'granted' : 'denied';
    if (persisted === null) this.persisted = 'unsupported';
    const since = (await this.store.getSetting<string>(LAST_BACKUP)) ?? '';
    const dismissed = (await this.store.getSetting<string>(REMINDER_DISMISSED)) ?? '';
    const counted = await this.store.getSetting<number>(UNEXPORTED);
    // Before any change was counted, every stored annotation is unexported.
    this.unexported =
      counted ?? (await this.store.listDocuments()).reduce((n, d) => n + d.annotationCount, 0);
    this.reminderDismissed = dismissed > since && this.unexported < BACKUP_REMINDER_AT * 4;
  }

  /** After the reader's first annotation: ask the browser not to evict the library. */
  async askPersistenceOnce(): Promise<void> {
    if (await this.store.getSetting<boolean>(PERSIST_ASKED)) return;
    await this.store.setSetting(PERSIST_ASKED, true);
    this.persisted = await this.store.requestPersistence();
    this.usage = await this.store.estimate().catch(() => null);
  }

  async noteChange(n = 1): Promise<void> {
    this.unexported += n;
    await this.store.setSetting(UNEXPORTED, this.unexported);
  }

  async backupExported(at: Date): Promise<void> {
    await this.store.setSetting(LAST_BACKUP, at.toISOString());
    await this.store.setSetting(UNEXPORTED, 0);
    this.unexported = 0;
  }

  async dismissReminder(at: Date): Promise<void> {
    this.reminderDismissed = true;
    await this.store.setSetting(REMINDER_DISMISSED, at.toISOString());
  }

  get showReminder(): boolean {
    return !this.reminderDismissed && this.unexported >= BACKUP_REMINDER_AT;
  }
}
