import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../config';
import { HttpWeappClient } from '../../integrations/weapp/http-weapp-client';
import { ManualClock } from '../common/clock';
import { FakeWeappServer } from './fake-weapp-server';
import { SANDBOX_RELEASED_PAGES } from './released-pages';
import { invalidData } from './subscribe-templates';

const APPID = 'wx-subscribe-test';
const SECRET = 'subscribe-secret';

/** The body of subscribeMessage.send as published (请求示例 of the API page). */
const OFFICIAL_SAMPLE = {
  touser: 'OPENID',
  template_id: 'TEMPLATE_ID',
  page: 'index',
  miniprogram_state: 'developer',
  lang: 'zh_CN',
  data: {
    number01: { value: '339208499' },
    date01: { value: '2015年01月05日' },
    site01: { value: 'TIT创意园' },
    site02: { value: '广州市新港中路397号' },
  },
};

describe('the fake subscribeMessage.send', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5));
  const fake = new FakeWeappServer({
    appid: APPID,
    secret: SECRET,
    clock,
    publishedPages: ['pages/perks/index'],
    templates: {
      TEMPLATE_ID: ['number01', 'date01', 'site01', 'site02'],
      'tpl-perk': ['thing1', 'thing2'],
      // The template of a community thread that got 47003 for its phrase10 (see below).
      'tpl-course': ['time12', 'phrase10', 'thing2'],
    },
  });
  let token = '';

  const post = async (body: unknown) => {
    const res = await fetch(`${fake.url}/cgi-bin/message/subscribe/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return { text: await res.text() };
  };
  const send = async (body: unknown) =>
    JSON.parse((await post(body)).text) as Record<string, unknown>;

  beforeAll(async () => {
    await fake.start();
    fake.control.issueLoginCode('OPENID');
    fake.control.issueLoginCode('o-amy');
    const res = await fetch(`${fake.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(() => fake.stop());

  it('accepts the published sample request once the user has accepted, and answers a 64-bit msgid', async () => {
    expect(await send(OFFICIAL_SAMPLE)).toMatchObject({ errcode: 43101 });
    fake.control.acceptSubscription('OPENID', 'TEMPLATE_ID');
    const { text } = await post(OFFICIAL_SAMPLE);
    expect(text).toMatch(/^\{"errcode":0,"errmsg":"ok","msgid":\d{19}\}$/);
    expect(await send(OFFICIAL_SAMPLE)).toMatchObject({ errcode: 43101 }); // one accept, one send
  });

  it('sends the published sample through the real client with every msgid digit', async () => {
    const client = new HttpWeappClient({ appid: APPID, secret: SECRET, baseUrl: fake.url });
    fake.control.acceptSubscription('OPENID', 'TEMPLATE_ID');
    const sent = await client.sendSubscribeMessage({
      touser: 'OPENID',
      templateId: 'TEMPLATE_ID',
      page: 'index',
      miniprogramState: 'developer',
      lang: 'zh_CN',
      data: Object.fromEntries(Object.entries(OFFICIAL_SAMPLE.data).map(([k, v]) => [k, v.value])),
    });
    const recorded = fake.control.sentMessages('OPENID').at(-1)!;
    expect(sent.msgid).toBe(recorded.msgid);
    expect(recorded).toMatchObject({ page: 'index', miniprogramState: 'developer' });
  });

  it('refuses the community sample whose phrase keyword has six characters, naming it', async () => {
    // developers.weixin.qq.com/community/develop/doc/000648589fc4683da6a12b5e36fc00: the real
    // platform answered `argument invalid! data.phrase10.value invalid` to this data.
    fake.control.acceptSubscription('o-amy', 'tpl-course');
    const res = await send({
      touser: 'o-amy',
      template_id: 'tpl-course',
      data: {
        time12: { value: '2024-07-12' },
        phrase10: { value: '略略略略略略' },
        thing2: { value: '武志红2020年度课::自恋到自信,唤醒' },
      },
    });
    expect(res).toMatchObject({ errcode: 47003 });
    expect(res.errmsg).toMatch(/^argument invalid! data\.phrase10\.value invalid rid: /);
    // The refusal used nothing up: the corrected message goes out on the same accept.
    const fixed = await send({
      touser: 'o-amy',
      template_id: 'tpl-course',
      data: {
        time12: { value: '2024-07-12' },
        phrase10: { value: '已开课' },
        thing2: { value: '武志红2020年度课::自恋到自信,唤醒' },
      },
    });
    expect(fixed).toMatchObject({ errcode: 0 });
  });

  it('answers 40003, 40037, 47003 (missing, unknown, over-long), 47001 and 41030 before using a subscription', async () => {
    fake.control.acceptSubscription('o-amy', 'tpl-perk');
    const ok = { touser: 'o-amy', template_id: 'tpl-perk', page: 'pages/perks/index' };
    const data = { thing1: { value: '生日礼' }, thing2: { value: '到店出示会员码领取' } };
    expect(await send({ ...ok, touser: 'o-nobody', data })).toMatchObject({ errcode: 40003 });
    expect(await send({ ...ok, template_id: 'tpl-x', data })).toMatchObject({ errcode: 40037 });
    const missing = await send({ ...ok, data: { thing1: data.thing1 } });
    expect(missing).toMatchObject({ errcode: 47003 });
    expect(missing.errmsg).toMatch(/data\.thing2\.value is empty/);
    const extra = await send({ ...ok, data: { ...data, thing3: { value: 'x' } } });
    expect(extra.errmsg).toMatch(/data\.thing3\.value invalid/);
    const long = { ...data, thing1: { value: '这是一段明显超过二十个字符的通知内容标题文字' } };
    expect(await send({ ...ok, data: long })).toMatchObject({ errcode: 47003 });
    expect(await send({ ...ok, data, miniprogram_state: 'beta' })).toMatchObject({
      errcode: 47001,
    });
    expect(await send({ ...ok, data, page: 'pages/secret/index' })).toMatchObject({
      errcode: 41030,
    });
    // Unreleased pages are fine for messages that open the developer or trial version.
    const dev = { ...ok, data, page: 'pages/secret/index', miniprogram_state: 'trial' };
    expect(await send(dev)).toMatchObject({ errcode: 0 });
    expect(await send({ ...ok, data })).toMatchObject({ errcode: 43101 });
  });

  it('lets only a known user accept, and only a template of this mini-program', () => {
    expect(() => fake.control.acceptSubscription('o-stranger', 'tpl-perk')).toThrow(/openid/);
    expect(() => fake.control.acceptSubscription('o-amy', 'tpl-unknown')).toThrow(/20001/);
  });
});

describe('keyword value rules (订阅消息参数值内容限制说明)', () => {
  const check = (key: string, value: string) => invalidData([key], { [key]: { value } });
  const cases: Array<[string, string, boolean]> = [
    ['thing1', '一二三四五六七八九十一二三四五六七八九十', true],
    ['thing1', '一二三四五六七八九十一二三四五六七八九十一', false],
    ['number2', '339208499', true],
    ['number2', '12.50', true],
    ['number2', '-3', false],
    ['letter3', 'VIP', true],
    ['letter3', 'VIP1', false],
    ['symbol4', '%%', true],
    ['character_string5', 'CP20261123000001', true],
    ['character_string5', 'x'.repeat(33), false],
    ['time6', '15:01', true],
    ['time6', '2019年10月1日 15:01', true],
    ['time6', '2019年10月1日 15:01 ~ 2019年10月1日 17:00', true],
    ['time6', '25:00', false],
    ['date7', '2019年10月1日', true],
    ['date7', '2026-01-05', true],
    ['date7', '明天', false],
    ['amount8', '¥12.00', true],
    ['amount8', '100元', true],
    ['amount8', '12,000', false],
    ['phone_number9', '+86-0766-66888866', true],
    ['car_number10', '粤A8Z888挂', true],
    ['name11', '王小明', true],
    ['name11', 'Alice2', false],
    ['phrase12', '配送中', true],
    ['phrase12', '配送中了吗啊', false],
    ['phrase12', 'OK', false],
  ];
  it.each(cases)('%s = %j fits: %s', (key, value, fits) => {
    expect(check(key, value) === undefined).toBe(fits);
  });
});

describe('the sandbox released version', () => {
  it('has exactly the pages of the mini-program app config', () => {
    const config = readFileSync(path.join(REPO_ROOT, 'miniprogram/src/app.config.ts'), 'utf8');
    const main = /pages:\s*\[([^\]]*)\]/.exec(config)![1]!.match(/'[^']+'/g)!;
    const subs = [...config.matchAll(/root:\s*'([^']+)',\s*pages:\s*\[([^\]]*)\]/g)].flatMap(
      ([, root, pages]) => pages!.match(/'[^']+'/g)!.map((p) => `${root}/${p.slice(1, -1)}`),
    );
    expect([...SANDBOX_RELEASED_PAGES].sort()).toEqual(
      [...main.map((p) => p.slice(1, -1)), ...subs].sort(),
    );
  });
});
