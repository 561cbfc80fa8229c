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
  return { put, delete: del, problems };
}
