/**
 * Class server settings, read once from the environment. Every value has a default that suits
 * one machine in one school: loopback only, a SQLite file in the working directory, no Redis.
 */
export interface ServerConfig {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /** Interface to listen on; 127.0.0.1 by default so nothing is exposed by accident. */
  host: string;
  /** SQLite file holding rooms, classes and students. */
  dbPath: string;
  /** `redis://host:port` to relay updates between several instances; none by default. */
  redisUrl?: string;
  /** Signing key for tokens (at least 32 characters). Absent: one is generated and kept in the
   * database, so every instance sharing that database agrees on it. */
  secret?: string;
  /** Printed start screen and connection logs; tests turn them off. */
  quiet: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.MARGINALIA_PORT ?? env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(
      `MARGINALIA_PORT must be a port number (0–65535), not “${env.MARGINALIA_PORT}”.`,
    );
  const secret = env.MARGINALIA_SECRET || undefined;
  if (secret !== undefined && secret.length < 32)
    throw new Error('MARGINALIA_SECRET must be at least 32 characters long.');
  return {
    port,
    host: env.MARGINALIA_HOST || '127.0.0.1',
    dbPath: env.MARGINALIA_DB || 'marginalia-class.sqlite',
    redisUrl: env.MARGINALIA_REDIS_URL || undefined,
    secret,
    quiet: env.MARGINALIA_QUIET === '1',
  };
}
