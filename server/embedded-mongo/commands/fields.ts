import type { Doc } from '../engine/compare';
import { MongoCommandError } from '../engine/errors';

/**
 * MongoDB 7.0 parses these commands with strict IDL parsers: a field that is neither one of the
 * command's own nor a generic argument fails the whole command with 40415. Accepting it instead
 * would let the app rely on an option that a real server refuses (or that we silently ignore).
 * Lists follow src/mongo/idl/generic_argument.idl and the commands' .idl files in 7.0.
 */
const GENERIC_ARGS = [
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  '$db',
  'maxTimeMS',
  'readConcern',
  'writeConcern',
  'lsid',
  'clientOperationKey',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'stmtId',
  'comment',
  '$readPreference',
  '$clusterTime',
  '$audit',
  '$client',
  '$configServerState',
  'allowImplicitCollectionCreation',
  '$oplogQueryData',
  '$queryOptions',
  '$replData',
  'databaseVersion',
  'shardVersion',
  'tracking_info',
  'coordinator',
  'maxTimeMSOpOnly',
  '$configTime',
  '$topologyTime',
  'txnRetryCounter',
  'mayBypassWriteBlocking',
  '$tenant',
  'expectPrefix',
];

const WRITE_BASE = [
  'bypassDocumentValidation',
  'ordered',
  'stmtIds',
  'isTimeseriesNamespace',
  'collectionUUID',
  'encryptionInformation',
];

const COMMAND_FIELDS: Record<string, string[]> = {
  find: [
    'filter',
    'projection',
    'sort',
    'hint',
    'collation',
    'skip',
    'limit',
    'batchSize',
    'ntoreturn',
    'singleBatch',
    'allowDiskUse',
    'min',
    'max',
    'returnKey',
    'showRecordId',
    'tailable',
    'oplogReplay',
    'noCursorTimeout',
    'awaitData',
    'allowPartialResults',
    'let',
    'options',
    'term',
    'readOnce',
    'allowSpeculativeMajorityRead',
    '$_requestResumeToken',
    '$_resumeAfter',
    'runtimeConstants',
  ],
  insert: ['documents', ...WRITE_BASE],
  update: ['updates', 'let', 'runtimeConstants', ...WRITE_BASE],
  delete: ['deletes', 'let', 'runtimeConstants', ...WRITE_BASE],
  findAndModify: [
    'query',
    'fields',
    'sort',
    'hint',
    'collation',
    'arrayFilters',
    'remove',
    'update',
    'new',
    'upsert',
    'bypassDocumentValidation',
    'let',
    'runtimeConstants',
    'encryptionInformation',
    'sampleId',
    '$_allowShardKeyUpdatesWithoutFullShardKeyInQuery',
  ],
  aggregate: [
    'pipeline',
    'explain',
    'allowDiskUse',
    'cursor',
    'bypassDocumentValidation',
    'collation',
    'hint',
    'let',
    'needsMerge',
    'fromMongos',
    'fromRouter',
    '$_requestReshardingResumeToken',
    'isMapReduceCommand',
    'collectionUUID',
    'exchange',
    'runtimeConstants',
    'encryptionInformation',
    '$_generateV2ResumeTokens',
    '$_passthroughToShard',
    '$_isClusterQueryWithoutShardKeyCmd',
  ],
};

/** Fields of the statements inside `updates` and `deletes` (no `sort` before 8.0). */
const STATEMENT_FIELDS: Record<string, string[]> = {
  updates: [
    'q',
    'u',
    'c',
    'arrayFilters',
    'hint',
    'multi',
    'upsert',
    'upsertSupplied',
    'collation',
    'sampleId',
    '$_allowShardKeyUpdatesWithoutFullShardKeyInQuery',
  ],
  deletes: ['q', 'limit', 'hint', 'collation', 'sampleId'],
};

const ALLOWED = new Map<string, Set<string>>(
  Object.entries(COMMAND_FIELDS).map(([name, own]) => [
    name,
    new Set([name, ...own, ...GENERIC_ARGS]),
  ]),
);
const STATEMENT_ALLOWED = new Map<string, Set<string>>(
  Object.entries(STATEMENT_FIELDS).map(([f, own]) => [f, new Set(own)]),
);

export function unknownField(path: string): MongoCommandError {
  return new MongoCommandError(40415, `BSON field '${path}' is an unknown field.`);
}

/** Throws 40415 for the first field a strict 7.0 parser of this command would not accept. */
export function assertKnownFields(cmd: Doc): void {
  const first = Object.keys(cmd)[0];
  // findandmodify is an alias; the parser (and its error messages) use the canonical name
  const name = first === 'findandmodify' ? 'findAndModify' : first;
  const allowed = ALLOWED.get(name);
  if (!allowed) return;
  for (const k of Object.keys(cmd)) {
    if (k !== first && !allowed.has(k)) throw unknownField(`${name}.${k}`);
  }
  for (const [field, own] of STATEMENT_ALLOWED) {
    const list = cmd[field];
    if (!Array.isArray(list)) continue;
    for (const s of list) {
      if (s === null || typeof s !== 'object') continue;
      for (const k of Object.keys(s as Doc)) {
        if (!own.has(k)) throw unknownField(`${name}.${field}.${k}`);
      }
    }
  }
}
