import { Writable } from 'node:stream';
import { createApp } from '@circles/server/src/app';
import { type Config, testConfig } from '@circles/server/src/config';
import {
  type Container,
  type ContainerOverrides,
  createContainer,
} from '@circles/server/src/container';
import { createLogger } from '@circles/server/src/lib/logger';
import type Koa from 'koa';
import supertest from 'supertest';

export interface TestApp {
  container: Container;
  app: Koa;
  http: ReturnType<typeof supertest>;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A real app on a fresh in-memory database (or MONGODB_URI when set), logs captured. */
export async function startTestApp(
  config: Partial<Config> = {},
  overrides: ContainerOverrides = {},
  extend?: (app: Koa) => void,
): Promise<TestApp> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      cb();
    },
  });
  const cfg = testConfig({ logLevel: 'info', mongodbUri: process.env.MONGODB_URI, ...config });
  const logger = createLogger({ level: 'info', destination: sink });
  const container = await createContainer(cfg, { logger, ...overrides });
  const app = createApp(container, { frontends: false });
  extend?.(app);
  return {
    container,
    app,
    http: supertest(app.callback()),
    logs,
    close: () => container.close(),
  };
}
