import { ConfigError, loadConfig } from '../config';
import { type Container, createContainer } from '../container';

/** Prints one line for the operator and exits (no stack for problems they can fix). */
export function cliFail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The same container `npm start` builds (MONGODB_URI or the embedded engine's data dir). */
export async function openCliContainer(): Promise<Container> {
  try {
    return await createContainer(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) cliFail(err.message);
    cliFail(`cannot open the database: ${(err as Error).message}`);
  }
}
