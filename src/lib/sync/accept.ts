/**
 * What of a validated remote batch (record.ts already checked each record's shape and
 * meaning) may change the local document, given what is already there. Pure.
 * - Nobody replaces or deletes a teacher's prompt through a live room, nor sends one.
 * - On the teacher's side (`own` false: a student's room, read-only) a record may replace only
 *   a record by the same creator, and a room may delete only ids it put itself (`seen`).
 * - Records equal to the local ones are left out, so a first sync rewrites nothing.
 */
import type { Annotation } from '../model/types';
import type { AnnotationBatch, RemoteBatch } from './mirror';

export function acceptRemote(
  batch: RemoteBatch,
  here: ReadonlyMap<string, Annotation>,
  seen: Set<string>,
  own: boolean,
): AnnotationBatch & { problems: string[] } {
  const problems = [...batch.problems];
  const put: Annotation[] = [];
  for (const a of batch.put) {
    const old = here.get(a.id);
    if (a.prompt || old?.prompt || (old && !own && old.creator !== a.creator)) {
      problems.push(`annotation ${a.id}: may not replace a prompt or another reader’s work`);
      continue;
    }
    seen.add(a.id);
    if (!old || JSON.stringify(old) !== JSON.stringify(a)) put.push(a);
  }
  const del = batch.delete.filter((id) => {
    const old = here.get(id);
    return !!old && !old.prompt && (own || seen.has(id));
  });
  return { put, delete: del, problems };
}
