import type { FakeRequest, FakeResponse } from '../common/loopback-server';
import { handleContactApi } from './wecom-contact-api';
import type { FakeApp } from './wecom-credentials';
import { ERR, errBody } from './wecom-errcodes';
import type { FakeWeComState } from './wecom-fake-state';
import { uploadMedia } from './wecom-media';

export type ApiResult = Record<string, unknown> | { errcode: number; errmsg?: string };

const ok = (body: Record<string, unknown>): Record<string, unknown> => ({
  errcode: 0,
  errmsg: 'ok',
  ...body,
});

function agentApi(
  s: FakeWeComState,
  app: FakeApp,
  api: string,
  req: FakeRequest,
): ApiResult | undefined {
  if (api === 'get_jsapi_ticket') return wrap(s.credentials.ticket(app, 'jsapi'));
  if (api === 'ticket/get') {
    if (req.query.get('type') !== 'agent_config') return { errcode: ERR.invalidParameter };
    return wrap(s.credentials.ticket(app, 'agent_config'));
  }
  if (api === 'auth/getuserinfo') {
    if (!app.agentApis) return { errcode: ERR.noPermission };
    const code = req.query.get('code');
    if (!code) return { errcode: ERR.missingCode };
    const subject = s.takeOAuthCode(code);
    if (!subject) return { errcode: ERR.invalidCode };
    if ('userid' in subject) return ok({ userid: subject.userid });
    return ok({
      openid: subject.openid,
      ...(subject.externalUserId ? { external_userid: subject.externalUserId } : {}),
    });
  }
  if (api === 'user/get') {
    const c = s.directory.consultants.get(req.query.get('userid') ?? '');
    if (!c) return { errcode: ERR.userNotFound };
    return ok({
      userid: c.userid,
      name: c.name,
      status: 1,
      extattr: { attrs: c.store ? [{ type: 0, name: '门店', text: { value: c.store } }] : [] },
    });
  }
  return undefined;
}

function wrap(r: Record<string, unknown> | { errcode: number }): ApiResult {
  return 'errcode' in r ? r : ok(r);
}

function finish(r: ApiResult): FakeResponse {
  const errcode = typeof r.errcode === 'number' ? r.errcode : 0;
  if (errcode !== 0 && r.errmsg === undefined) return { body: errBody(errcode) };
  return { body: r };
}

/** 访问频率限制: over the minute limit → blocked 60 s; over the hourly one → 60 minutes. */
function rateLimited(s: FakeWeComState, api: string): boolean {
  const now = s.clock.now();
  if ((s.blockedUntil.get(api) ?? 0) > now) return true;
  if (!s.perApi.hit(api)) {
    s.blockedUntil.set(api, now + 60_000);
    return true;
  }
  if (!s.perApiHourly.hit(api)) {
    s.blockedUntil.set(api, now + 3_600_000);
    return true;
  }
  return false;
}

/** Routes one request as qyapi.weixin.qq.com would answer it (HTTP 200 with errcode). */
export function handleWeComRequest(s: FakeWeComState, req: FakeRequest): FakeResponse {
  if (!req.path.startsWith('/cgi-bin/')) return { status: 404, body: 'Not Found' };
  const api = req.path.slice('/cgi-bin/'.length);
  s.calls.set(api, (s.calls.get(api) ?? 0) + 1);
  if (api === 'gettoken') {
    if (req.query.get('corpid') !== s.corpId) return finish({ errcode: ERR.invalidCorpId });
    return finish(wrap(s.credentials.getToken(req.query.get('corpsecret'))));
  }
  const checked = s.credentials.check(req.query.get('access_token'));
  if ('errcode' in checked) return finish(checked);
  if (rateLimited(s, api)) return finish({ errcode: ERR.rateLimited });
  const injected = s.errors.take(api);
  if (injected !== undefined) return finish({ errcode: injected });
  const result =
    (api === 'media/upload' && req.method === 'POST' ? uploadMedia(s, req) : undefined) ??
    agentApi(s, checked.app, api, req) ??
    (api.startsWith('externalcontact/') ? handleContactApi(s, checked.app, api, req) : undefined);
  if (!result) return { status: 404, body: 'Not Found' };
  return finish(result);
}
