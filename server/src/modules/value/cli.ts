import { parseArgs } from 'node:util';
import { cliFail, openCliContainer } from '../../lib/cli';

const USAGE = `usage: npm run value:run -w server [-- --batch 500]

Runs the nightly value job once now (RFM, BG/NBD + Gamma-Gamma, snapshots, warnings) and prints
its figures as JSON. Resumes a killed run; does nothing when another process holds the lease.
Uses MONGODB_URI, or the embedded engine in the data dir like npm start (stop the server first).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      batch: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) cliFail(USAGE, 0);
  const batchSize = values.batch === undefined ? undefined : Number(values.batch);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))
    cliFail('value: --batch must be a positive integer', 2);
  const c = await openCliContainer();
  try {
    const result = await c.services.valueJob.run({ batchSize });
    const overview = result.ran ? await c.services.value.overview() : null;
    const report = {
      ...result,
      model: overview?.run?.model ?? null,
      segments: overview?.segments.map((s) => ({
        segment: s.segment,
        members: s.members,
        revenueShare: Number(s.revenueShare.toFixed(4)),
      })),
      top20RevenueShare: overview?.pareto.find((p) => p.memberShare === 0.2)?.revenueShare ?? null,
      openAlerts: overview?.openAlerts.byKind ?? null,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await c.close();
  }
}

main().catch((err: unknown) => cliFail(`value: ${(err as Error).stack ?? String(err)}`));
