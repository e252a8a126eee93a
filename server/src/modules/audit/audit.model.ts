import type { AuditActor, AuditTarget } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';

export interface AuditLogDoc {
  _id: Types.ObjectId;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  before: unknown;
  after: unknown;
  requestId: string | null;
  at: Date;
}

const APPEND_ONLY_OPS = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const;

function auditSchema(): Schema<AuditLogDoc> {
  const schema = new Schema<AuditLogDoc>(
    {
      actor: {
        kind: { type: String, required: true },
        id: { type: String, required: true },
        name: { type: String, required: true },
      },
      action: { type: String, required: true },
      target: {
        type: { type: String, required: true },
        id: { type: String, required: true },
      },
      before: { type: Schema.Types.Mixed, default: null },
      after: { type: Schema.Types.Mixed, default: null },
      requestId: { type: String, default: null },
      at: { type: Date, required: true },
    },
    // `minimize: false` keeps `{}` snapshots as recorded instead of dropping them.
    { collection: 'audit_logs', versionKey: false, minimize: false },
  );
  // One index per filter the panel offers, each ending in `at` so the newest-first sort is served.
  schema.index({ at: -1 });
  schema.index({ 'actor.id': 1, at: -1 });
  schema.index({ 'actor.name': 1, at: -1 });
  schema.index({ action: 1, at: -1 });
  schema.index({ 'target.type': 1, 'target.id': 1, at: -1 });
  // The log is append-only: refuse, through this model, anything that rewrites history.
  for (const op of APPEND_ONLY_OPS) {
    schema.pre(op, () => {
      throw new Error(`audit_logs is append-only (${op} refused)`);
    });
  }
  return schema;
}

/** Registers the audit model on one connection (called once per container). */
export function auditModel(conn: Connection) {
  return conn.model<AuditLogDoc>('AuditLog', auditSchema());
}
export type AuditModel = ReturnType<typeof auditModel>;
