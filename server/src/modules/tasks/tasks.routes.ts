import { adminTaskRoutes, taskRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';
import { defView } from './task-defs';

export function registerTaskRoutes(api: ApiRouter, c: Container): void {
  const { tasks, shares, audit } = c.services;

  api.add(taskRoutes.list, async ({ auth }) => ({ items: await tasks.list(memberIdOf(auth)) }));
  api.add(taskRoutes.signin, async ({ auth }) => ({ items: await tasks.signin(memberIdOf(auth)) }));
  api.add(taskRoutes.claim, ({ auth, params }) => tasks.claim(memberIdOf(auth), params.code));
  api.add(taskRoutes.share, async ({ auth, body }) => ({
    shareId: await shares.share(memberIdOf(auth), body),
  }));
  api.add(taskRoutes.openShare, async ({ auth, params }) => ({
    counted: await shares.open(memberIdOf(auth), params.shareId),
  }));
  api.add(taskRoutes.review, async ({ auth, body }) => {
    await shares.review(memberIdOf(auth), body);
    return { ok: true as const };
  });

  api.add(adminTaskRoutes.list, async () => ({ items: (await tasks.defs.list()).map(defView) }));
  api.add(adminTaskRoutes.create, async ({ body, ctx }) => {
    const after = defView(await tasks.defs.create(body));
    await audit.recordFor(ctx, 'task.create', { type: 'task', id: after.code }, null, after);
    return after;
  });
  api.add(adminTaskRoutes.update, async ({ params, body, ctx }) => {
    const before = defView(await tasks.defs.require(params.code));
    const after = defView(await tasks.defs.update(params.code, body));
    await audit.recordFor(ctx, 'task.update', { type: 'task', id: params.code }, before, after);
    return after;
  });
  api.add(adminTaskRoutes.archive, async ({ params, ctx }) => {
    const before = defView(await tasks.defs.require(params.code));
    const after = defView(await tasks.defs.archive(params.code));
    await audit.recordFor(ctx, 'task.archive', { type: 'task', id: params.code }, before, after);
    return after;
  });
}
