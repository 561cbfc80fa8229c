/** See live-servers.mjs. */
import type { ChildProcess } from 'node:child_process';

export function startClassServer(
  root: string,
  o: { port: number; db: string; redisUrl?: string },
): Promise<ChildProcess>;
export function hasRedis(): boolean;
export function startRedis(port: number): Promise<ChildProcess>;
export function stopAll(procs: ChildProcess[]): Promise<void>;
