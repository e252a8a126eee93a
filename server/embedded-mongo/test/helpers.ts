import mongoose, { type Connection } from 'mongoose';
import { startTestDatabase } from '../testing';

export interface Suite {
  uri: string;
  conn: Connection;
  /** True when the suite runs against the embedded engine rather than MONGODB_URI. */
  embedded: boolean;
  stop(): Promise<void>;
}

let suiteCounter = 0;

/**
 * Connects a suite to a fresh database: a new in-memory engine, or a uniquely named database
 * on MONGODB_URI (dropped afterwards) so runs against a real server do not interfere.
 */
export async function openSuite(): Promise<Suite> {
  const external = process.env.MONGODB_URI;
  const db = external ? undefined : await startTestDatabase();
  const uri = external ?? db!.uri;
  const dbName = `conformance_${process.pid}_${++suiteCounter}`;
  const conn = await mongoose.createConnection(uri, { dbName, autoIndex: true }).asPromise();
  return {
    uri,
    conn,
    embedded: !external,
    async stop() {
      if (external) await conn.dropDatabase();
      await conn.close();
      await db?.stop();
    },
  };
}

/** A mongoose error's MongoDB code, or undefined. */
export function codeOf(err: unknown): number | undefined {
  return (err as { code?: number } | null)?.code;
}

/** Runs fn and returns what it threw (failing the test when it does not throw). */
export async function rejection(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected the operation to fail');
}
