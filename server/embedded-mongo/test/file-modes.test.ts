import fs from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedMongo } from '../index';
import { describeEngine, tempDir, withEngine } from './storage-helpers';

const modeOf = async (p: string) => (await fs.stat(p)).mode & 0o777;

describeEngine('dbpath permissions', () => {
  it('creates the dbpath 0700 and every data file 0600, whatever the umask allows', async () => {
    const dbPath = path.join(await tempDir(), 'nested', 'db');
    const old = process.umask(0o022);
    try {
      const mongo = await startEmbeddedMongo({ dbPath });
      expect(await modeOf(dbPath)).toBe(0o700);
      expect(await modeOf(path.dirname(dbPath))).toBe(0o700);
      for (const f of await fs.readdir(dbPath)) {
        expect([f, await modeOf(path.join(dbPath, f))]).toEqual([f, 0o600]);
      }
      await mongo.stop();
      await withEngine(dbPath, async (db) => {
        await db.collection('x').insertOne({ a: 1 });
      });
      const files = await fs.readdir(dbPath);
      expect(files).toContain('snapshot.bson');
      for (const f of files) {
        expect([f, await modeOf(path.join(dbPath, f))]).toEqual([f, 0o600]);
      }
    } finally {
      process.umask(old);
    }
  }, 30_000);
});
