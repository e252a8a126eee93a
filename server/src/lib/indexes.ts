import type { Connection } from 'mongoose';

/** An index that could not be built; start-up stops with the collection and index named. */
export class IndexBuildError extends Error {
  constructor(
    readonly collection: string,
    readonly index: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super(`index ${index} on collection ${collection} could not be built: ${why}`);
    this.name = 'IndexBuildError';
  }
}

const defaultName = (fields: object) =>
  Object.entries(fields)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');

/**
 * Builds every registered model's indexes and waits for them, before the server listens or a
 * job runs: a unique index that is missing (e.g. duplicates after a restore) would otherwise
 * let duplicate ledger entries in while it builds in the background, or fail silently.
 */
export async function buildIndexes(conn: Connection): Promise<void> {
  for (const model of Object.values(conn.models)) {
    // The background build autoIndex started: its failure is reported, with names, below.
    await model.init().catch(() => undefined);
    for (const [fields, options] of model.schema.indexes()) {
      try {
        // Mongoose's IndexDefinition is the driver's key spec under another name.
        await model.collection.createIndex(
          fields as Parameters<typeof model.collection.createIndex>[0],
          options as Parameters<typeof model.collection.createIndex>[1],
        );
      } catch (err) {
        const name = typeof options?.name === 'string' ? options.name : defaultName(fields);
        throw new IndexBuildError(model.collection.collectionName, name, err);
      }
    }
  }
}
