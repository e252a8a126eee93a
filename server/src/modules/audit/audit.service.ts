import type { AuditActor, AuditEntry, AuditTarget, auditListQuery } from '@circles/shared';
import type { Context } from 'koa';
import type { QueryFilter } from 'mongoose';
import type { z } from 'zod';
import type { Clock } from '../../lib/clock';
import type { AuthContext } from '../../lib/koa-types';
import type { AuditLogDoc, AuditModel } from './audit.model';
import { redactSnapshot } from './redact';

/** Who did it and within which request: everything an audit record takes from the request. */
export interface AuditBy {
  actor: AuditActor;
  requestId: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: 'system', name: 'system' };

export function actorOf(auth: AuthContext | undefined): AuditActor {
  switch (auth?.kind) {
    case 'admin':
      return { kind: 'admin', id: auth.adminId, name: auth.username };
    case 'consultant':
      return { kind: 'consultant', id: auth.consultantId, name: auth.userId };
    case 'member':
      return { kind: 'member', id: auth.memberId, name: auth.memberNo };
    case 'integration':
      return { kind: 'integration', id: auth.keyId, name: auth.keyId };
    default:
      return SYSTEM_ACTOR;
  }
}

/** The actor and request id of a Koa request (handlers: `auditBy(ctx)`). */
export function auditBy(ctx: Pick<Context, 'state'>): AuditBy {
  return { actor: actorOf(ctx.state.auth), requestId: ctx.state.requestId ?? null };
}

/** For jobs, seeds and CLIs: a system actor with a name saying which one. */
export function systemBy(name: string): AuditBy {
  return { actor: { kind: 'system', id: 'system', name }, requestId: null };
}

type AuditListQuery = z.infer<typeof auditListQuery>;

/**
 * The append-only audit log. Modules record every admin write here:
 * `await c.services.audit.recordFor(ctx, 'tier.update', { type: 'tier', id: code }, before, after)`.
 * Recorded after the change it describes (there are no multi-document transactions), so a
 * crash between the two leaves a change without its record, never a record without a change.
 */
export class AuditService {
  constructor(
    private readonly model: AuditModel,
    private readonly clock: Clock,
  ) {}

  async record(
    by: AuditBy,
    action: string,
    target: AuditTarget,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.model.create({
      actor: by.actor,
      action,
      target,
      before: redactSnapshot(before),
      after: redactSnapshot(after),
      requestId: by.requestId,
      at: this.clock.now(),
    });
  }

  /** One-line form for route handlers. */
  recordFor(
    ctx: Pick<Context, 'state'>,
    action: string,
    target: AuditTarget,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    return this.record(auditBy(ctx), action, target, before, after);
  }

  async list(q: AuditListQuery) {
    const filter: QueryFilter<AuditLogDoc> = {};
    if (q.actor) filter.$or = [{ 'actor.id': q.actor }, { 'actor.name': q.actor }];
    if (q.action) {
      // A range rather than a regex: served by the action index on every engine.
      filter.action = q.action.endsWith('.')
        ? { $gte: q.action, $lt: `${q.action}\uffff` }
        : q.action;
    }
    if (q.targetType) filter['target.type'] = q.targetType;
    if (q.targetId) filter['target.id'] = q.targetId;
    if (q.from || q.to) {
      filter.at = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
    }
    const [docs, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ at: -1, _id: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean<AuditLogDoc[]>(),
      this.model.countDocuments(filter),
    ]);
    return { items: docs.map(toEntry), total, page: q.page, pageSize: q.pageSize };
  }
}

function toEntry(d: AuditLogDoc): AuditEntry {
  return {
    id: d._id.toHexString(),
    actor: { kind: d.actor.kind, id: d.actor.id, name: d.actor.name },
    action: d.action,
    target: { type: d.target.type, id: d.target.id },
    before: d.before ?? null,
    after: d.after ?? null,
    requestId: d.requestId ?? null,
    at: d.at.toISOString(),
  };
}
