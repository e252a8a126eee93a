import { createPublicKey } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import { parseFlatXml } from './wecom/callback-xml';
import { WeComCrypto, WeComCryptoError, wecomSignature } from './wecom/crypto';
import { openGcm } from './wxpay/gcm';
import { requestMessage, rsaSign, rsaVerify } from './wxpay/signing';

// Published sample values from Tencent's own documentation and SDK samples, run through the
// code that talks to the real services (not round trips against our fakes).

describe('WeCom callback crypto: the sample of the official WXBizMsgCrypt libraries', () => {
  // 加解密库下载与返回码 https://developer.work.weixin.qq.com/document/path/90307 (Sample.* in each
  // language's library; 加解密方案说明 https://developer.work.weixin.qq.com/document/path/90968):
  // Token QDG6eK, EncodingAESKey jWmY…B2C, CorpID wx5823bf96d3bd56c7.
  const crypto = new WeComCrypto({
    token: 'QDG6eK',
    encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    receiveId: 'wx5823bf96d3bd56c7',
  });

  it('verifies and decrypts the URL-verification sample (VerifyURL)', () => {
    // GET …?msg_signature=5c45ff5e…&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzy…
    const echostr =
      'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
    const query = {
      msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
    };
    expect(wecomSignature('QDG6eK', query.timestamp, query.nonce, echostr)).toBe(
      query.msgSignature,
    );
    expect(crypto.verifyUrl(query, echostr)).toMatch(/^\d+$/);
  });

  it('verifies and decrypts the message sample (DecryptMsg)', () => {
    // POST /cgi-bin/wxpush?msg_signature=477715d1…&timestamp=1409659813&nonce=1372623149
    const xml =
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>';
    const query = {
      msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
      timestamp: '1409659813',
      nonce: '1372623149',
    };
    const inner = parseFlatXml(crypto.openEnvelope(query, xml));
    expect(inner).toMatchObject({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: 'mycreate',
      CreateTime: '1409659813',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
    });
    const forged = { ...query, nonce: '1372623150' };
    expect(() => crypto.openEnvelope(forged, xml)).toThrow(WeComCryptoError);
  });
});

