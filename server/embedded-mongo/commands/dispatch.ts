import type { Document } from 'bson';
import { parseCollation } from '../engine/collation';
import { type Doc, isPlainObject } from '../engine/compare';
import type { Change, Engine } from '../engine/engine';
import { MongoCommandError, toCommandError } from '../engine/errors';
import type { Incoming } from '../wire/protocol';
import {
  CLOSE_CONNECTION,
  type CommandRunner,
  type ConnectionInfo,
  type Logger,
} from '../wire/server';
import * as admin from './admin';
import { aggregate } from './aggregate';
import * as colls from './collections';
import type { CommandContext, Handler, ServerParams } from './context';
import type { CursorStore } from './cursors';
import { FailPoints } from './failpoints';
import { assertKnownFields } from './fields';
import { collMod } from './views';
import * as finds from './find';
import { findAndModify } from './find-and-modify';
import * as indexes from './indexes';
import * as writes from './write';

const HANDLERS: Record<string, Handler> = {
  hello: admin.hello,
  isMaster: admin.hello,
  ismaster: admin.hello,
  ping: admin.ping,
  buildInfo: admin.buildInfo,
  buildinfo: admin.buildInfo,
  endSessions: admin.endSessions,
  listDatabases: admin.listDatabases,
  getParameter: admin.getParameter,
  setParameter: admin.setParameter,
  serverStatus: admin.serverStatus,
  connectionStatus: admin.connectionStatus,
  hostInfo: admin.hostInfo,
  create: colls.create,
  drop: colls.drop,
  dropDatabase: colls.dropDatabase,
  listCollections: colls.listCollections,
  renameCollection: colls.renameCollection,
  collStats: colls.collStats,
  collMod,
  createIndexes: indexes.createIndexes,
  listIndexes: indexes.listIndexes,
  dropIndexes: indexes.dropIndexes,
  deleteIndexes: indexes.dropIndexes,
  insert: writes.insert,
  update: writes.update,
  delete: writes.del,
  find: finds.find,
  getMore: finds.getMore,
  killCursors: finds.killCursors,
  count: finds.count,
  distinct: finds.distinct,
  explain: finds.explain,
  findAndModify,
  findandmodify: findAndModify,
  aggregate,
};

/**
 * Makes a command's changes durable; resolves once they are on disk. On failure the change
 * has been rolled back (with every later one) before the promise rejects.
 */
export type Commit = (change: Change) => Promise<void> | undefined;

export interface DispatchDeps {
  engine: Engine;
  cursors: CursorStore;
  params: ServerParams;
  commit: Commit;
  /** The journal writes not yet on disk (undefined when none): what a read has to wait for. */
  pending?: () => Promise<void> | undefined;
  logger: Logger;
  failPoints?: FailPoints;
}

/**
 * Journal failures are reported as UnknownError (8), the code mongod gives a storage-engine
 * error it has no specific code for; drivers do not retry it.
 */
const JOURNAL_FAILED = 8;

// commands that read no collection data: nothing they answer can be rolled back
const NO_WAIT = new Set(['getMore', 'killCursors', 'hello', 'isMaster', 'ismaster', 'ping']);

function commandOf(msg: Incoming): { body: Doc; db: string } {
  if (msg.kind === 'query') {
    const q = msg.query;
    const body = isPlainObject(q.$query)
      ? q.$query
      : q.query && isPlainObject(q.query)
        ? q.query
        : q;
    return { body, db: msg.collection.split('.')[0] || 'admin' };
  }
  const db = typeof msg.body.$db === 'string' ? msg.body.$db : 'test';
  return { body: msg.body, db };
}

function errorReply(err: unknown, logger: Logger): Doc {
  if (!(err instanceof MongoCommandError)) logger.warn(err, 'embedded-mongo: command failed');
  return toCommandError(err).toReply();
}

