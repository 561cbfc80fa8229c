/**
 * What of a validated remote batch (record.ts already checked each record's shape and
 * meaning) may change the local document, given what is already there. Pure.
 * - `own`, a student's own room: their records may be replaced and deleted; never a prompt.
 * - `student`, a student's room on the teacher's side (read-only): a record may replace only a
 *   record by the same creator, and the room may delete only ids it put itself (`seen`); never
 *   a prompt.
 * - `prompts`, the teacher room (the teacher's prompts, on every side): only prompts; one may
 *   replace a prompt, never anyone's own annotation; a prompt goes only when the room put it
 *   and nobody here has answered it (as a packet revision removes prompts).
 * - Tombstones (a read-only first sync, `tombstones.ts`): a student's room on the teacher's side
 *   deletes the records they name that are by the same creator, not prompts, and not edited
 *   after the deletion (the student deleted them while the teacher was away); the teacher room
 *   on a student's side deletes the prompts they name on the same terms, unless answered here
 *   (the teacher deleted a prompt while the student was away).
 * - In a reader's own room, a record they deleted here (`tombstoned`) never comes back.
 * Records equal to the local ones are left out, so a first sync rewrites nothing.
 */
import type { Annotation } from '../model/types';
import type { AnnotationBatch, RemoteBatch } from './mirror';

export type RoomKind = 'own' | 'student' | 'prompts';

export function acceptRemote(
  batch: RemoteBatch,
  here: ReadonlyMap<string, Annotation>,
  seen: Set<string>,
  kind: RoomKind,
  tombstoned: { has(id: string): boolean } = new Set<string>(),
): AnnotationBatch & { problems: string[] } {
  const problems = [...batch.problems];
  const put: Annotation[] = [];
  for (const a of batch.put) {
    const old = here.get(a.id);
    const refused =
      kind === 'prompts'
        ? !a.prompt || (old && !old.prompt)
        : a.prompt || old?.prompt || (old && kind === 'student' && old.creator !== a.creator);
    if (refused) {
      problems.push(
        kind === 'prompts'
          ? `annotation ${a.id}: the teacher’s room sends only prompts, never replacing your own work`
          : `annotation ${a.id}: may not replace a prompt or another reader’s work`,
      );
      continue;
    }
    if (kind === 'own' && tombstoned.has(a.id)) continue;
    seen.add(a.id);
    if (!old || JSON.stringify(old) !== JSON.stringify(a)) put.push(a);
  }
  const answered =
    kind === 'prompts' ? new Set([...here.values()].map((a) => a.replyTo)) : new Set();
  const del = batch.delete.filter((id) => {
    const old = here.get(id);
    if (!old) return false;
    if (kind === 'prompts') return !!old.prompt && seen.has(id) && !answered.has(id);
    return !old.prompt && (kind === 'own' || seen.has(id));
  });
  if (kind !== 'own') {
    const putIds = new Set(batch.put.map((a) => a.id));
    for (const [id, t] of batch.tombstones ?? []) {
      const old = here.get(id);
      if (!old || putIds.has(id) || del.includes(id)) continue;
      if (kind === 'student' ? old.prompt : !old.prompt || answered.has(id)) continue;
      if (old.creator === t.creator && Date.parse(old.modified) <= Date.parse(t.at)) del.push(id);
    }
  }
  return { put, delete: del, problems };
}
