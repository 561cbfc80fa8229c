/** Bounds on everything the class server accepts. Each breach gets a message naming it. */
export const LIMITS = {
  /** One WebSocket message (a Yjs update); larger ones close the socket (ws maxPayload). */
  messageBytes: 1024 * 1024,
  /** One HTTP request body (create, join, settings). */
  bodyBytes: 4 * 1024,
  /** Rooms one WebSocket connection may open (a teacher watches every student of a reading). */
  roomsPerConnection: 200,
  /** Joins per minute from one address (a class joining from one school NAT fits easily). */
  joinsPerMinute: 120,
  /** Students in one class. */
  studentsPerClass: 500,
  /** Annotation records in one room, and the size of one record in bytes of JSON. */
  recordsPerRoom: 5_000,
  recordBytes: 64 * 1024,
  /** Tombstones (deletions remembered, the `deleted` map) in one room, and one's size in bytes
   * of JSON (the app keeps at most 9,000, dropping the oldest). */
  tombstonesPerRoom: 10_000,
  tombstoneBytes: 512,
  /** Display names and class titles, in characters. */
  nameLength: 80,
  titleLength: 200,
  /** Token lifetime. */
  tokenSeconds: 60 * 60 * 24 * 30,
} as const;
