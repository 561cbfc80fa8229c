/**
 * Web Worker: serialises one document's W3C export (for 10,000 annotations, ~15 MB of JSON and
 * a quarter of a second of work) so that the page never waits on it. Reads the annotations from
 * IndexedDB itself when asked (`from`), so nothing large is copied from the page. Answers each
 * request with a Blob (posted without copying the text back) or the error's message.
 */
import { readAnnotationsApart } from '../storage/page-reader';
import type { Annotation } from '../model/types';
import { w3cExportBlob, type W3CExportReply, type W3CExportRequest } from './w3c-export-text';

self.onmessage = async (ev: MessageEvent<W3CExportRequest>) => {
  const { id, meta, tags, generatedAt, locations, from } = ev.data;
  let annotations: Annotation[] = ev.data.annotations ?? [];
  let reply: W3CExportReply;
  if (from) {
    try {
      annotations = await readAnnotationsApart(from.dbName, from.docId);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      self.postMessage({ id, ok: false, error, unreadable: true } satisfies W3CExportReply);
      return;
    }
  }
  try {
    reply = {
      id,
      ok: true,
      blob: w3cExportBlob(meta, annotations, tags, new Date(generatedAt), locations),
    };
  } catch (err) {
    reply = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply);
};
