import { startEmbeddedMongo } from './index';

export interface TestDatabase {
  uri: string;
  stop(): Promise<void>;
}

/**
 * A fresh, empty in-memory engine for one test suite. Suites that must run against a real
 * MongoDB check `MONGODB_URI` themselves before calling this.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const engine = await startEmbeddedMongo();
  return { uri: engine.uri, stop: () => engine.stop() };
}
