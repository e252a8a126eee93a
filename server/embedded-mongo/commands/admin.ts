import os from 'node:os';
import type { Doc } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE, MAX_WRITE_BATCH_SIZE } from '../wire/protocol';
import type { Handler } from './context';

export const SERVER_VERSION = '7.0.0';

/**
 * The handshake reply. No `topologyVersion` (it would switch the driver to streaming hello)
 * and no `compression` (we never decompress).
 */
export const hello: Handler = (_cmd, ctx) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  maxMessageSizeBytes: MAX_MESSAGE_SIZE,
  maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

export const ping: Handler = () => ({ ok: 1 });

export const buildInfo: Handler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded'],
  ok: 1,
});

export const endSessions: Handler = () => ({ ok: 1 });

export const listDatabases: Handler = (cmd, ctx) => {
  const databases = [...ctx.engine.dbs.entries()].map(([name, colls]) => ({
    name,
    sizeOnDisk: 0,
    empty: [...colls.values()].every((c) => c.docs.size === 0),
  }));
  if (cmd.nameOnly === true) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

const PARAMS = ['ttlMonitorSleepSecs'] as const;

export const getParameter: Handler = (cmd, ctx) => {
  const out: Doc = {};
  for (const p of PARAMS)
    if (cmd[p] !== undefined || cmd.getParameter === '*') out[p] = ctx.params[p];
  return { ...out, ok: 1 };
};

export const setParameter: Handler = (cmd, ctx) => {
  const out: Doc = {};
  let known = false;
  for (const p of PARAMS) {
    if (cmd[p] === undefined) continue;
    const v = Number(cmd[p]);
    if (!Number.isInteger(v) || v < 1) {
      throw new MongoCommandError(2, `Invalid value for parameter ${p}: ${String(cmd[p])}`);
    }
    out.was = ctx.params[p];
    ctx.params[p] = v;
    known = true;
  }
  if (!known)
    throw new MongoCommandError(72, 'no option found to set, use help:true to see options ');
  return { ...out, ok: 1 };
};

const READS = new Set(['find', 'getMore', 'count', 'distinct', 'aggregate']);
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const OPCOUNTERS: Record<string, string> = {
  insert: 'insert',
  find: 'query',
  update: 'update',
  delete: 'delete',
  getMore: 'getmore',
};

/** serverStatus with mongod's opcounters and opLatencies (total microseconds and op count). */
export const serverStatus: Handler = (_cmd, ctx) => {
  const latency = { reads: [0n, 0], writes: [0n, 0], commands: [0n, 0] } as Record<
    string,
    [bigint, number]
  >;
  const opcounters: Doc = { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 };
  for (const [name, st] of ctx.params.stats) {
    const group = READS.has(name) ? 'reads' : WRITES.has(name) ? 'writes' : 'commands';
    latency[group][0] += st.totalNs;
    latency[group][1] += st.count;
    const counter = OPCOUNTERS[name] ?? 'command';
    opcounters[counter] = (opcounters[counter] as number) + st.count;
  }
  const opLatencies: Doc = {};
  for (const [group, [ns, ops]] of Object.entries(latency)) {
    opLatencies[group] = { latency: Number(ns / 1000n), ops };
  }
  const mem = process.memoryUsage();
  return {
    host: os.hostname(),
    version: SERVER_VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor((Date.now() - ctx.params.startedAt.getTime()) / 1000),
    localTime: new Date(),
    mem: {
      bits: 64,
      resident: Math.round(mem.rss / 1048576),
      heapUsedMb: Math.round(mem.heapUsed / 1048576),
    },
    opcounters,
    opLatencies,
    ok: 1,
  };
};

export const connectionStatus: Handler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

export const hostInfo: Handler = () => ({
  system: { hostname: os.hostname(), numCores: os.cpus().length },
  os: { type: os.type() },
  ok: 1,
});
