import fs from 'node:fs/promises';
import path from 'node:path';

export interface Lock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One engine per dbpath: a `mongod.lock` holding the owner's pid; stale locks are taken over. */
export async function acquireLock(dir: string): Promise<Lock> {
  const file = path.join(dir, 'mongod.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await fs.open(file, 'wx');
      await h.writeFile(String(process.pid));
      await h.close();
      return { release: () => fs.rm(file, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new Error(`embedded-mongo: ${dir} is in use by process ${pid}`);
      }
      await fs.rm(file, { force: true });
    }
  }
  throw new Error(`embedded-mongo: could not lock ${dir}`);
}
