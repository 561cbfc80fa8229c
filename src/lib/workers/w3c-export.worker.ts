/**
 * Web Worker: serialises one document's W3C export (for 10,000 annotations, ~15 MB of JSON and
 * a quarter of a second of work) so that the page never waits on it. Answers each request with
 * a Blob (posted without copying the text back) or the error's message.
 */
import { w3cExportBlob, type W3CExportReply, type W3CExportRequest } from './w3c-export-text';

self.onmessage = (ev: MessageEvent<W3CExportRequest>) => {
  const { id, meta, annotations, tags, generatedAt, locations } = ev.data;
  let reply: W3CExportReply;
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
