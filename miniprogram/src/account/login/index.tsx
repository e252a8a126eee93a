import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { showError } from '../../api/errors';
import { PrivacySheet } from '../../components/privacy-sheet';
import { ROUTES } from '../../lib/routes';
import { sandboxAvailable, sandboxOpenid, setSandboxOpenid } from '../../session/platform';
import { hasConsent } from '../../session/privacy';
import { login } from '../../session/store';
import '../../styles/page.scss';
import './index.scss';
import { ActionButton } from '../../components/ui';

// Ready-made sandbox identities, so a tester can come back as the same member.
const SANDBOX_IDS = ['o-sandbox-lin', 'o-sandbox-chen', 'o-sandbox-wang'] as const;

function done(): void {
  const pages = Taro.getCurrentPages?.() ?? [];
  if (pages.length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: ROUTES.home });
}

export default function LoginPage() {
  // null until known: on H5 the server is asked whether it runs the fake WeChat platform.
  const [sandbox, setSandbox] = useState<boolean | null>(null);
  const [openid, setOpenid] = useState<string>(sandboxOpenid() ?? SANDBOX_IDS[0]);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void sandboxAvailable().then((yes) => live && setSandbox(yes));
    return () => {
      live = false;
    };
  }, []);

  const run = async () => {
    setBusy(true);
    try {
      if (sandbox) setSandboxOpenid(openid.trim());
      if (await login()) done();
      else void Taro.showToast({ title: '登录未完成，请重试', icon: 'none' });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const start = () => {
    if (sandbox && !openid.trim()) {
      void Taro.showToast({ title: '请选择或填写沙盒身份', icon: 'none' });
      return;
    }
    if (hasConsent()) void run();
    else setAsking(true);
  };

  return (
    <View className="page login">
      <View className="login__brand">
        <Text className="login__logo">圈层会员</Text>
        <Text className="login__slogan">登录即享会员等级、积分与专属礼遇</Text>
      </View>

      {sandbox ? (
        <View className="login__sandbox" aria-label="沙盒登录">
          <Text className="login__sandbox-title">沙盒登录</Text>
          <Text className="login__sandbox-hint">测试环境：选择一个模拟微信身份登录</Text>
          <View className="login__ids">
            {SANDBOX_IDS.map((id) => (
              <Text
                key={id}
                className={`login__id${id === openid ? ' login__id--on' : ''}`}
                onClick={() => setOpenid(id)}
              >
                {id}
              </Text>
            ))}
          </View>
          <Input
            className="login__input"
            value={openid}
            placeholder="或填写 openid"
            aria-label="沙盒 openid"
            onInput={(e) => setOpenid(e.detail.value)}
          />
        </View>
      ) : null}

      {sandbox === false && process.env.TARO_ENV === 'h5' ? (
        <Text className="login__note">浏览器版仅在沙盒环境可登录，请在微信中打开小程序</Text>
      ) : null}

      <ActionButton
        className="ui-button login__submit"
        loading={busy}
        disabled={busy || sandbox === null || (sandbox === false && process.env.TARO_ENV === 'h5')}
        onClick={start}
      >
        {sandbox ? '沙盒登录' : '微信一键登录'}
      </ActionButton>

      {asking ? (
        <PrivacySheet
          onAgree={() => {
            setAsking(false);
            void run();
          }}
          onCancel={() => setAsking(false)}
        />
      ) : null}
    </View>
  );
}
