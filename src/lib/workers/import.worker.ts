/**
 * Web Worker: reads, validates, plans and anchors imports, and writes them once confirmed
 * (import-core.ts), so that a file of 10,000 annotations never blocks the page. Requests are
 * handled one after another, in order; a cancel is handled at once (it stops a write in flight).
 */
import { defaultEnv } from '../model/types';
import { ImportSession, type ImportReply, type ImportRequest } from './import-core';

const session = new ImportSession(defaultEnv, (r: ImportReply) => self.postMessage(r));
let queue: Promise<void> = Promise.resolve();

self.onmessage = (ev: MessageEvent<ImportRequest>) => {
  if (ev.data.type === 'cancel') void session.handle(ev.data);
  else queue = queue.then(() => session.handle(ev.data));
};
