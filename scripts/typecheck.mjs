// Type-checks every workspace with its own tsconfig (one process per package keeps the
// browser and node type environments apart).
import { spawnSync } from 'node:child_process';

const packages = ['shared', 'server', 'admin', 'miniprogram', 'test'];
let failed = false;
for (const pkg of packages) {
  const started = Date.now();
  const r = spawnSync('npx', ['tsc', '-p', pkg], { stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed = true;
    console.error(`typecheck: ${pkg} failed (${secs}s)`);
  } else {
    console.log(`typecheck: ${pkg} ok (${secs}s)`);
  }
}
process.exit(failed ? 1 : 0);
