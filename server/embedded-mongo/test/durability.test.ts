import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../index';

// Durability is a property of the embedded engine's dbpath; a MONGODB_URI run skips it.
const describeEngine = process.env.MONGODB_URI ? describe.skip : describe;

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'embedded-mongo-'));
}

async function withEngine<T>(
  dbPath: string,
  fn: (db: mongoose.mongo.Db) => Promise<T>,
): Promise<T> {
  const mongo = await startEmbeddedMongo({ dbPath });
  const conn = await mongoose.createConnection(mongo.uri).asPromise();
  try {
    return await fn(conn.db!);
  } finally {
    await conn.close();
    await mongo.stop();
  }
}

/** Starts the writer child and resolves with the acknowledged sequence numbers once killed. */
function runAndKill(
  dbPath: string,
  killAfterAcks: number,
): Promise<{ acked: Set<number>; child: ChildProcess }> {
  const fixture = path.join(__dirname, 'fixtures', 'crash-writer.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dbPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked = new Set<number>();
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('ACK ')) acked.add(Number(line.slice(4)));
      }
      if (acked.size >= killAfterAcks && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acked, child });
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

describeEngine('durability with --dbpath', () => {
  it('keeps every acknowledged write after SIGKILL, and no partial one', async () => {
    const dbPath = await tempDir();
    const { acked } = await runAndKill(dbPath, 400);
    expect(acked.size).toBeGreaterThanOrEqual(400);
    await withEngine(dbPath, async (db) => {
      const docs = await db.collection('acked').find({}).toArray();
      const stored = new Set(docs.map((d) => d.seq as number));
      const missing = [...acked].filter((seq) => !stored.has(seq));
      expect(missing).toEqual([]);
      for (const d of docs) expect(d.payload).toBe(`p${d.seq}-`.repeat(50));
      const counter = await db.collection('counters').findOne({ _id: 'c' as never });
      expect(counter?.n).toBeGreaterThanOrEqual(acked.size);
      // the unique index came back with the data
      const names = (await db.collection('acked').listIndexes().toArray()).map((i) => i.name);
      expect(names).toContain('seq_1');
      await expect(db.collection('acked').insertOne({ seq: [...acked][0] })).rejects.toMatchObject({
        code: 11000,
      });
    });
    await fs.rm(dbPath, { recursive: true, force: true });
  }, 60_000);

  it('restores indexes, updates and deletes across clean restarts and compaction', async () => {
    const dbPath = await tempDir();
    await withEngine(dbPath, async (db) => {
      const c = db.collection('m');
      await c.createIndex({ k: 1 }, { unique: true });
      await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ k: i, v: 0 })));
      await c.updateMany({ k: { $lt: 10 } }, { $set: { v: 1 } });
      await c.deleteMany({ k: { $gte: 40 } });
    });
    // a clean stop compacts into a snapshot; write more on top and restart again
    expect(await fs.readdir(dbPath)).toContain('snapshot.bson');
    await withEngine(dbPath, async (db) => {
      await db.collection('m').insertOne({ k: 100, v: 2 });
      await db.collection('other').insertOne({ x: 1 });
      await db.collection('other').drop();
    });
    await withEngine(dbPath, async (db) => {
      const c = db.collection('m');
      expect(await c.countDocuments()).toBe(41);
      expect(await c.countDocuments({ v: 1 })).toBe(10);
      expect(await c.findOne({ k: 100 }, { projection: { _id: 0 } })).toEqual({ k: 100, v: 2 });
      const colls = (await db.listCollections().toArray()).map((x) => x.name);
      expect(colls).toEqual(['m']);
      await expect(c.insertOne({ k: 1 })).rejects.toMatchObject({ code: 11000 });
    });
    await fs.rm(dbPath, { recursive: true, force: true });
  }, 60_000);

  it('ignores a torn record at the end of the journal', async () => {
    const dbPath = await tempDir();
    const { acked } = await runAndKill(dbPath, 50);
    const journals = (await fs.readdir(dbPath)).filter((f) => f.startsWith('journal.'));
    const last = path.join(dbPath, journals.sort().at(-1)!);
    // a record header promising more bytes than follow, as a crash mid-append leaves
    const torn = Buffer.alloc(40, 0xab);
    torn.writeUInt32LE(0x4d4a524e, 0);
    torn.writeUInt32LE(5000, 4);
    await fs.appendFile(last, torn);
    await withEngine(dbPath, async (db) => {
      const seqs = new Set((await db.collection('acked').find().toArray()).map((d) => d.seq));
      expect([...acked].every((s) => seqs.has(s))).toBe(true);
      await db.collection('acked').insertOne({ seq: -1 });
    });
    await withEngine(dbPath, async (db) => {
      expect(await db.collection('acked').countDocuments({ seq: -1 })).toBe(1);
    });
    await fs.rm(dbPath, { recursive: true, force: true });
  }, 60_000);

  it('refuses a dbpath another live engine holds', async () => {
    const dbPath = await tempDir();
    const first = await startEmbeddedMongo({ dbPath });
    try {
      const fixture = path.join(__dirname, 'fixtures', 'crash-writer.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, dbPath], {
        stdio: 'pipe',
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const code = await new Promise((r) => child.on('exit', r));
      expect(code).toBe(1);
      expect(stderr).toContain('is in use by process');
    } finally {
      await first.stop();
      await fs.rm(dbPath, { recursive: true, force: true });
    }
  }, 60_000);
});
