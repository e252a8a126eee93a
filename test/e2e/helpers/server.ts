import { createApp } from '@circles/server/src/app';
import { type Config, testConfig } from '@circles/server/src/config';
import { type Container, createContainer } from '@circles/server/src/container';
import { createLogger } from '@circles/server/src/lib/logger';
import { listen } from '@circles/server/src/server';

export interface E2eServer {
  baseUrl: string;
  container: Container;
  close(): Promise<void>;
}

/** The real server with the built front ends, on a random loopback port. */
export async function startE2eServer(config: Partial<Config> = {}): Promise<E2eServer> {
  const logger = createLogger({ level: process.env.E2E_LOG_LEVEL ?? 'silent' });
  const cfg = testConfig({ mongodbUri: process.env.MONGODB_URI, port: 0, ...config });
  const container = await createContainer(cfg, { logger });
  const running = await listen(createApp(container), 0, '127.0.0.1', logger);
  return {
    baseUrl: `http://127.0.0.1:${running.port}`,
    container,
    async close() {
      await running.shutdown(1000);
      await container.close();
    },
  };
}
