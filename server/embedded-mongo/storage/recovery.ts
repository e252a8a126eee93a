import fs from 'node:fs/promises';
import path from 'node:path';
import type { Doc } from '../engine/compare';
import type { Engine, Op } from '../engine/engine';
import { Slicer } from '../engine/slice';
import type { Logger } from '../wire/server';
import { FILE_MODE } from './files';
import { type Damage, scanFrames } from './records';
import { readSnapshot } from './snapshot';

export const journalName = (gen: number) => `journal.${gen}.log`;
const JOURNAL = /^journal\.(\d+)\.log$/;

/** What start-up found and did, for the log and for `EmbeddedMongo.recovery`. */
export interface RecoveryReport {
  /** Journal records (commands) replayed on top of the snapshot. */
  replayed: number;
  /** Torn tails cut off the end of the journal: a crash mid-write, never an acknowledged one. */
  truncated: { file: string; offset: number; bytes: number }[];
  /** With `repair`: what could not be read, and where a copy of the damaged file was kept. */
  repaired: {
    file: string;
    copy: string;
    offset: number;
    bytes: number;
    records: number;
    reason: string;
  }[];
}

/** Corruption that recovery will not skip on its own (acknowledged writes would be lost). */
export class CorruptionError extends Error {}

async function keepCopy(file: string): Promise<string> {
  const copy = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await fs.copyFile(file, copy);
  await fs.chmod(copy, FILE_MODE);
  return copy;
}

const lost = (d: Damage) =>
  `${d.end - d.offset} bytes at offsets ${d.offset}-${d.end} (about ${d.records} record(s): ${d.reason})`;

/**
 * Loads `snapshot.bson` and replays the journals after it. A damaged stretch at the very end
 * of the journal is a write torn by a crash (never acknowledged: replies wait for the fsync)
 * and is cut off. Damage anywhere else would drop acknowledged writes, so start-up stops,
 * unless `repair` is set: then a copy of the file is kept, everything readable is replayed
 * (records are physical: whole documents and deletes by id) and the losses are reported.
 */
export async function recover(
  dir: string,
  engine: Engine,
  logger: Logger,
  repair: boolean,
): Promise<{ gen: number; report: RecoveryReport }> {
  const report: RecoveryReport = { replayed: 0, truncated: [], repaired: [] };
  const slicer = new Slicer(); // yield now and then, so the lock heartbeat keeps beating
  const replay = (op: Op) => {
    // a failure means the files disagree with the engine's rules (which they should never
    // do); it is logged, and losing that one op beats refusing to start
    try {
      engine.apply(op);
    } catch (err) {
      logger.error(err, `embedded-mongo: could not replay ${op.op} on ${'db' in op ? op.db : '?'}`);
    }
  };
  const files = await fs.readdir(dir);
  for (const f of files) if (f.endsWith('.tmp')) await fs.rm(path.join(dir, f), { force: true });

  const snapFile = path.join(dir, 'snapshot.bson');
  const snap = await readSnapshot(snapFile, repair);
  const base = snap?.gen ?? 0;
  if (snap?.damage.length) {
    const copy = await keepCopy(snapFile);
    for (const d of snap.damage) {
      logger.warn(
        `embedded-mongo: repair: snapshot ${snapFile} lost ${lost(d)}; copy kept at ${copy}`,
      );
      report.repaired.push({
        file: snapFile,
        copy,
        offset: d.offset,
        bytes: d.end - d.offset,
        records: d.records,
        reason: d.reason,
      });
    }
  }
  // a snapshot holds each collection's metadata, then all its documents
  let bulk: { db: string; coll: string; docs: Doc[] } | undefined;
  const flush = () => {
    if (bulk) engine.bulkLoad(bulk.db, bulk.coll, bulk.docs);
    bulk = undefined;
  };
  for (const op of snap?.ops ?? []) {
    if (op.op !== 'insert') {
      flush();
      replay(op);
      continue;
    }
    if (!bulk || bulk.db !== op.db || bulk.coll !== op.coll) {
      flush();
      bulk = { db: op.db, coll: op.coll, docs: [] };
    }
    bulk.docs.push(op.doc);
  }
  flush();

  const gens = files
    .map((f) => JOURNAL.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  const sizes = await Promise.all(
    gens.map(async (g) => (await fs.stat(path.join(dir, journalName(g)))).size),
  );
  for (let k = 0; k < gens.length; k++) {
    const file = path.join(dir, journalName(gens[k]));
    if (gens[k] < base) {
      await fs.rm(file, { force: true });
      continue;
    }
    // a write can only be torn in the last journal holding data: rotation syncs the old first
    const last = sizes.slice(k + 1).every((s) => s === 0);
    const buf = await fs.readFile(file);
    let copy: string | undefined;
    let cutAt: number | undefined;
    for (const piece of scanFrames(buf)) {
      if (piece.kind === 'commands') {
        for (const ops of piece.commands) for (const op of ops) replay(op as Op);
        report.replayed += piece.commands.length;
        if (slicer.due()) await slicer.pause();
        continue;
      }
      if (piece.atEnd && last) {
        logger.warn(
          `embedded-mongo: cutting a torn write off the end of ${file}: ${lost(piece)}; it was never acknowledged`,
        );
        report.truncated.push({ file, offset: piece.offset, bytes: piece.end - piece.offset });
        cutAt = piece.offset;
        continue;
      }
      if (!repair) {
        const after = piece.atEnd
          ? 'later journal files hold more writes'
          : `${buf.length - piece.end} bytes of intact records follow it`;
        throw new CorruptionError(
          `embedded-mongo: journal ${file} is corrupt at offset ${piece.offset}: ${lost(piece)}, and ${after}. Refusing to start rather than drop acknowledged writes; start with --repair (repair: true) to keep a copy of the journal and recover everything readable`,
        );
      }
      copy ??= await keepCopy(file);
      logger.warn(`embedded-mongo: repair: ${file} lost ${lost(piece)}; copy kept at ${copy}`);
      report.repaired.push({
        file,
        copy,
        offset: piece.offset,
        bytes: piece.end - piece.offset,
        records: piece.records,
        reason: piece.reason,
      });
      if (piece.atEnd) cutAt = piece.offset;
    }
    // later writes must not land after garbage
    if (cutAt !== undefined) await fs.truncate(file, cutAt);
  }
  if (report.replayed > 0)
    logger.info(`embedded-mongo: replayed ${report.replayed} journal records`);
  return { gen: Math.max(base, gens.at(-1) ?? 0), report };
}
