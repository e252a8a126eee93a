import { memberCodeRoutes } from '@circles/shared';
import type { Container } from '../../container';
import { AppError } from '../../lib/errors';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';

export function registerMemberCodeRoutes(api: ApiRouter, c: Container): void {
  const { memberCodes } = c.services;
  api.add(memberCodeRoutes.issue, ({ auth }) => memberCodes.issue(memberIdOf(auth)));
  api.add(memberCodeRoutes.resolve, ({ auth, body }) => {
    if (auth?.kind !== 'integration') throw AppError.of('AUTH_REQUIRED', '请先登录');
    return memberCodes.resolve(body.code, { keyId: auth.keyId, storeCode: body.storeCode ?? null });
  });
}
