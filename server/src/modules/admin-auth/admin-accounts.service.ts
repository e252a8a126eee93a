import type {
  AdminAccount,
  AdminRole,
  adminAccountCreateBody,
  adminAccountListQuery,
  adminAccountPatchBody,
} from '@circles/shared';
import { isValidObjectId, type QueryFilter } from 'mongoose';
import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { AuditBy, AuditService } from '../audit';
import type { AdminAccountDoc, AdminAuthModels } from './admin-account.model';
import { type DemoCredential, ensureDemoAdmin } from './demo';
import type { PasswordHasher } from './password';
import { accountView } from './views';

type CreateInput = z.infer<typeof adminAccountCreateBody>;
type PatchInput = z.infer<typeof adminAccountPatchBody>;
type ListQuery = z.infer<typeof adminAccountListQuery>;

const notFound = () => AppError.of('NOT_FOUND', '账号不存在');

/** Back-office account administration (role `admin` only, enforced by the route contracts). */
export class AdminAccountService {
  constructor(
    private readonly models: AdminAuthModels,
    private readonly deps: { hasher: PasswordHasher; audit: AuditService },
  ) {}

  async list(q: ListQuery) {
    const filter: QueryFilter<AdminAccountDoc> = {};
    if (q.role) filter.role = q.role;
    if (q.disabled) filter.disabled = q.disabled === 'true';
    const { AdminAccount } = this.models;
    const [docs, total] = await Promise.all([
      AdminAccount.find(filter)
        .sort({ username: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean<AdminAccountDoc[]>(),
      AdminAccount.countDocuments(filter),
    ]);
    return { items: docs.map(accountView), total, page: q.page, pageSize: q.pageSize };
  }

  async create(by: AuditBy, input: CreateInput): Promise<AdminAccount> {
    let doc: AdminAccountDoc;
    try {
      const created = await this.models.AdminAccount.create({
        username: input.username,
        passwordHash: await this.deps.hasher.hash(input.password),
        role: input.role,
        displayName: input.displayName,
      });
      doc = created.toObject<AdminAccountDoc>();
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw AppError.of('ADMIN_USERNAME_TAKEN', '用户名已被占用', {
          fields: [{ path: 'body.username', message: 'already taken' }],
        });
      }
      throw err;
    }
    const view = accountView(doc);
    await this.deps.audit.record(by, 'admin_account.create', target(view.id), null, view);
    return view;
  }

  async update(by: AuditBy, id: string, patch: PatchInput): Promise<AdminAccount> {
    if (!isValidObjectId(id)) throw notFound();
    const { AdminAccount } = this.models;
    const before = await AdminAccount.findById(id).lean<AdminAccountDoc>();
    if (!before) throw notFound();
    // An admin never removes their own access: the last admin can then never lock everyone out.
    const self = by.actor.kind === 'admin' && by.actor.id === id;
    if (self && (patch.disabled === true || (patch.role && patch.role !== 'admin'))) {
      throw AppError.of('ADMIN_SELF_LOCKOUT', '不能停用自己的账号或取消自己的管理员角色');
    }
    const $set: Partial<AdminAccountDoc> = {};
    if (patch.displayName !== undefined) $set.displayName = patch.displayName;
    if (patch.role !== undefined) $set.role = patch.role;
    if (patch.disabled !== undefined) $set.disabled = patch.disabled;
    if (patch.password !== undefined)
      $set.passwordHash = await this.deps.hasher.hash(patch.password);
    // A new password or a disable ends every open session of the account.
    const endSessions =
      patch.password !== undefined || (patch.disabled === true && !before.disabled);
    const after = await AdminAccount.findOneAndUpdate(
      { _id: before._id },
      endSessions ? { $set, $inc: { tokenVersion: 1 } } : { $set },
      { returnDocument: 'after' },
    ).lean<AdminAccountDoc>();
    if (!after) throw notFound();
    const view = accountView(after);
    await this.deps.audit.record(
      by,
      'admin_account.update',
      target(view.id),
      accountView(before),
      patch.password !== undefined ? { ...view, passwordReset: true } : view,
    );
    return view;
  }

  /** True when at least one account holds the role (sandbox demo seeding asks about `admin`). */
  async anyWithRole(role: AdminRole): Promise<boolean> {
    return (await this.models.AdminAccount.exists({ role })) !== null;
  }

  async byUsername(username: string): Promise<AdminAccount | null> {
    const doc = await this.models.AdminAccount.findOne({ username }).lean<AdminAccountDoc>();
    return doc ? accountView(doc) : null;
  }

  async usernameExists(username: string): Promise<boolean> {
    return (await this.models.AdminAccount.exists({ username })) !== null;
  }

  /** Sandbox start-up: demo accounts per role when no admin exists yet (see demo.ts). */
  ensureDemoAdmin(): Promise<DemoCredential[]> {
    return ensureDemoAdmin(this);
  }
}

const target = (id: string) => ({ type: 'admin_account', id });
