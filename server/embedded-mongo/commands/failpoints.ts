import { type Doc, isPlainObject } from '../engine/compare';
import { CODE_NAMES, MongoCommandError } from '../engine/errors';
import type { ConnectionInfo } from '../wire/server';

/**
 * The `failCommand` fail point as mongod's test builds have it, so retry and error-handling
 * code can be tested the way MongoDB's own suites test drivers:
 * `{configureFailPoint: 'failCommand', mode: 'alwaysOn' | 'off' | {times} | {skip},
 *   data: {failCommands, errorCode, closeConnection, errorLabels, writeConcernError,
 *          blockConnection, blockTimeMS, appName}}` (run against `admin`).
 */
interface FailCommand {
  commands: Set<string>;
  data: Doc;
  /** Activations left; Infinity for alwaysOn. */
  times: number;
  /** Matching commands to let through before the first activation. */
  skip: number;
}

/** What the dispatcher should do instead of (or around) running the command. */
export interface FailAction {
  /** Drop the connection without a reply (a network error for the driver). */
  close?: boolean;
  /** Hold the command this long first. */
  blockMs?: number;
  /** Reply with this error instead of running the command. */
  reply?: Doc;
  /** Run the command, then attach this writeConcernError to its reply. */
  writeConcernError?: Doc;
}

// commands a driver needs to keep talking to the server; mongod never fails these either
const EXEMPT = new Set(['configureFailPoint', 'hello', 'isMaster', 'ismaster', 'ping']);

export class FailPoints {
  private failCommand?: FailCommand;
  private entered = 0;

  configure(cmd: Doc, db: string): Doc {
    if (db !== 'admin') {
      throw new MongoCommandError(
        13,
        'configureFailPoint may only be run against the admin database.',
      );
    }
    if (cmd.configureFailPoint !== 'failCommand') {
      throw new MongoCommandError(2, `Cannot find failpoint: ${String(cmd.configureFailPoint)}`);
    }
    const count = this.entered;
    const mode = cmd.mode;
    if (mode === 'off') {
      this.failCommand = undefined;
      return { count, ok: 1 };
    }
    let times = Infinity;
    let skip = 0;
    if (isPlainObject(mode) && typeof mode.times === 'number') times = mode.times;
    else if (isPlainObject(mode) && typeof mode.skip === 'number') skip = mode.skip;
    else if (mode !== 'alwaysOn') {
      throw new MongoCommandError(9, 'Unsupported failpoint mode');
    }
    const data = isPlainObject(cmd.data) ? cmd.data : {};
    const list = Array.isArray(data.failCommands) ? data.failCommands.map(String) : [];
    this.failCommand = { commands: new Set(list), data, times, skip };
    this.entered = 0;
    return { count, ok: 1 };
  }

  /** Called before each command; returns the injected behaviour, if the fail point fires. */
  check(name: string, conn: ConnectionInfo): FailAction | undefined {
    const fp = this.failCommand;
    if (!fp || EXEMPT.has(name) || !fp.commands.has(name)) return undefined;
    if (typeof fp.data.appName === 'string' && fp.data.appName !== conn.appName) return undefined;
    if (fp.skip > 0) {
      fp.skip--;
      return undefined;
    }
    if (fp.times <= 0) return undefined;
    fp.times--;
    this.entered++;
    if (fp.times <= 0) this.failCommand = undefined;
    const d = fp.data;
    const action: FailAction = {};
    if (d.closeConnection === true) action.close = true;
    if (d.blockConnection === true) action.blockMs = Number(d.blockTimeMS ?? 0);
    const labels = Array.isArray(d.errorLabels) ? { errorLabels: d.errorLabels } : {};
    if (typeof d.errorCode === 'number') {
      action.reply = {
        ok: 0,
        errmsg: "Failing command via 'failCommand' failpoint",
        code: d.errorCode,
        codeName: CODE_NAMES[d.errorCode] ?? `Location${d.errorCode}`,
        ...labels,
      };
    } else if (isPlainObject(d.writeConcernError)) action.writeConcernError = d.writeConcernError;
    return action;
  }
}
