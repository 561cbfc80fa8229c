// The processes the live-class benches run on loopback (bench/live.ts through tsx, and
// bench/live-click.mjs on plain Node): class server instances (`server/main.ts` through tsx) and
// Redis for the two-instance scenario.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `ready` every 100 ms until it is true; throws after 20 s, naming `what`. */
async function waitFor(ready, what) {
  const end = Date.now() + 20_000;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`${what} did not start`);
    await sleep(100);
  }
}

/**
 * Starts a class server instance on `port` over the SQLite file `db` (relaying through Redis at
 * `redisUrl` when given) and resolves once it answers HTTP. Instances of one scenario share the
 * secret, so each accepts the tokens the others issued.
 */
export async function startClassServer(root, { port, db, redisUrl }) {
  const proc = spawn(resolve(root, 'node_modules/.bin/tsx'), ['server/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      MARGINALIA_PORT: String(port),
      MARGINALIA_HOST: '127.0.0.1',
      MARGINALIA_DB: db,
      MARGINALIA_SECRET: 'bench-secret-bench-secret-bench-secret-0',
      MARGINALIA_QUIET: '1',
      ...(redisUrl ? { MARGINALIA_REDIS_URL: redisUrl } : {}),
    },
  });
  const answers = () =>
    fetch(`http://127.0.0.1:${port}/api/none`).then(
      () => true,
      () => false,
    );
  try {
    await waitFor(async () => proc.exitCode === null && (await answers()), `class server ${port}`);
  } catch (e) {
    proc.kill('SIGTERM');
    throw e;
  }
  return proc;
}

/** Whether Debian's `redis-server` is installed (the two-instance scenario needs it). */
export const hasRedis = () => !spawnSync('redis-server', ['--version']).error;

/** Starts a throwaway `redis-server` on `port` (no persistence) and resolves once it answers. */
export async function startRedis(port) {
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const pong = () =>
    spawnSync('redis-cli', ['-p', String(port), 'ping'])
      .stdout?.toString()
      .trim() === 'PONG';
  try {
    await waitFor(pong, 'redis-server');
  } catch (e) {
    proc.kill('SIGTERM');
    throw e;
  }
  return proc;
}

/** Stops the processes (SIGTERM) and resolves when all have exited. */
export async function stopAll(procs) {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(
    procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(0) : p.once('exit', r)))),
  );
}
