import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '@circles/server/src/app';
import { type Config, testConfig } from '@circles/server/src/config';
import { type Container, createContainer } from '@circles/server/src/container';
import { createLogger } from '@circles/server/src/lib/logger';

export interface E2eServer {
  baseUrl: string;
  container: Container;
  close(): Promise<void>;
}

/**
 * The real server with the built front ends, on a random loopback port. The port is taken
 * before the container is built so PUBLIC_URL (where the fake WeChat Pay posts notifications)
 * is the address the server really listens on.
 */
export async function startE2eServer(config: Partial<Config> = {}): Promise<E2eServer> {
  const logger = createLogger({ level: process.env.E2E_LOG_LEVEL ?? 'silent' });
  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const cfg = testConfig({
    mongodbUri: process.env.MONGODB_URI,
    port,
    publicUrl: baseUrl,
    ...config,
  });
  const container = await createContainer(cfg, { logger });
  handler = createApp(container).callback();
  return {
    baseUrl,
    container,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await container.close();
    },
  };
}