describe('WeChat Pay API v3 request signature: the documented test key and sample', () => {
  // 签名生成 https://pay.weixin.qq.com/doc/v3/merchant/4012365336 with the test merchant key of
  // 小程序调起支付签名 https://pay.weixin.qq.com/docs/merchant/development/generate-turitup-signature-verification/mini-transfer-payment-signature.html
  // ("示例密钥，实际上并不可用"). RSA PKCS#1 v1.5 signatures are deterministic, so equal means equal.
  const TEST_KEY = [
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEogIBAAKCAQEAptpm+qvIDCh/9wjU26SQCK26ogYkBhDrYxnAaw2JbbBsp1oD',
    'bHKk+1r381NeBUG2HEFAuU+Fr72u5ot3yKdzoF/FajAzQNKnm569/D3upKoi8mYB',
    'aST15Uig8j8qoUW1U217LL0jEHlSnHV3lcaDTXqDpTRR4Bfz9IqOgJgFZ8/oTfEo',
    'mSrjrLYef81Eyxr7ZIMQXEKKEK7V4UXKS0+/fDsiG/cXidhzt8UbTL9vqXqxM2+I',
    'DImyO+FAc/tkBG55LmzxPto1Nq0WbnZzRM/wTzrd0I/8NlevxtFbphg4evlHjFNI',
    '7+GrqR87ViEwuAJJ9Je5QQjct5YJfFRWiZ5CMQIDAQABAoIBAGBi/GhEgezcHIg1',
    'ltlHaFlLGuxsRbUnYwM9phVxnXk7GJlYe2/TjpERjPkIqOC6hBwwadZjJORP3FCc',
    'Mtc8PKRhjuZ377O7vU0915x2nnyLOGL1IE2AJ3iLi0ZFzTea0FPgg+5lWHM00s9F',
    'YI6qPcGtS41M+xtMWwZiYE3TBBRibHiY8ugGyaNAhiMKehyW05uApjlIF55wwCGx',
    'BkyESJpGRR/6853iHke6Ge+xVcMa9QmQdoH0QqL/8kT28PL568mJJr0Ow/83t4+d',
    'Pe70YPzKAxgUnaDsHJqO+b8qH69AEs8rTI5h2Mon6pH+bJT66KUoiXhn+Kf+4LSs',
    'henRP10CgYEA1QJSfuFOWVRjrg3N/rAIc/Ak84BTZavbyrkqBSuoTs9i/nMI/hOz',
    'VxpDntg7Bx2Tctl6sZO3GioTxKdc/YYaTKci1TKBbeginpsqEQVgwkMCy8HpvUmR',
    'fyAMqLwZC4h9+j+NiZtuoFJDTCgv+WYbasX+kWYEUM21bnSYuO7yEQsCgYEAyIdP',
    'r9uzqPgzN34Tmx+CNTa16VjhBh+zkBtXRLDLhWBeIYxoYNJARD98Pb1XZdvpkZZW',
    'Sk7MfaKo2/DomzyyyB/MbHWwAdFi3yb4y7uMJfyC1MzdUSNN3Vp579hJxHkJ+nN4',
    'Ys76yfcEeVOLnvUT1Z0KKCdIWRdT1Lgi+X1itzMCgYBJUXlPzwGG4fNFj97d0X23',
    'Wmt9nSgXkOYgi0eZbAOMzPmIF9R6kBFk49dur4Lx2g5Ms+r1gKC/0sfnIqxxX11i',
    'EQ1+UNoYGJUB/uql3TIG68XkmKR50P7RwRhaZBRC0gJ6xrFTMjsL2ATuC88niyvY',
    'vrn3FiRaI9RVZrDCxwxvLQKBgEXW4okEAqGBuAzGqztmkOnJoTehDdYdKmOxMgap',
    'cGiGdKJIjX3THDDoz3ONQyglnEZpTqpYoV3MTfU0BT8zt6x9bqwDnQY1D7NalmIW',
    'cqw0Mri8lQQSQKcsQLWo5aA466G/n5kCL1Qx5OwAjesRvhOyuvvbGpZ0ymyWqQ+t',
    'fLkDAoGATcul1L8y5D/wNVP1GXbXMZfBsFP3bbqy8c+Ashm6g8OLm2mGNntd5Z6h',
    '1KkID7Yksh+dZ6t7XaPBtGACXX5Eryr537JVvdX8hAVCp5HVtaN/9VBVP8Ka2e4s',
    'VS/xeNgOMQ7uzhRPBJ8HiTmdI1nHhDnYQpGiBgQn0Z5RAkSvFMk=',
    '-----END RSA PRIVATE KEY-----',
    '',
  ].join('\n');
  const body =
    '{"appid":"wxd678efh567hg6787","mchid":"1230000109","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}';
  const SIGNATURE =
    'gEuexJ547PHFV77TQ6eiE4tphVYfWfUe1Wc2dBmVnoMYU2rl/M4zhw+b3vBhuMw6AC7pteNkryLA7UWU2h+umo0OdSuuLm1++O3NckQPCSfm6dypsjn4GYm84KMqXWFrhFmyxEwIdEJDr3w1UYfxOcu55OQupfLkrt/ZzuOspnliJFrPzGQFUk7lGqMMtpz3EfbDUNxnVsHblORg3hVmuYNmbGWnS2ovU30Y2Q+iKFDxzkaXBk8LTy6HzvxizRo6Q+J4SVM7O0hKXfgo1QdI68kpzNULb3EVBXlhTyPUzhkHzzLxECL1qHl3HH2hEv8++C+4wBlsagF3j/O6PABojA==';
  const message = requestMessage(
    'POST',
    '/v3/pay/transactions/jsapi',
    '1554208460',
    '593BEC0C930BF1AFEB40B4A08C8FB242',
    body,
  );

  it('signs the documented request exactly as WeChat Pay shows (our signing code)', () => {
    expect(rsaSign(TEST_KEY, message)).toBe(SIGNATURE);
  });

  it('signs it the same way through wechatpay-node-v3, which signs the real requests', () => {
    const key = Buffer.from(TEST_KEY);
    const pay = new Pay({
      appid: 'wxd678efh567hg6787',
      mchid: '1230000109',
      serial_no: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
      publicKey: key,
      privateKey: key,
    });
    const signed = pay.getSignature(
      'POST',
      '593BEC0C930BF1AFEB40B4A08C8FB242',
      '1554208460',
      '/v3/pay/transactions/jsapi',
      JSON.parse(body) as Record<string, unknown>,
    );
    expect(signed).toBe(SIGNATURE);
    const pub = createPublicKey(TEST_KEY);
    expect(rsaVerify(pub, message, SIGNATURE)).toBe(true);
    expect(rsaVerify(pub, message.replace('100', '101'), SIGNATURE)).toBe(false);
  });
});

describe('AEAD_AES_256_GCM: the GCM specification vector WeChat Pay decryption must pass', () => {
  // 如何解密证书和回调报文 https://pay.weixin.qq.com/docs/merchant/development/interface-rules/certificate-callback-decryption.html
  // defines the algorithm as AEAD_AES_256_GCM (RFC 5116) and publishes no sample with a key, so
  // this is Test Case 16 of McGrew & Viega, "The Galois/Counter Mode of Operation" (NIST GCM).
  const hex = (s: string) => Buffer.from(s, 'hex');
  const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
  const nonce = hex('cafebabefacedbaddecaf888');
  const aad = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
  const sealed = hex(
    '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' +
      '76fc6ece0f4e1768cddf8853bb2d551b',
  );

  it('opens ciphertext ‖ tag to the published plaintext', () => {
    expect(openGcm(key, nonce, sealed, aad).toString('hex')).toBe(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    );
  });

  it('refuses it with one tag bit flipped or different associated data', () => {
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => openGcm(key, nonce, flipped, aad)).toThrow();
    expect(() => openGcm(key, nonce, sealed, Buffer.from('transaction'))).toThrow();
  });
});
