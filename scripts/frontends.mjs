// Which front-end builds exist, and how to make the missing ones. Shared by `npm start` and
// the e2e runner so both build exactly what is missing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const frontends = [
  {
    name: 'admin panel + sidebar',
    output: 'admin/dist/admin/index.html',
    sources: ['admin/src', 'admin/panel', 'admin/sidebar', 'shared/src'],
    cmd: ['run', 'build', '-w', 'admin'],
  },
  {
    name: 'H5 member center',
    output: 'miniprogram/dist/h5/index.html',
    sources: ['miniprogram/src', 'miniprogram/config', 'shared/src'],
    cmd: ['run', 'build:h5', '-w', 'miniprogram'],
  },
];

function newestMtime(dir) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return 0;
  let newest = 0;
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') walk(path.join(p, e));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  walk(abs);
  return newest;
}

/** A build is stale when it is missing or older than any of its sources. */
export function staleFrontends() {
  return frontends.filter((f) => {
    const out = path.join(root, f.output);
    if (!existsSync(out)) return true;
    const built = statSync(out).mtimeMs;
    return f.sources.some((s) => newestMtime(s) > built);
  });
}
