/**
 * Web Worker: reads, validates, plans and anchors imports (import-core.ts), so that a file of
 * 10,000 annotations never blocks the page. Requests are handled one after another, in order.
 */
import { defaultEnv } from '../model/types';
import { ImportSession, type ImportReply, type ImportRequest } from './import-core';

const session = new ImportSession(defaultEnv, (r: ImportReply) => self.postMessage(r));
let queue: Promise<void> = Promise.resolve();

self.onmessage = (ev: MessageEvent<ImportRequest>) => {
  queue = queue.then(() => session.handle(ev.data));
};
