/**
 * What a reader is told when the class server refuses them. An expired token (tokens last 30
 * days; the server says `TOKEN_EXPIRED` when connecting, when a room is closed mid-session and
 * from the HTTP API) gets a message saying what to do; any other refusal is shown as the server
 * worded it.
 */
/** The class server's reason for an expired token (server/tokens.ts). */
export const TOKEN_EXPIRED = 'Token expired.';

export const isExpired = (reason: string): boolean => reason === TOKEN_EXPIRED;

export function refusalMessage(role: 'teacher' | 'student', reason: string): string {
  if (!isExpired(reason)) return `The class server refused: ${reason}`;
  return role === 'student'
    ? 'Your pass for this live class has expired, so your work is no longer sent to the teacher (it stays here). Choose Leave live class, then join again with the code.'
    : 'Your pass for this live class has expired (passes last 30 days), so students’ work no longer arrives; everything that arrived stays here. Start a new live class to go on.';
}
