import fs from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../index';
import { faults } from '../storage/faults';
import { scanFrames } from '../storage/records';
import { describeEngine, tempDir, withEngine } from './storage-helpers';

const eio = () => Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });

/** Fails the next journal write (after writing `writtenBytes` of it), then clears itself. */
function failNextJournalWrite(writtenBytes = 0): void {
  faults.journal = () => {
    faults.journal = undefined;
    return { error: eio(), writtenBytes };
  };
}

afterEach(() => {
  faults.journal = undefined;
});

describeEngine('a journal write that fails', () => {
  it('rolls back insert, update, delete, findAndModify and index builds, and reports it', async () => {
    const dbPath = await tempDir();
    await withEngine(dbPath, async (db) => {
      const c = db.collection('w');
      await c.insertMany([
        { _id: 1 as never, v: 1 },
        { _id: 2 as never, v: 2 },
      ]);

      failNextJournalWrite();
      await expect(c.insertOne({ _id: 3 as never, v: 3 })).rejects.toThrow(/journal write failed/);
      expect(await c.findOne({ _id: 3 as never })).toBeNull();

      failNextJournalWrite();
      await expect(c.updateOne({ _id: 1 as never }, { $set: { v: 10 } })).rejects.toThrow(
        /journal/,
      );
      expect((await c.findOne({ _id: 1 as never }))?.v).toBe(1);

      failNextJournalWrite();
      await expect(c.deleteOne({ _id: 2 as never })).rejects.toThrow(/journal/);
      expect(await c.countDocuments()).toBe(2);

      failNextJournalWrite();
      await expect(
        c.findOneAndUpdate({ _id: 1 as never }, { $inc: { v: 5 } }, { upsert: true }),
      ).rejects.toThrow(/journal/);
      failNextJournalWrite();
      await expect(
        c.findOneAndUpdate({ _id: 9 as never }, { $set: { v: 9 } }, { upsert: true }),
      ).rejects.toThrow(/journal/);
      failNextJournalWrite();
      await expect(c.findOneAndDelete({ _id: 2 as never })).rejects.toThrow(/journal/);
      expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, v: 1 },
        { _id: 2, v: 2 },
      ]);

      failNextJournalWrite();
      await expect(c.createIndex({ v: 1 }, { unique: true })).rejects.toThrow(/journal/);
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
      failNextJournalWrite();
      await expect(db.createCollection('fresh')).rejects.toThrow(/journal/);
      expect((await db.listCollections().toArray()).map((x) => x.name)).toEqual(['w']);

      // the fault has passed: the journal was cut back to its last good record, writes resume
      await c.insertOne({ _id: 4 as never, v: 4 });
    });
    await withEngine(dbPath, async (db) => {
      expect(await db.collection('w').find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, v: 1 },
        { _id: 2, v: 2 },
        { _id: 4, v: 4 },
      ]);
    });
  }, 30_000);

  it('does not replay a record whose fsync failed after it was fully written', async () => {
    const dbPath = await tempDir();
    await withEngine(dbPath, async (db) => {
      await db.collection('w').insertOne({ _id: 1 as never });
      failNextJournalWrite(1 << 30); // the whole record reaches the file, then fdatasync fails
      await expect(db.collection('w').insertOne({ _id: 2 as never })).rejects.toThrow(/journal/);
      await db.collection('w').insertOne({ _id: 3 as never });
    });
    await withEngine(dbPath, async (db) => {
      const ids = (await db.collection('w').find().toArray()).map((d) => d._id);
      expect(ids.sort()).toEqual([1, 3]);
    });
  }, 30_000);

  it('never shows a read the data of a write that is not yet journaled and then fails', async () => {
    const dbPath = await tempDir();
    const mongo = await startEmbeddedMongo({ dbPath });
    const opts = { retryWrites: false, retryReads: false };
    const writer = await mongoose.createConnection(mongo.uri, opts).asPromise();
    const reader = await mongoose.createConnection(mongo.uri, opts).asPromise();
    try {
      await writer.db!.collection('w').insertOne({ _id: 0 as never });
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let reached!: () => void;
      const writing = new Promise<void>((r) => {
        reached = r;
      });
      faults.journal = async () => {
        faults.journal = undefined;
        reached();
        await gate; // the insert is applied in memory, its journal write is still out
        return { error: eio() };
      };
      const insert = writer.db!.collection('w').insertOne({ _id: 1 as never, phantom: true });
      await writing;
      const read = reader.db!.collection('w').find({ phantom: true }).toArray();
      const count = reader.db!.collection('w').countDocuments();
      await new Promise((r) => setTimeout(r, 50));
      release();
      await expect(insert).rejects.toThrow(/journal/);
      // the reads either fail with the journal error or see the state without the insert
      const seen = await read.catch((err: Error) => err);
      if (Array.isArray(seen)) expect(seen).toEqual([]);
      else expect(seen.message).toMatch(/journal/);
      const n = await count.catch((err: Error) => err);
      if (typeof n === 'number') expect(n).toBe(1);
      else expect(n.message).toMatch(/journal/);
      expect(await reader.db!.collection('w').find({ phantom: true }).toArray()).toEqual([]);
    } finally {
      await writer.close();
      await reader.close();
      await mongo.stop();
    }
  }, 30_000);

  it('cuts the journal back to its last good record, so no restart can resurrect the write', async () => {
    const dbPath = await tempDir();
    await withEngine(dbPath, async (db) => {
      const c = db.collection('w');
      await c.insertOne({ _id: 1 as never });
      const journal = path.join(dbPath, 'journal.0.log');
      const before = await fs.readFile(journal);
      failNextJournalWrite(1 << 30); // written whole, then the sync fails
      await expect(c.insertOne({ _id: 2 as never })).rejects.toThrow(/journal/);
      expect(await fs.readFile(journal)).toEqual(before);
      failNextJournalWrite(7); // a torn frame would turn into mid-journal corruption later
      await expect(c.insertOne({ _id: 3 as never })).rejects.toThrow(/journal/);
      expect(await fs.readFile(journal)).toEqual(before);
      await c.insertOne({ _id: 4 as never });
      const pieces = [...scanFrames(await fs.readFile(journal))];
      expect(pieces.map((p) => p.kind)).not.toContain('damage');
      const inserted = pieces
        .flatMap((p) => (p.kind === 'commands' ? p.commands.flat() : []))
        .filter((op) => op.op === 'insert')
        .map((op) => op.doc._id);
      expect(inserted).toEqual([1, 4]);
    });
  }, 30_000);

  it('rolls back, newest first, the writes that ran on top of a failed one', async () => {
    const dbPath = await tempDir();
    const mongo = await startEmbeddedMongo({ dbPath });
    const opts = { retryWrites: false, retryReads: false };
    const a = await mongoose.createConnection(mongo.uri, opts).asPromise();
    const b = await mongoose.createConnection(mongo.uri, opts).asPromise();
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let reached!: () => void;
      const writing = new Promise<void>((r) => {
        reached = r;
      });
      faults.journal = async () => {
        faults.journal = undefined;
        reached();
        await gate;
        return { error: eio() };
      };
      const first = a.db!.collection('w').insertOne({ _id: 1 as never, v: 1 });
      await writing;
      // applied in memory on top of the unjournaled insert, queued behind it
      const second = b.db!.collection('w').updateOne({ _id: 1 as never }, { $set: { v: 2 } });
      const third = b.db!.collection('other').insertOne({ _id: 1 as never });
      await new Promise((r) => setTimeout(r, 50));
      release();
      await expect(first).rejects.toThrow(/journal write failed/);
      await expect(second).rejects.toThrow(/journal write failed/);
      await expect(third).rejects.toThrow(/journal write failed/);
      expect(await a.db!.collection('w').find().toArray()).toEqual([]);
      expect((await a.db!.listCollections().toArray()).map((c) => c.name)).toEqual([]);
      await a.db!.collection('w').insertOne({ _id: 5 as never });
    } finally {
      await a.close();
      await b.close();
      await mongo.stop();
    }
    await withEngine(dbPath, async (db) => {
      expect(await db.collection('w').find().toArray()).toEqual([{ _id: 5 }]);
      expect(await db.collection('other').countDocuments()).toBe(0);
    });
  }, 30_000);
});
