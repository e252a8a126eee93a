// Client half of bench/loop-delay.ts, in its own process so that the driver's decoding does not
// share the engine's event loop. Each stdin line names a phase; `DONE <phase> <n>` answers.
import readline from 'node:readline';
import { MongoClient } from 'mongodb';

const N = Number(process.argv[3] ?? 200_000);
const BATCH = 5_000;

async function main(): Promise<void> {
  const client = await MongoClient.connect(process.argv[2]);
  const coll = client.db('bench').collection('loop');
  const phases: Record<string, () => Promise<number>> = {
    async load() {
      for (let i = 0; i < N; i += BATCH) {
        const docs = Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => ({
          seq: i + k,
          tier: ['silver', 'gold', 'platinum'][(i + k) % 3],
          points: (i + k) % 1000,
          name: `member ${i + k}`.padEnd(60, '.'),
        }));
        await coll.insertMany(docs);
      }
      return coll.estimatedDocumentCount();
    },
    async find() {
      return (await coll.find({}).toArray()).length;
    },
    async findSorted() {
      return (
        await coll
          .find({ points: { $gte: 0 } })
          .sort({ points: -1, seq: 1 })
          .toArray()
      ).length;
    },
  };
  const rl = readline.createInterface({ input: process.stdin });
  for await (const phase of rl) {
    if (phase === 'quit') break;
    const n = await phases[phase]();
    process.stdout.write(`DONE ${phase} ${n}\n`);
  }
  await client.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
