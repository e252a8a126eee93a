import { parseArgs } from 'node:util';
import { openCliContainer } from '../../lib/cli';
import { formatSummary, seedDemoBrand } from './seed';

const USAGE = `usage: npm run seed -w server [-- --members 10000 --years 2 --seed N]

Fills an empty database with a demo brand: members, stores, two years of orders, refunds
and tiers. Does nothing (and says so) when the database already has members or orders.
Uses MONGODB_URI, or the embedded engine in the data dir like npm start (stop the server first).`;

function fail(message: string, code = 1): never {
  process.stderr.write(`seed: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '10000' },
      years: { type: 'string', default: '2' },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) fail(USAGE, 0);
  const members = Number(values.members);
  const years = Number(values.years);
  if (!Number.isInteger(members) || members < 1) fail('--members must be a positive integer', 2);
  if (!(years > 0 && years <= 10)) fail('--years must be between 0 and 10', 2);
  const container = await openCliContainer();
  try {
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    process.stdout.write(
      `${formatSummary(await seedDemoBrand(container, { members, years, seed }))}\n`,
    );
  } finally {
    await container.close();
  }
}

main().catch((err: unknown) => fail((err as Error).stack ?? String(err)));
