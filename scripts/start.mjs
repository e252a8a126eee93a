// `npm start`: build what is missing, then run the server (embedded engine and sandbox mode
// unless configured otherwise). Signals are forwarded so the server can shut down gracefully.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './frontends.mjs';

const built = spawnSync(process.execPath, [path.join(root, 'scripts/ensure-built.mjs')], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);

const tsx = path.join(root, 'node_modules/.bin/tsx');
// Human-readable logs for a person at a terminal, JSON lines otherwise.
const env = { ...process.env };
if (env.LOG_PRETTY === undefined && process.stdout.isTTY) env.LOG_PRETTY = '1';
const child = spawn(tsx, [path.join(root, 'server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env,
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
