/** What the CLI touches outside itself, so tests can run it in-process. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeCsvBytes } from '../../../lib/csv';
import { CliError } from './errors';

export interface CliIo {
  /** Directory relative paths are resolved against (npm runs scripts inside server/). */
  cwd: string;
  /** A file's text: BOM dropped, UTF-8 or (when not valid UTF-8) GBK. */
  readText(file: string): string;
  writeText(file: string, text: string): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

export function nodeIo(cwd: string): CliIo {
  return {
    cwd,
    readText: (file) => decodeCsvBytes(readFileSync(file), 'auto'),
    writeText: (file, text) => writeFileSync(file, text),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

export function readInput(io: CliIo, file: string): string {
  try {
    return io.readText(path.resolve(io.cwd, file));
  } catch (err) {
    throw new CliError(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

export function writeOutput(io: CliIo, file: string, text: string): string {
  const full = path.resolve(io.cwd, file);
  try {
    io.writeText(full, text);
  } catch (err) {
    throw new CliError(
      `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return full;
}
