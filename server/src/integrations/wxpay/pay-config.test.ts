import { ConfigError, loadConfig } from '../../config';
import { sandboxSubscribeTemplates } from '../../lib/subscribe-templates';

// Production never starts with a WeChat Pay merchant it could not verify (public key, or the
// platform-certificate fallback). The secrets below are placeholders of the right shape.
const prod = {
  NODE_ENV: 'production',
  SANDBOX: 'off',
  WEAPP_APPID: 'wx1234567890abcdef',
  WEAPP_SECRET: 's',
  WEAPP_SUBSCRIBE_TEMPLATES: JSON.stringify(sandboxSubscribeTemplates()),
  SESSION_SECRET: 'x'.repeat(32),
  PHONE_ENC_KEY: 'k'.repeat(44),
  WXPAY_MCHID: '1900007291',
  WXPAY_SERIAL_NO: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
  WXPAY_PRIVATE_KEY_FILE: '/etc/circles/apiclient_key.pem',
  WXPAY_APIV3_KEY: 'k'.repeat(32),
  // Required in production since the metrics endpoint; not what these tests are about.
  METRICS_TOKEN: 'm'.repeat(32),
};

describe('WeChat Pay verification settings', () => {
  it('refuses to start in production with neither a public key nor certificate downloads', () => {
    expect(() => loadConfig(prod)).toThrow(ConfigError);
    expect(() => loadConfig(prod)).toThrow(/WXPAY_PUBLIC_KEY_ID .*WXPAY_PLATFORM_CERTS=download/);
  });

  it('starts with the public key, without downloading certificates unless asked', () => {
    const withKey = {
      ...prod,
      WXPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000028300000',
      WXPAY_PUBLIC_KEY_FILE: '/etc/circles/pub_key.pem',
    };
    expect(loadConfig(withKey).wxpay).toMatchObject({ downloadCertificates: false });
    expect(
      loadConfig({ ...withKey, WXPAY_PLATFORM_CERTS: 'download' }).wxpay.downloadCertificates,
    ).toBe(true);
  });

  it('starts with certificates only when asked for explicitly', () => {
    expect(loadConfig({ ...prod, WXPAY_PLATFORM_CERTS: 'download' }).wxpay).toMatchObject({
      downloadCertificates: true,
    });
  });

  it('refuses half a public key and an id that is not a PUB_KEY_ID', () => {
    expect(() => loadConfig({ ...prod, WXPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_01' })).toThrow(
      /go together/,
    );
    expect(() =>
      loadConfig({ ...prod, WXPAY_PUBLIC_KEY_ID: '5157F09E', WXPAY_PUBLIC_KEY_FILE: '/k.pem' }),
    ).toThrow(/PUB_KEY_ID_/);
  });
});
