import type { Connection } from 'mongoose';
import type { Config } from './config';
import type { Database } from './db';
import type { Clock } from './lib/clock';
import type { Logger } from './lib/logger';
import type { Metrics } from './lib/metrics';
import type { PhoneCrypto } from './lib/phone-crypto';
import type { TokenSigner } from './lib/tokens';

/** What every module factory may use. */
export interface Core {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  db: Database;
  /** The mongoose connection; modules register their models on it. */
  conn: Connection;
  tokens: TokenSigner;
  phoneCrypto: PhoneCrypto;
  /** Functions run (in reverse order) when the container closes. */
  onClose(fn: () => Promise<void>): void;
}
