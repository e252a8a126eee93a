import { rid } from '../common/ids';
import { type FakeRequest, type FakeResponse, jsonObject } from '../common/loopback-server';
import { renderSceneJpeg } from '../common/scene-jpeg';
import { invalidData } from './subscribe-templates';
import type { FakeWeappState } from './weapp-fake-state';

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40169: 'invalid length for scene, or the data is not json string',
  40226: 'high risk level user, login is forbidden',
  41001: 'access_token missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit, mustslower retry next minute',
  47001: 'data format error',
  47003: 'argument invalid! data.thing1.value invalid',
};

const SCENE_RE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

function err(errcode: number, detail?: string): FakeResponse {
  const base = ERRMSG[errcode] ?? 'error';
  return { body: { errcode, errmsg: `${detail ?? base} rid: ${rid()}` } };
}

function ok(body: object): FakeResponse {
  return { body: { errcode: 0, errmsg: 'ok', ...body } };
}

type Handler = (s: FakeWeappState, req: FakeRequest) => FakeResponse;

function code2Session(s: FakeWeappState, req: FakeRequest): FakeResponse {
  const q = req.query;
  if (q.get('appid') !== s.appid) return err(40013);
  if (q.get('secret') !== s.secret) return err(40125);
  if (q.get('grant_type') !== 'authorization_code') return err(40002);
  const code = q.get('js_code');
  if (!code) return err(41008);
  const rec = s.takeLoginCode(code);
  if (!rec) return err(40029);
  if (!s.perUser.hit(`login:${rec.openid}`)) return err(45011);
  const user = s.user(rec.openid);
  if (user?.risky) return err(40226);
  const body: Record<string, string> = { openid: rec.openid, session_key: s.sessionKey() };
  if (user?.unionid) body.unionid = user.unionid;
  return { body }; // real success bodies carry no errcode
}

function accessToken(s: FakeWeappState, req: FakeRequest): FakeResponse {
  const q = req.query;
  if (q.get('grant_type') !== 'client_credential') return err(40002);
  if (q.get('appid') !== s.appid) return err(40013);
  if (q.get('secret') !== s.secret) return err(40001, 'invalid appsecret');
  return { body: s.tokens.mintClassic() };
}

function stableToken(s: FakeWeappState, req: FakeRequest): FakeResponse {
  const b = jsonObject(req.body);
  if (!b) return err(47001);
  if (b.grant_type !== 'client_credential') return err(40002);
  if (b.appid !== s.appid) return err(40013);
  if (b.secret !== s.secret) return err(40001, 'invalid appsecret');
  const out = s.tokens.stableToken(b.force_refresh === true);
  return out ? { body: out } : err(45009);
}

/** Checks the access token query param; returns an error response or undefined when valid. */
function tokenError(s: FakeWeappState, req: FakeRequest): FakeResponse | undefined {
  const check = s.tokens.check(req.query.get('access_token'));
  return check === 0 ? undefined : err(check);
}

function phoneNumber(s: FakeWeappState, req: FakeRequest): FakeResponse {
  const bad = tokenError(s, req);
  if (bad) return bad;
  const b = jsonObject(req.body);
  if (!b) return err(47001);
  if (typeof b.code !== 'string' || !b.code) return err(41008);
  const rec = s.takePhoneCode(b.code);
  if (!rec?.phone) return err(40029);
  if (b.openid !== undefined && b.openid !== rec.openid) return err(40029);
  if (!s.perUser.hit(`phone:${rec.openid}`)) return err(45011);
  const { countryCode, purePhoneNumber } = rec.phone;
  return ok({
    phone_info: {
      phoneNumber: countryCode === '86' ? purePhoneNumber : `+${countryCode}${purePhoneNumber}`,
      purePhoneNumber,
      countryCode,
      watermark: { timestamp: Math.floor(s.clock.now() / 1000), appid: s.appid },
    },
  });
}

const ENV_VERSIONS = new Set(['release', 'trial', 'develop']);

/**
 * getwxacodeunlimit as documented: `check_path` defaults to true and then the page must exist
 * in the *published* version whatever `env_version` says, so a trial/develop code for a page
 * that is not released needs `check_path: false`. Success is raw JPEG bytes.
 */
