import fs from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedMongo } from '../index';
import { encodeBatch, encodeOps, encodeRecord } from '../storage/records';
import { describeEngine, recordingLogger, tempDir, withEngine } from './storage-helpers';

const insert = (n: number) =>
  encodeRecord([{ op: 'insert', db: 'circles', coll: 'c', doc: { _id: n, n } }]);

/** A journal as a crash leaves it: a collection, then one acknowledged insert per record. */
async function journalOf(dbPath: string, n: number, name = 'journal.0.log') {
  const records = [
    encodeRecord([{ op: 'createCollection', db: 'circles', coll: 'c', options: {} }]),
    ...Array.from({ length: n }, (_, i) => insert(i)),
  ];
  const offsets: number[] = [];
  let at = 0;
  for (const r of records) {
    offsets.push(at);
    at += r.length;
  }
  const file = path.join(dbPath, name);
  await fs.writeFile(file, Buffer.concat(records), { mode: 0o600 });
  return { file, offsets, size: at };
}

const ids = async (dbPath: string, opts = {}) =>
  withEngine(
    dbPath,
    async (db) =>
      (await db.collection('c').find().sort({ _id: 1 }).toArray()).map((d) => d._id as unknown),
    opts,
  );

describeEngine('recovery', () => {
  it('cuts a torn last record off, logs it and keeps every acknowledged write', async () => {
    const dbPath = await tempDir();
    const { file, size } = await journalOf(dbPath, 5);
    const torn = insert(99).subarray(0, 30); // a crash mid-append
    await fs.appendFile(file, torn);
    const logger = recordingLogger();
    const mongo = await startEmbeddedMongo({ dbPath, logger });
    expect(mongo.recovery?.truncated).toEqual([{ file, offset: size, bytes: 30 }]);
    expect(mongo.recovery?.repaired).toEqual([]);
    await mongo.stop();
    expect(logger.lines.join('\n')).toMatch(
      /cutting a torn write off the end of .*journal\.0\.log/,
    );
    expect(await ids(dbPath)).toEqual([0, 1, 2, 3, 4]);
  });

  it('treats a zero-filled tail (a file extended by a crash) as torn', async () => {
    const dbPath = await tempDir();
    const { file } = await journalOf(dbPath, 3);
    await fs.appendFile(file, Buffer.alloc(4096));
    expect(await ids(dbPath)).toEqual([0, 1, 2]);
  });

  it('refuses to start on corruption in the middle of the journal, naming file and offset', async () => {
    const dbPath = await tempDir();
    const { file, offsets } = await journalOf(dbPath, 10);
    const buf = await fs.readFile(file);
    buf[offsets[4] + 20] ^= 0xff; // a flipped byte inside the 4th insert
    await fs.writeFile(file, buf);
    const err = await startEmbeddedMongo({ dbPath }).then(
      () => new Error('started'),
      (e: Error) => e,
    );
    expect(err.message).toContain(`journal ${file} is corrupt at offset ${offsets[4]}`);
    expect(err.message).toMatch(/checksum mismatch.*intact records follow it.*--repair/);
    // nothing was changed or deleted, and the lock was released
    expect(await fs.readFile(file)).toEqual(buf);
    expect((await fs.readdir(dbPath)).sort()).toEqual(['journal.0.log']);
  });

  it('with repair, keeps a copy of the bad journal, recovers the rest and reports the loss', async () => {
    const dbPath = await tempDir();
    const { file, offsets } = await journalOf(dbPath, 10);
    const buf = await fs.readFile(file);
    buf.writeUInt32LE(0xdeadbeef, offsets[4] + 4); // a damaged length: the record is lost
    await fs.writeFile(file, buf);
    const logger = recordingLogger();
    const mongo = await startEmbeddedMongo({ dbPath, repair: true, logger });
    const [loss] = mongo.recovery!.repaired;
    await mongo.stop();
    expect(mongo.recovery!.repaired).toHaveLength(1);
    expect(loss).toMatchObject({ file, offset: offsets[4], bytes: offsets[5] - offsets[4] });
    expect(loss.records).toBe(1);
    expect(await fs.readFile(loss.copy)).toEqual(buf);
    expect((await fs.stat(loss.copy)).mode & 0o777).toBe(0o600);
    expect(logger.lines.join('\n')).toMatch(/repair: .*journal\.0\.log lost \d+ bytes at offsets/);
    // the insert of _id 3 (record 4) is gone, everything after it was salvaged
    expect(await ids(dbPath)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    // the repaired state was compacted: the next start is clean, without --repair
    const again = await startEmbeddedMongo({ dbPath });
    expect(again.recovery).toEqual({ replayed: 0, truncated: [], repaired: [] });
    await again.stop();
  });

  it('refuses damage at the end of a journal that later journals follow', async () => {
    const dbPath = await tempDir();
    const first = await journalOf(dbPath, 3, 'journal.0.log');
    await fs.appendFile(first.file, Buffer.from('garbage that no crash of ours leaves'));
    await fs.writeFile(path.join(dbPath, 'journal.1.log'), insert(7));
    await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(
      /journal\.0\.log is corrupt at offset \d+: .*later journal files hold more writes/,
    );
    expect(await ids(dbPath, { repair: true })).toEqual([0, 1, 2, 7]);
  });

  it('refuses a damaged snapshot; repair loads what is readable and keeps a copy', async () => {
    const dbPath = await tempDir();
    await withEngine(dbPath, async (db) => {
      await db.collection('big').insertMany(Array.from({ length: 2500 }, (_, i) => ({ i })));
      await db.collection('small').insertOne({ kept: true });
    });
    const snap = path.join(dbPath, 'snapshot.bson');
    const buf = await fs.readFile(snap);
    buf[Math.floor(buf.length / 2)] ^= 0xff; // inside one of big's 1000-document records
    await fs.writeFile(snap, buf);
    await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(
      /snapshot .* is damaged at offset \d+ \(a checksum mismatch\); refusing to start/,
    );
    const mongo = await startEmbeddedMongo({ dbPath, repair: true });
    const repaired = mongo.recovery!.repaired;
    await mongo.stop();
    expect(repaired).toHaveLength(1);
    expect(await fs.readFile(repaired[0].copy)).toEqual(buf);
    await withEngine(dbPath, async (db) => {
      expect(await db.collection('big').countDocuments()).toBe(1500);
      expect(await db.collection('small').countDocuments({ kept: true })).toBe(1);
    });
  });

  it('replays group commits whole and cuts a torn one off', async () => {
    const dbPath = await tempDir();
    const { file } = await journalOf(dbPath, 2);
    const cmd = (n: number) =>
      encodeOps([{ op: 'insert', db: 'circles', coll: 'c', doc: { _id: n, n } }]);
    await fs.appendFile(file, encodeBatch([cmd(10), cmd(11), cmd(12)]));
    const torn = encodeBatch([cmd(20), cmd(21)]);
    await fs.appendFile(file, torn.subarray(0, torn.length - 3));
    const mongo = await startEmbeddedMongo({ dbPath });
    expect(mongo.recovery?.replayed).toBe(6); // createCollection, 2 inserts, 3 in the batch
    expect(mongo.recovery?.truncated).toHaveLength(1);
    await mongo.stop();
    expect(await ids(dbPath)).toEqual([0, 1, 10, 11, 12]);
  });
});
