/**
 * Web Worker: reads, validates, plans and anchors imports (import-core.ts), so that a file of
 * 10,000 annotations never blocks the page, and writes a confirmed import into the library on
 * a connection of its own (storage/page-writer.ts), so that putting its pages does not either.
 * Requests are handled one after another, in order; a `cancel` at once (`dispatcher`).
 */
import { defaultEnv } from '../model/types';
import { applyChangesApart } from '../storage/page-writer';
import { dispatcher, ImportSession, type ImportReply, type ImportRequest } from './import-core';

const handle = dispatcher(
  new ImportSession(defaultEnv, (r: ImportReply) => self.postMessage(r), applyChangesApart),
);

self.onmessage = (ev: MessageEvent<ImportRequest>) => handle(ev.data);
