import type { Env } from '../model/types';
import type { AnnotationChange, LibraryStore } from '../storage/library-store';
import type { OpenDocument } from './document.svelte';
import type { LibraryState } from './library.svelte';
import type { Notices } from './notices.svelte';
import { describeStorageError } from '../storage/errors';

/**
 * Opening a reading packet file: a new document, or a newer revision of one already in the
 * library (tags and prompts updated, the student's own annotations never touched).
 */
export class PacketOpener {
  constructor(
    private store: LibraryStore,
    private doc: OpenDocument,
    private library: LibraryState,
    private notices: Notices,
    private env: Env,
    private openDocument: (id: string) => Promise<void>,
  ) {}

  /**
   * Opens a packet file: a new document, or an update of the one already in the library.
   * Every problem is shown with the file's name, and then nothing has been written.
   */
  async open(fileName: string, json: unknown): Promise<boolean> {
    const [{ parsePacket, packetDocument }, { planPacketUpdate }] = await Promise.all([
      import('../model/packet'),
      import('../model/packet-update'),
    ]);
    const parsed = await parsePacket(json, this.env);
    if (!parsed.ok) {
      this.notices.error(`“${fileName}” is not a usable reading packet: ${parsed.error}`);
      return false;
    }
    const p = parsed.value;
    const id = p.document.id;
    try {
      const existing = await this.store.getDocument(id);
      if (!existing) {
        const fresh = packetDocument(p, this.env.now());
        await this.store.addDocument(
          fresh.meta,
          { id, source: p.text },
          { docId: id, tags: fresh.tags },
          fresh.prompts,
        );
        await this.library.refresh();
        await this.openDocument(id);
        this.notices.announce(
          `Opened the reading packet “${fresh.meta.title}”: ${fresh.prompts.length} prompts, ${fresh.tags.length} tags.`,
        );
        return true;
      }
      // The copy's text is read only for a corrected text (to carry the copy through the maps).
      const [tagSet, annotations, text] = await Promise.all([
        this.store.getTagSet(id),
        this.store.listAnnotations(id),
        existing.contentHash === p.document.contentHash ? undefined : this.store.getText(id),
      ]);
      const plan = planPacketUpdate(
        { meta: existing, tags: tagSet?.tags ?? [], annotations, text: text?.source },
        p,
      );
      if (!plan.ok) {
        this.notices.error(`“${fileName}”: ${plan.error}`);
        return false;
      }
      if (plan.value.kind === 'update') {
        const u = plan.value;
        const change: AnnotationChange = {
          put: u.put,
          delete: u.delete,
          tagSet: { docId: id, tags: u.tags },
          packet: u.packet,
        };
        // A corrected text is the copy's next version, with the map from its text (issue 16):
        // written with the carried annotations in the same transaction, or not at all.
        if (u.text) {
          const base = existing.version ?? 1;
          change.text = {
            base,
            version: {
              docId: id,
              n: base + 1,
              created: this.env.now().toISOString(),
              contentHash: u.text.contentHash,
              source: u.text.source,
              map: u.text.map,
            },
          };
        }
        // The open document takes the update as a batch like any other change.
        if (this.doc.meta?.id === id) await this.doc.commit(change);
        else await this.store.applyChanges(id, change);
        await this.library.refresh();
      }
      await this.openDocument(id);
      this.notices.announce(plan.value.summary);
      return true;
    } catch (err) {
      this.notices.error(`“${fileName}” could not be opened: ${describeStorageError(err)}`);
      return false;
    }
  }
}