function unlimitedQrCode(s: FakeWeappState, req: FakeRequest): FakeResponse {
  const bad = tokenError(s, req);
  if (bad) return bad;
  const b = jsonObject(req.body);
  if (!b) return err(47001);
  if (typeof b.scene !== 'string' || !SCENE_RE.test(b.scene)) return err(40169);
  if (b.env_version !== undefined && !ENV_VERSIONS.has(String(b.env_version))) {
    return err(47001, 'invalid env_version');
  }
  if (b.check_path !== undefined && typeof b.check_path !== 'boolean') return err(47001);
  if (b.page !== undefined) {
    if (typeof b.page !== 'string' || b.page.startsWith('/') || b.page.includes('?')) {
      return err(41030);
    }
    if (b.check_path !== false && !s.publishedPages.has(b.page)) return err(41030);
  }
  const width = typeof b.width === 'number' ? Math.min(1280, Math.max(280, b.width)) : 430;
  return { contentType: 'image/jpeg', body: renderSceneJpeg(b.scene, width) };
}

const MINIPROGRAM_STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

/**
 * subscribeMessage.send: a known user (40003), a template of this app (40037), data that fits
 * every keyword of the template (47003), a page of the released version when the message opens
 * the formal version (41030), and then one accepted subscription, used up by the send (43101
 * without one). A refused send uses nothing up.
 */
function subscribeSend(s: FakeWeappState, req: FakeRequest): FakeResponse {
  const bad = tokenError(s, req);
  if (bad) return bad;
  const b = jsonObject(req.body);
  if (!b) return err(47001);
  if (typeof b.touser !== 'string' || !s.user(b.touser)) return err(40003);
  const templateId = typeof b.template_id === 'string' ? b.template_id : '';
  const keys = s.templates.get(templateId);
  if (!keys) return err(40037);
  const problem = invalidData(keys, b.data);
  if (problem) return err(47003, problem.errmsg);
  const state = b.miniprogram_state ?? 'formal';
  if (typeof state !== 'string' || !MINIPROGRAM_STATES.has(state)) {
    return err(47001, 'invalid miniprogram_state');
  }
  if (b.lang !== undefined && (typeof b.lang !== 'string' || !LANGS.has(b.lang))) {
    return err(47001, 'invalid lang');
  }
  if (b.page !== undefined) {
    if (typeof b.page !== 'string') return err(41030);
    const path = b.page.split('?')[0]!;
    if (state === 'formal' && !s.publishedPages.has(path)) return err(41030);
  }
  if (!s.consumeSubscription(b.touser, templateId)) return err(43101);
  const msgid = s.recordMessage({
    touser: b.touser,
    templateId,
    page: typeof b.page === 'string' ? b.page : undefined,
    data: b.data as Record<string, { value: string }>,
    miniprogramState: state,
  });
  // Written by hand: msgid is a 64-bit integer in the JSON, as WeChat sends it.
  return {
    contentType: 'application/json; charset=utf-8',
    body: `{"errcode":0,"errmsg":"ok","msgid":${msgid}}`,
  };
}

const ROUTES: Record<string, { method: 'GET' | 'POST'; api: string; handle: Handler }> = {
  '/sns/jscode2session': { method: 'GET', api: 'jscode2session', handle: code2Session },
  '/cgi-bin/token': { method: 'GET', api: 'token', handle: accessToken },
  '/cgi-bin/stable_token': { method: 'POST', api: 'stable_token', handle: stableToken },
  '/wxa/business/getuserphonenumber': {
    method: 'POST',
    api: 'getuserphonenumber',
    handle: phoneNumber,
  },
  '/wxa/getwxacodeunlimit': { method: 'POST', api: 'getwxacodeunlimit', handle: unlimitedQrCode },
  '/cgi-bin/message/subscribe/send': {
    method: 'POST',
    api: 'subscribe_send',
    handle: subscribeSend,
  },
};

/** Routes one request to the endpoint, as api.weixin.qq.com would answer it. */
export function handleWeappRequest(s: FakeWeappState, req: FakeRequest): FakeResponse {
  const route = ROUTES[req.path];
  if (!route) return { status: 404, body: 'Not Found' };
  if (req.method !== route.method) return err(43002, 'require POST method');
  const injected = s.errors.take(route.api);
  if (injected !== undefined) return err(injected);
  return route.handle(s, req);
}

/** API names accepted by `injectError`. */
export const WEAPP_FAKE_APIS = Object.values(ROUTES).map((r) => r.api);
