import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createContainer } from './container';
import { DatabaseUnavailableError } from './db';
import { IndexBuildError } from './lib/indexes';
import { listen, PortInUseError } from './server';
import { formatSummary, seedIfEmpty } from './modules/seed/seed';
import { demoAccountLines, scheduleJobs, startDemoWeCom } from './startup';

/** Errors an operator can fix get one clear line and exit 1, not a stack trace. */
function fail(message: string): never {
  process.stderr.write(`circles: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  // Loud and first: a production server on the local fakes must be noticed.
  for (const line of config.warnings) process.stderr.write(`circles: WARNING ${line}\n`);
  const container = await createContainer(config).catch((err: unknown) => {
    if (err instanceof DatabaseUnavailableError || err instanceof IndexBuildError)
      fail(err.message);
    throw err;
  });
  // SEED_DEMO decides: auto seeds an empty database in sandbox mode only.
  const seeded = await seedIfEmpty(container);
  if (seeded?.seeded) process.stdout.write(`${formatSummary(seeded)}\n`);
  const demo = await demoAccountLines(container);
  const stopJobs = scheduleJobs(container);
  const app = createApp(container);
  const running = await listen(app, config.port, config.host, container.logger).catch(
    async (err: unknown) => {
      await container.close();
      if (err instanceof PortInUseError) fail(err.message);
      throw err;
    },
  );

  const demoWeCom = await startDemoWeCom(container, running.port);
  const base = config.publicUrl.replace(/:\d+$/, `:${running.port}`);
  const lines = [
    '',
    `  圈层会员 Circles is running${config.sandbox ? ' (sandbox mode: local WeChat/WeCom/Pay fakes)' : ''}`,
    `  Database:        ${container.db.engine === 'embedded' ? `embedded engine, data in ${config.dataDir}` : container.db.engine}`,
    `  Member center:   ${base}/h5/`,
    `  Admin panel:     ${base}/admin/`,
    `  WeCom sidebar:   ${base}/sidebar/${demoWeCom}`,
    `  Health:          ${base}/healthz`,
    `  API (OpenAPI):   ${base}/openapi.json`,
    '',
    ...demo,
    ...(demo.length ? [''] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    container.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    stopJobs();
    await running.shutdown();
    await container.close();
    container.logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`circles: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
