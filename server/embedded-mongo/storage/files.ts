import fs from 'node:fs/promises';
import path from 'node:path';

// The dbpath holds every document: owner-only, whatever the umask (which can only remove bits).
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Creates `dir` (and missing parents) 0700; directories that already existed are left alone. */
export async function mkdirPrivate(dir: string): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  // chmod every level created, from the first new one down to dir
  const created: string[] = [];
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    created.push(p);
    if (p === path.resolve(first) || p === path.dirname(p)) break;
  }
  for (const p of created.reverse()) await fs.chmod(p, DIR_MODE);
}

/** Opens (creating if needed) a data file and makes it 0600 even if it existed with more. */
export async function openPrivate(file: string, flags: string): Promise<fs.FileHandle> {
  const h = await fs.open(file, flags, FILE_MODE);
  try {
    await h.chmod(FILE_MODE);
  } catch (err) {
    await h.close();
    throw err;
  }
  return h;
}

export async function fsyncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Writes every byte of `data` at the handle's position (a write may be short). */
export async function writeAll(h: fs.FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) off += (await h.write(data, off, data.length - off)).bytesWritten;
}
