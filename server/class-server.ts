/**
 * Builds a class server: Hocuspocus 3 with authentication and access per room (access.ts),
 * persistence in SQLite (db.ts, through the database extension), the HTTP API (http-api.ts) and,
 * when a Redis URL is configured, the Redis extension so several instances relay updates.
 */
import { Server } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import type { ServerConfig } from './config';
import { ClassDb } from './db';
import { createApi } from './http-api';
import { LIMITS } from './limits';
import { parseRoom, roomAccess } from './access';
import { TOKEN_EXPIRED, Tokens, type Claims } from './tokens';
import { checkUpdate, updateOf } from './validate-update';

export interface ClassServer {
  readonly server: Server;
  readonly db: ClassDb;
  readonly tokens: Tokens;
  /** `ws://host:port` and `http://host:port` once listening. */
  readonly wsUrl: string;
  readonly httpUrl: string;
  /** Stores every open room, drops every connection, closes the database. */
  stop(): Promise<void>;
}

/** Refusal as a WebSocket close code and reason the client sees (4xxx: application codes). */
function refuse(code: number, reason: string): Error {
  return Object.assign(new Error(reason), { code, reason });
}

export async function startClassServer(config: ServerConfig): Promise<ClassServer> {
  const db = new ClassDb(config.dbPath);
  const tokens = new Tokens(config.secret ?? db.signingKey());
  const api = createApi({ db, tokens });
  const roomsBySocket = new Map<string, Set<string>>();

  const extensions = [
    new Database({
      fetch: async ({ documentName }) => db.fetchRoom(documentName),
      store: async ({ documentName, state }) => db.storeRoom(documentName, state),
    }),
  ];
  if (config.redisUrl) {
    const u = new URL(config.redisUrl);
    extensions.push(
      new Redis({
        host: u.hostname,
        port: Number(u.port || 6379),
        // ioredis ≥ 5.8.2 sends CLIENT SETINFO on the subscriber connection, which Redis refuses
        // in subscriber mode and the extension then relays nothing (ioredis issue 2037).
        options: { disableClientInfo: true },
      }) as unknown as Database,
    );
  }

  const server = new Server(
    {
      name: 'marginalia-class',
      port: config.port,
      address: config.host,
      quiet: config.quiet,
      stopOnSignals: false,
      debounce: 500,
      maxDebounce: 2000,
      extensions,

      async onRequest({ request, response }) {
        if (await api(request, response)) throw null;
      },

      async onAuthenticate({ token, documentName, connectionConfig, socketId }) {
        const read = await tokens.read(token);
        if (read === 'expired') throw refuse(4401, TOKEN_EXPIRED);
        if (!read) throw refuse(4401, 'Token missing or forged.');
        const { expires, ...claims } = read;
        const room = parseRoom(documentName);
        if (!room) throw refuse(4404, `“${documentName.slice(0, 200)}” is not a class room name.`);
        const cls = db.getClass(room.classId);
        const access = cls ? roomAccess(claims, room, cls) : null;
        if (!access) throw refuse(4403, 'This token does not give access to this room.');
        const rooms = roomsBySocket.get(socketId) ?? new Set<string>();
        if (!rooms.has(documentName) && rooms.size >= LIMITS.roomsPerConnection)
          throw refuse(4429, `At most ${LIMITS.roomsPerConnection} rooms per connection.`);
        rooms.add(documentName);
        roomsBySocket.set(socketId, rooms);
        if (access === 'read') connectionConfig.readOnly = true;
        return { claims, expires } satisfies { claims: Claims; expires: number };
      },

      async onDisconnect({ socketId, documentName }) {
        const rooms = roomsBySocket.get(socketId);
        rooms?.delete(documentName);
        if (rooms?.size === 0) roomsBySocket.delete(socketId);
      },

      /** Runs before every message: once the class has ended (on any instance: the database is
       * shared), or after an update outside the bounds (validate-update.ts), the connection
       * turns read-only, so its writes are refused and reads go on. A token that expired during
       * the session closes the room (reason TOKEN_EXPIRED, which the app explains). */
      async beforeHandleMessage({ connection, context, document, documentName, update }) {
        if (update.byteLength > LIMITS.messageBytes)
          throw refuse(4413, `Messages may be at most ${LIMITS.messageBytes} bytes.`);
        if (typeof context?.expires === 'number' && Date.now() >= context.expires)
          throw refuse(4401, TOKEN_EXPIRED);
        if (connection.readOnly) return;
        const room = parseRoom(documentName);
        const cls = room && db.getClass(room.classId);
        if (!cls || cls.endedAt) connection.readOnly = true;
        const yUpdate = connection.readOnly ? null : updateOf(update);
        const problem = yUpdate && checkUpdate(document, yUpdate);
        if (problem) {
          // Refused, not closed: the client hears "not applied" and may go on reading.
          console.warn(
            `refused an update to ${documentName}: ${problem}; connection now read-only`,
          );
          connection.readOnly = true;
        }
      },
    },
    { maxPayload: LIMITS.messageBytes + 1024 },
  );

  await server.listen();
  return {
    server,
    db,
    tokens,
    wsUrl: server.webSocketURL,
    httpUrl: server.httpURL,
    async stop() {
      await server.destroy();
      // Hocuspocus closes each room's connection but leaves the sockets open (ws's close() keeps
      // existing clients), so a client would notice only by its 30 s message timeout; a stopped
      // server drops them as an exited process would, and clients reconnect at once.
      for (const ws of server.webSocketServer.clients) ws.terminate();
      db.close();
    },
  };
}
