import { createDispatcher } from './commands/dispatch';
import type { ServerParams } from './commands/context';
import { CursorStore } from './commands/cursors';
import { Engine } from './engine/engine';
import { TtlMonitor } from './engine/ttl';
import type { RecoveryReport } from './storage/recovery';
import { Storage } from './storage/storage';
import { type CommandStats, type Logger, WireServer } from './wire/server';

export interface EmbeddedMongoOptions {
  /** Directory for the journal and snapshots; omit for a purely in-memory engine. */
  dbPath?: string;
  /** TCP port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  logger?: Logger;
  /**
   * Start even if the journal (or snapshot) is corrupt: a copy of the damaged file is kept
   * next to it, everything readable is recovered and the losses are logged and reported in
   * `recovery`. Without it such a dbpath refuses to start.
   */
  repair?: boolean;
}

export interface EmbeddedMongo {
  uri: string;
  port: number;
  stop(): Promise<void>;
  /** Writes a snapshot now (benchmarks and tests); a no-op in memory. */
  compact(): Promise<void>;
  /** Per-command counts and server-side time, for benchmarks. */
  stats: CommandStats;
  /** What start-up recovery replayed, cut off and (with `repair`) lost; absent in memory. */
  recovery?: RecoveryReport;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/** Starts the embedded MongoDB-compatible server (see server/embedded-mongo/README.md). */
export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const logger = opts.logger ?? silent;
  const engine = new Engine();
  const storage = opts.dbPath
    ? await Storage.open(opts.dbPath, engine, logger, { repair: opts.repair })
    : undefined;
  const cursors = new CursorStore();
  const params: ServerParams = { ttlMonitorSleepSecs: 60, startedAt: new Date(), stats: new Map() };
  const commit = storage ? storage.commit.bind(storage) : () => undefined;
  const pending = storage ? storage.pending.bind(storage) : undefined;
  const server = new WireServer(
    createDispatcher({ engine, cursors, params, commit, pending, logger }),
    logger,
    params.stats,
  );
  const ttl = new TtlMonitor(engine, params, commit, logger);
  let port: number;
  try {
    port = await server.listen(opts.port ?? 0);
  } catch (err) {
    await storage?.close();
    throw err;
  }
  ttl.start();
  const sweeper = setInterval(() => cursors.sweep(), 60_000);
  sweeper.unref();
  const uri = `mongodb://127.0.0.1:${port}/circles?directConnection=true`;
  logger.info(
    `embedded-mongo listening on ${uri}${opts.dbPath ? ` (dbpath ${opts.dbPath})` : ' (in memory)'}`,
  );
  let stopping: Promise<void> | undefined;
  return {
    uri,
    port,
    stats: server.stats,
    recovery: storage?.recovery,
    compact: async () => storage?.compact(),
    stop() {
      stopping ??= (async () => {
        ttl.stop();
        clearInterval(sweeper);
        await server.close();
        await storage?.close();
      })();
      return stopping;
    },
  };
}
