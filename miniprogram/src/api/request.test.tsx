import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../test/fake-api';
import { ApiError, memberMessage } from './errors';
import { buildUrl, configureAuth, request } from './request';

const mockRequest = Taro.request as unknown as jest.Mock;

describe('request wrapper', () => {
  let token: string | null;
  let relogins: number;
  let reloginResult: boolean;

  beforeEach(() => {
    mockRequest.mockReset();
    token = 'tok-1';
    relogins = 0;
    reloginResult = true;
    configureAuth({
      token: () => token,
      relogin: async () => {
        relogins++;
        await new Promise((r) => setTimeout(r, 5));
        if (reloginResult) token = 'tok-2';
        return reloginResult;
      },
    });
  });

  it('builds URLs with encoded query values and drops empty ones', () => {
    expect(buildUrl('/api/mp/points', { page: 2, q: '金 卡', empty: '', none: undefined })).toBe(
      '/api/mp/points?page=2&q=%E9%87%91%20%E5%8D%A1',
    );
    expect(buildUrl('/api/mp/me')).toBe('/api/mp/me');
  });

  it('sends the session token and returns the body of a 2xx answer', async () => {
    const calls = fakeApi({ 'GET /api/mp/me': { body: { memberNo: 'M1' } } });

    await expect(request('/api/mp/me')).resolves.toEqual({ memberNo: 'M1' });
    expect(calls[0]!.header.authorization).toBe('Bearer tok-1');
  });

  it('sends no token on routes marked auth:false', async () => {
    const calls = fakeApi({ 'POST /api/mp/session': { body: { token: 't' } } });

    await request('/api/mp/session', { method: 'POST', body: { code: 'c' }, auth: false });
    expect(calls[0]!.header.authorization).toBeUndefined();
    expect(calls[0]!.data).toEqual({ code: 'c' });
  });

  it('turns the error envelope into an ApiError with code, status and request id', async () => {
    fakeApi({ 'POST /api/mp/points/redeem': apiError(409, 'POINTS_INSUFFICIENT', '积分余额不足') });

    const err = (await request('/api/mp/points/redeem', { method: 'POST' }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'POINTS_INSUFFICIENT', status: 409, requestId: 'req-1' });
    expect(err.message).toBe('积分余额不足');
    expect(memberMessage(err)).toBe('积分不足');
  });

  it('names a failure without an envelope by its HTTP status', async () => {
    mockRequest.mockResolvedValue({ statusCode: 502, data: '<html>Bad Gateway</html>' });

    const err = (await request('/api/mp/me').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('HTTP_502');
    expect(memberMessage(err)).toBe('服务开小差了，请稍后重试');
  });

  it('reports NETWORK when no HTTP answer arrives', async () => {
    mockRequest.mockRejectedValue(new Error('request:fail timeout'));

    const err = (await request('/api/mp/me').catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ code: 'NETWORK', status: 0 });
    expect(memberMessage(err)).toBe('网络不给力，请稍后重试');
  });

  it('re-logs in once on 401 and retries with the new token', async () => {
    const calls = fakeApi({
      'GET /api/mp/me': (call) =>
        call.header.authorization === 'Bearer tok-2'
          ? { body: { ok: true } }
          : apiError(401, 'TOKEN_EXPIRED'),
    });

    await expect(request('/api/mp/me')).resolves.toEqual({ ok: true });
    expect(relogins).toBe(1);
    expect(calls.map((c) => c.header.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('shares one re-login between calls that fail with 401 together', async () => {
    fakeApi({
      'GET /api/mp/me': (call) =>
        call.header.authorization === 'Bearer tok-2'
          ? { body: 'me' }
          : apiError(401, 'TOKEN_EXPIRED'),
      'GET /api/mp/points': (call) =>
        call.header.authorization === 'Bearer tok-2'
          ? { body: 'points' }
          : apiError(401, 'TOKEN_EXPIRED'),
    });

    await expect(Promise.all([request('/api/mp/me'), request('/api/mp/points')])).resolves.toEqual([
      'me',
      'points',
    ]);
    expect(relogins).toBe(1);
  });

  it('gives up with the 401 error when re-login is impossible, without retrying', async () => {
    reloginResult = false;
    const calls = fakeApi({ 'GET /api/mp/me': apiError(401, 'TOKEN_EXPIRED') });

    const err = (await request('/api/mp/me').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('TOKEN_EXPIRED');
    expect(memberMessage(err)).toBe('登录已过期，请重新登录');
    expect(calls).toHaveLength(1);
  });

  it('does not re-login for a 401 on an auth:false route', async () => {
    fakeApi({ 'POST /api/mp/session': apiError(401, 'WEAPP_CODE_INVALID') });

    await expect(request('/api/mp/session', { method: 'POST', auth: false })).rejects.toMatchObject(
      { code: 'WEAPP_CODE_INVALID' },
    );
    expect(relogins).toBe(0);
  });
});
