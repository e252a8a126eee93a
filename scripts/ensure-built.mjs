// Builds the front ends that are missing or older than their sources.
import { spawnSync } from 'node:child_process';
import { root, staleFrontends } from './frontends.mjs';

for (const f of staleFrontends()) {
  console.log(`Building ${f.name} (npm ${f.cmd.join(' ')}) …`);
  const started = Date.now();
  const r = spawnSync('npm', f.cmd, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`Build of ${f.name} failed.`);
    process.exit(r.status ?? 1);
  }
  console.log(`Built ${f.name} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
