/** `npm run server`: starts one class server instance from the environment (see README.md). */
import { readConfig } from './config';
import { startClassServer } from './class-server';

const config = readConfig();
const s = await startClassServer(config);
console.log(
  `Marginalia class server on ${s.httpUrl} (database ${config.dbPath}` +
    (config.redisUrl ? `, relaying through ${config.redisUrl})` : ')'),
);

const stop = async () => {
  await s.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
