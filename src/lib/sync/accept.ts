/**
 * What of a validated remote batch (record.ts already checked each record's shape and
 * meaning) may change the local document, given what is already there. Pure.
 * - Nobody replaces or deletes a teacher's prompt through a live room, nor sends one.
 * - On the teacher's side (`own` false: a student's room, read-only) a record may replace only
 *   a record by the same creator, and a room may delete only ids it put itself (`seen`), or,
 *   at a first sync, records its tombstones name: same creator, not edited after the deletion.
 * - In a reader's own room, a record they deleted here (`tombstoned`) never comes back.
 * - Records equal to the local ones are left out, so a first sync rewrites nothing.
 */
import type { Annotation } from '../model/types';
import type { AnnotationBatch, RemoteBatch } from './mirror';

export function acceptRemote(
  batch: RemoteBatch,
  here: ReadonlyMap<string, Annotation>,
  seen: Set<string>,
  own: boolean,
  tombstoned: { has(id: string): boolean } = new Set<string>(),
): AnnotationBatch & { problems: string[] } {
  const problems = [...batch.problems];
  const put: Annotation[] = [];
  for (const a of batch.put) {
    const old = here.get(a.id);
    if (a.prompt || old?.prompt || (old && !own && old.creator !== a.creator)) {
      problems.push(`annotation ${a.id}: may not replace a prompt or another reader’s work`);
      continue;
    }
    if (own && tombstoned.has(a.id)) continue;
    seen.add(a.id);
    if (!old || JSON.stringify(old) !== JSON.stringify(a)) put.push(a);
  }
  const putIds = new Set(batch.put.map((a) => a.id));
  const del = batch.delete.filter((id) => {
    const old = here.get(id);
    return !!old && !old.prompt && (own || seen.has(id));
  });
  for (const [id, t] of batch.tombstones ?? []) {
    const old = here.get(id);
    if (!old || old.prompt || putIds.has(id) || del.includes(id)) continue;
    if (old.creator === t.creator && Date.parse(old.modified) <= Date.parse(t.at)) del.push(id);
  }
  return { put, delete: del, problems };
}
