import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { type EmbeddedMongoOptions, startEmbeddedMongo } from '../index';
import type { Logger } from '../wire/server';

// Storage behaviour belongs to the embedded engine's dbpath; a MONGODB_URI run skips it.
export const describeEngine = process.env.MONGODB_URI ? describe.skip : describe;

export async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'embedded-mongo-'));
}

/** A logger that keeps every line, so tests can assert what recovery reported. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (...a: unknown[]) => {
    lines.push(a.map((x) => (x instanceof Error ? x.message : String(x))).join(' '));
  };
  return { lines, info: keep, warn: keep, error: keep };
}

export async function withEngine<T>(
  dbPath: string,
  fn: (db: mongoose.mongo.Db) => Promise<T>,
  opts: Omit<EmbeddedMongoOptions, 'dbPath'> = {},
): Promise<T> {
  const mongo = await startEmbeddedMongo({ ...opts, dbPath });
  // no retries: a failed write must surface as the error the engine returned
  const conn = await mongoose
    .createConnection(mongo.uri, { retryWrites: false, retryReads: false })
    .asPromise();
  try {
    return await fn(conn.db!);
  } finally {
    await conn.close();
    await mongo.stop();
  }
}