/**
 * Runs one command against the engine, then waits until everything it saw is durable: its own
 * writes, or for a read the writes before it. A journal failure undoes those writes, so the
 * command fails rather than answer with data that no longer exists.
 */
export function createDispatcher(deps: DispatchDeps): CommandRunner {
  const failPoints = deps.failPoints ?? new FailPoints();
  return async (msg: Incoming, conn: ConnectionInfo): Promise<Document> => {
    const { body, db } = commandOf(msg);
    const name = Object.keys(body)[0] ?? '';
    if (HELLO.has(name)) rememberAppName(body, conn);
    const fail = name === 'configureFailPoint' ? undefined : failPoints.check(name, conn);
    if (fail?.blockMs) await new Promise((r) => setTimeout(r, fail.blockMs));
    if (fail?.close) return { [CLOSE_CONNECTION]: true };
    if (fail?.reply) return fail.reply;
    // taken at the same instant the command runs: the unjournaled state it is about to see
    const seen = NO_WAIT.has(name) ? undefined : deps.pending?.();
    let result: Doc | Promise<Doc>;
    try {
      result =
        name === 'configureFailPoint'
          ? failPoints.configure(body, db)
          : execute(body, db, conn, deps);
    } catch (err) {
      result = errorReply(err, deps.logger);
    }
    // still synchronous with the command: its changes are queued before anything else runs
    const change = deps.engine.takeChange();
    const committed = change.ops.length ? deps.commit(change) : undefined;
    let reply: Doc;
    try {
      reply = await result;
    } catch (err) {
      reply = errorReply(err, deps.logger);
    }
    try {
      await (committed ?? seen);
    } catch (err) {
      const message = (err as Error).message;
      if (committed) deps.logger.error(err, 'embedded-mongo: journal write failed');
      reply = new MongoCommandError(
        JOURNAL_FAILED,
        committed
          ? `journal write failed: ${message}; the command's changes were rolled back`
          : `journal write failed: ${message}; this read saw writes that were rolled back`,
      ).toReply();
    }
    reply = await deps.cursors.finish(reply);
    if (fail?.writeConcernError && reply.ok === 1) reply.writeConcernError = fail.writeConcernError;
    return reply;
  };
}

const HELLO = new Set(['hello', 'isMaster', 'ismaster']);

function rememberAppName(body: Doc, conn: ConnectionInfo): void {
  const client = body.client;
  const app = isPlainObject(client) ? client.application : undefined;
  if (isPlainObject(app) && typeof app.name === 'string') conn.appName = app.name;
}

function collationOf(d: unknown): unknown {
  return isPlainObject(d) ? d.collation : undefined;
}

/**
 * Every collation of the command is parsed up front, so one the engine cannot honour exactly
 * is refused (115) before anything runs rather than compared as binary.
 */
function checkCollations(body: Doc): void {
  const nested = ['updates', 'deletes', 'indexes'].flatMap((f) =>
    Array.isArray(body[f]) ? (body[f] as unknown[]).map(collationOf) : [],
  );
  for (const c of [body.collation, ...nested]) parseCollation(c);
}

function execute(
  body: Doc,
  db: string,
  conn: ConnectionInfo,
  deps: DispatchDeps,
): Doc | Promise<Doc> {
  const name = Object.keys(body)[0];
  if (name === undefined) throw new MongoCommandError(59, "no such command: ''");
  if ('txnNumber' in body || 'startTransaction' in body || 'autocommit' in body) {
    throw new MongoCommandError(
      20,
      'Transaction numbers are only allowed on a replica set member or mongos',
    );
  }
  assertKnownFields(body);
  checkCollations(body);
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!handler) throw new MongoCommandError(59, `no such command: '${name}'`);
  const ctx: CommandContext = {
    engine: deps.engine,
    cursors: deps.cursors,
    params: deps.params,
    db,
    connectionId: conn.id,
  };
  return handler(body, ctx);
}
