import path from 'node:path';
import type { HealthResponse } from '@circles/shared';
import mongoose, { type Connection } from 'mongoose';
import type { Config } from './config';
import type { Logger } from './lib/logger';

type DbState = HealthResponse['database']['state'];

export interface Database {
  /** Null only when no database could be opened at all (see `message`). */
  connection: Connection | null;
  engine: 'embedded' | 'external' | 'none';
  uri?: string;
  message?: string;
  state(): DbState;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

const READY_STATES: Record<number, DbState> = {
  0: 'disconnected',
  1: 'connected',
  2: 'connecting',
  3: 'disconnected',
};

function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]+@/, '//***@');
}

async function connect(uri: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000, autoIndex: true });
  await conn.asPromise();
  return conn;
}

/**
 * Opens MONGODB_URI when set; otherwise starts the embedded engine (persistent under the data
 * dir, or in memory for tests). Nothing else ever decides which database is used.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.mongodbUri) {
    const uri = config.mongodbUri;
    try {
      const connection = await connect(uri);
      logger.info({ uri: redactUri(uri) }, 'connected to MongoDB');
      return {
        connection,
        engine: 'external',
        uri,
        state: () => READY_STATES[connection.readyState] ?? 'disconnected',
        close: () => connection.close(),
      };
    } catch (err) {
      throw new DatabaseUnavailableError(
        `Cannot connect to MONGODB_URI ${redactUri(uri)}: ${(err as Error).message}`,
      );
    }
  }
  const dbPath = config.env === 'test' ? undefined : path.join(config.dataDir, 'db');
  let engine: { uri: string; stop(): Promise<void> };
  try {
    const { startEmbeddedMongo } = await import('../embedded-mongo');
    engine = await startEmbeddedMongo({
      dbPath,
      logger: logger.child({ component: 'embedded-mongo' }),
    });
  } catch (err) {
    const message = `No database available: the embedded engine could not start (${(err as Error).message}) and MONGODB_URI is not set`;
    logger.error(message);
    return {
      connection: null,
      engine: 'none',
      message,
      state: () => 'unavailable',
      close: async () => {},
    };
  }
  const connection = await connect(engine.uri);
  logger.info({ dbPath: dbPath ?? '(in memory)' }, 'embedded MongoDB-compatible engine started');
  return {
    connection,
    engine: 'embedded',
    uri: engine.uri,
    state: () => READY_STATES[connection.readyState] ?? 'disconnected',
    close: async () => {
      await connection.close();
      await engine.stop();
    },
  };
}
