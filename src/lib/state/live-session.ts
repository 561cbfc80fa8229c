/** A live class as this browser remembers it, per document (settings `live:<docId>`). Small and
 * free of Yjs, so the app can check for a session without loading the live mode. */
import type { Sharing } from '../sync/class-api';

export interface LiveSession {
  role: 'teacher' | 'student';
  docId: string;
  /** HTTP base of the class server (`http(s)://host:port`). */
  server: string;
  classId: string;
  title: string;
  token: string;
  /** Teacher: the code students type. */
  joinCode?: string;
  /** Student: their id in the class and the name they joined under. */
  studentId?: string;
  name?: string;
  sharing: Sharing;
  /** Teacher: the class was ended (the server takes no more writes). */
  ended: boolean;
}

export const liveSessionKey = (docId: string): string => `live:${docId}`;
/** The class server address the teacher or student typed last. */
export const LIVE_SERVER_KEY = 'liveServer';
