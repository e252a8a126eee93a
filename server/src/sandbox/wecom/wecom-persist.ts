import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../lib/logger';
import type { DirectorySnapshot } from './wecom-directory';
import type { FakeWeComState } from './wecom-fake-state';
import type { GroupRec } from './wecom-tag-library';

interface Snapshot {
  version: 1;
  directory: DirectorySnapshot;
  tagGroups: GroupRec[];
}

function snapshotOf(state: FakeWeComState): Snapshot {
  return { version: 1, directory: state.directory.snapshot(), tagGroups: state.tags.snapshot() };
}

/**
 * Keeps the fake WeCom's people, relations and corp tag library in a file, so a restarted
 * sandbox still knows the customers and tag ids the server's database refers to (real WeCom
 * would remember them too). Writes go through a temp file and rename, so a crash mid-write
 * leaves the previous copy.
 */
export function persistFakeWeCom(
  state: FakeWeComState,
  file: string,
  logger: Logger,
  everyMs = 2000,
): { flush(): void; stop(): void } {
  if (existsSync(file)) {
    try {
      const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
      if (snap.version === 1) {
        state.directory.restore(snap.directory);
        state.tags.restore(snap.tagGroups);
      }
    } catch (err) {
      logger.warn({ err, file }, 'sandbox WeCom state unreadable; starting with an empty corp');
    }
  }
  let last = JSON.stringify(snapshotOf(state));
  const flush = () => {
    const text = JSON.stringify(snapshotOf(state));
    if (text === last) return;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
      last = text;
    } catch (err) {
      logger.warn({ err, file }, 'could not save the sandbox WeCom state');
    }
  };
  const timer = setInterval(flush, everyMs);
  timer.unref();
  return {
    flush,
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
