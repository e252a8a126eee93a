import type { Config } from './config';
import type { Core } from './core';
import { type Database, openDatabase } from './db';
import { systemClock, type Clock } from './lib/clock';
import { AppError } from './lib/errors';
import { buildIndexes } from './lib/indexes';
import { createLogger, type Logger } from './lib/logger';
import { createMetrics, type Metrics } from './lib/metrics';
import { PhoneCrypto } from './lib/phone-crypto';
import type { AuthGuards } from './lib/route';
import { resolveSecrets } from './lib/secrets';
import { TokenSigner } from './lib/tokens';
import { buildGuards, buildServices, type Services } from './modules/registry';
import { version } from './version';

export interface Container extends Core {
  version: string;
  startedAt: Date;
  services: Services;
  guards: AuthGuards;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  logger?: Logger;
  clock?: Clock;
  db?: Database;
  metrics?: Metrics;
}

/**
 * The composition root: the only place that decides which implementation of each part is
 * used (real or sandbox clients, the database, the clock). Tests pass overrides.
 */
export async function createContainer(
  config: Config,
  overrides: ContainerOverrides = {},
): Promise<Container> {
  const logger =
    overrides.logger ?? createLogger({ level: config.logLevel, pretty: config.logPretty });
  const metrics = overrides.metrics ?? createMetrics({ defaultMetrics: config.env !== 'test' });
  const clock = overrides.clock ?? systemClock;
  const db = overrides.db ?? (await openDatabase(config, logger));
  const closers: Array<() => Promise<void>> = [() => db.close()];
  const secrets = resolveSecrets(config);

  if (!db.connection) {
    // No database: only /healthz (degraded) can answer; every module needs a connection.
    throw new Error(db.message ?? 'No database available');
  }
  const core: Core = {
    config,
    logger,
    metrics,
    clock,
    db,
    conn: db.connection,
    tokens: new TokenSigner(secrets.sessionSecret, () => clock.now()),
    phoneCrypto: new PhoneCrypto(secrets.phoneEncKey),
    onClose: (fn) => closers.push(fn),
  };
  const services = await buildServices(core);
  const guards: AuthGuards = {
    none: async (_ctx, next) => next(),
    sandbox: async (_ctx, next) => {
      if (!config.sandbox) throw AppError.of('ROUTE_NOT_FOUND', 'Sandbox routes are off');
      return next();
    },
    ...buildGuards(core, services),
  };
  // Every model is registered by now; nothing listens or runs a job before its indexes exist.
  await buildIndexes(core.conn).catch(async (err: unknown) => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw err;
  });

  return {
    ...core,
    version,
    startedAt: clock.now(),
    services,
    guards,
    async close() {
      for (const close of closers.reverse()) {
        try {
          await close();
        } catch (err) {
          logger.warn({ err }, 'error while closing');
        }
      }
    },
  };
}
