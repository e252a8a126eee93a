import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index';

// Usage: npm run mongo:embedded -w server -- --port 27027 --dbpath ./data/db [--repair]
// --repair starts despite a corrupt journal: it keeps a copy, recovers what can be read and
// reports what was lost (see README.md), then serves as usual.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '27027' },
      dbpath: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      repair: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a TCP port, got ${values.port}`);
  }
  const dbPath = values.dbpath
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.dbpath)
    : undefined;
  const log = (...a: unknown[]) => console.error(...a);
  const mongo = await startEmbeddedMongo({
    port,
    dbPath,
    repair: values.repair,
    logger: { info: values.quiet ? () => {} : log, warn: log, error: log },
  });
  for (const r of mongo.recovery?.repaired ?? []) {
    console.error(
      `embedded-mongo: repair lost ${r.bytes} bytes (about ${r.records} record(s)) of ${r.file} at offset ${r.offset}; the damaged file is kept at ${r.copy}`,
    );
  }
  // the URI alone on stdout, so scripts can read it
  console.log(mongo.uri);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`embedded-mongo: ${signal}, flushing and stopping`);
    mongo.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
