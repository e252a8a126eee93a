import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { isDuplicateKey } from '../../lib/mongo-errors';

interface NonceDoc {
  keyId: string;
  nonce: string;
  /** Past this, the timestamp check refuses the request anyway; the TTL index drops it. */
  expireAt: Date;
}

const schema = new Schema<NonceDoc>(
  { keyId: String, nonce: String, expireAt: Date },
  { collection: 'integration_nonces', versionKey: false },
);
// Shared by every instance: the unique index is what refuses a replay, wherever it lands.
schema.index({ keyId: 1, nonce: 1 }, { unique: true });
schema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

/** Remembers signed requests' nonces for as long as their timestamps are acceptable. */
export class IntegrationNonces {
  private readonly Nonce;

  constructor(
    conn: Connection,
    private readonly clock: Clock,
  ) {
    this.Nonce = conn.models.IntegrationNonce ?? conn.model<NonceDoc>('IntegrationNonce', schema);
  }

  /**
   * Records the nonce; false when it is already live. An entry past its expiry that the TTL
   * monitor has not removed yet is taken over (that request would be refused as skewed anyway).
   */
  async claim(keyId: string, nonce: string, expireAt: Date): Promise<boolean> {
    try {
      await this.Nonce.updateOne(
        { keyId, nonce, expireAt: { $lte: this.clock.now() } },
        { $set: { expireAt } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
