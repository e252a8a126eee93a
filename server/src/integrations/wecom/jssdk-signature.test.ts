import { jsapiSignature, signJsapi } from './jssdk-signature';

describe('JS-SDK signature', () => {
  // JS-SDK 签名算法 https://developer.work.weixin.qq.com/document/path/96909: the doc's
  // jsapi_ticket / noncestr / timestamp / url sample and the signature it prints.
  it('matches the published test vector', () => {
    expect(
      jsapiSignature({
        ticket:
          'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        nonceStr: 'Wm3WZYTPz0wzccnW',
        timestamp: 1414587457,
        url: 'http://mp.weixin.qq.com?params=value',
      }),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('ignores the URL fragment, as the page signs location.href without it', () => {
    const base = { ticket: 't', nonceStr: 'n', timestamp: 1, url: 'https://a.example/x?y=1' };
    expect(jsapiSignature({ ...base, url: `${base.url}#/member/42` })).toBe(jsapiSignature(base));
  });

  it('signs with the current time in seconds and a fresh nonce', () => {
    const a = signJsapi('ticket', 'https://a.example/', 1_700_000_000_999);
    const b = signJsapi('ticket', 'https://a.example/', 1_700_000_000_999);
    expect(a.timestamp).toBe(1_700_000_000);
    expect(a.nonceStr).not.toBe(b.nonceStr);
    expect(a.signature).toBe(
      jsapiSignature({
        ticket: 'ticket',
        nonceStr: a.nonceStr,
        timestamp: a.timestamp,
        url: 'https://a.example/',
      }),
    );
  });
});
