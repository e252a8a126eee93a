import { type FetchMock, installFetch, uninstallFetch } from '../../../jest/fakeFetch';
import { json, routeFetch, SIGNATURE } from '../testing/fixtures';
import { WeComError } from './bridge';
import { createSandboxBridge, type SandboxWindow } from './sandboxBridge';

const HREF = 'http://sb.test/sidebar/?sandboxUser=u1&sandboxContact=wmC1#top';
let fetchMock: FetchMock;

beforeEach(() => {
  fetchMock = installFetch();
  (window as Window & SandboxWindow).__circlesSandboxSent = undefined;
});
afterEach(uninstallFetch);

describe('sandbox JS-SDK stand-in', () => {
  it('reports the contact from the URL after asking the server to sign the page', async () => {
    const calls = routeFetch(fetchMock, {
      'GET /api/sidebar/jssdk-signature': json(200, SIGNATURE),
    });
    await expect(createSandboxBridge(HREF).currentContact()).resolves.toBe('wmC1');
    expect(calls).toEqual([
      `GET /api/sidebar/jssdk-signature?url=${encodeURIComponent('http://sb.test/sidebar/?sandboxUser=u1&sandboxContact=wmC1')}`,
    ]);
  });

  it('has no contact when the URL names none', async () => {
    await expect(
      createSandboxBridge('http://sb.test/sidebar/').currentContact(),
    ).resolves.toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('fails like WeCom when the server signs nothing', async () => {
    routeFetch(fetchMock, {
      'GET /api/sidebar/jssdk-signature': json(200, {
        ...SIGNATURE,
        config: { ...SIGNATURE.config, signature: '' },
      }),
    });
    await expect(createSandboxBridge(HREF).currentContact()).rejects.toBeInstanceOf(WeComError);
  });

  it('records sent cards and refuses a page WeCom would refuse', async () => {
    routeFetch(fetchMock, { 'GET /api/sidebar/jssdk-signature': json(200, SIGNATURE) });
    const bridge = createSandboxBridge(HREF);
    const card = {
      appid: 'wx1',
      title: '生日礼',
      imgUrl: 'https://x/p.png',
      page: 'pages/perk/index.html?c=1',
    };
    await bridge.sendMiniprogram(card);
    await expect(bridge.sendMiniprogram({ ...card, page: 'pages/perk/index' })).rejects.toThrow(
      '小程序页面路径须以 .html 结尾',
    );
    expect((window as Window & SandboxWindow).__circlesSandboxSent).toEqual([card]);
  });

  it('refuses a cover image without an http(s) scheme, as WeCom does (invalid imgUrl)', async () => {
    routeFetch(fetchMock, { 'GET /api/sidebar/jssdk-signature': json(200, SIGNATURE) });
    const bridge = createSandboxBridge(HREF);
    const card = { appid: 'wx1', title: '会员', imgUrl: '/static/c.png', page: 'p/i.html' };
    for (const imgUrl of ['/static/c.png', 'static/c.png', '//x.test/c.png', 'ftp://x/c.png']) {
      await expect(bridge.sendMiniprogram({ ...card, imgUrl })).rejects.toThrow('invalid imgUrl');
    }
    await bridge.sendMiniprogram({ ...card, imgUrl: 'http://x.test/c.png' });
    expect((window as Window & SandboxWindow).__circlesSandboxSent).toHaveLength(1);
  });
});
