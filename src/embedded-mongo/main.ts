import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port: expected a port number, got "${values.port}"\n`);
  process.exit(1);
}

const server = await startEmbeddedMongo({ port });
process.stdout.write(`${server.uri}\n`);
process.stderr.write('Embedded MongoDB: in memory only, nothing is persisted. Stop with Ctrl-C or SIGTERM.\n');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
