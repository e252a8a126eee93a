import { nodeIo } from './io';
import { runCli } from './run';

// npm runs workspace scripts inside server/; relative paths mean the caller's directory.
const cwd = process.env.INIT_CWD ?? process.cwd();
process.exitCode = runCli(process.argv.slice(2), nodeIo(cwd));
