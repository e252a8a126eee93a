import { Input, Picker, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { showError } from '../../api/errors';
import { type Me, meApi, sessionApi } from '../../api/session';
import { MemberGate } from '../../components/member-gate';
import { Loadable, Section, ActionButton } from '../../components/ui';
import { useRemote } from '../../hooks/use-remote';
import { sandboxAvailable, sandboxPhoneCode } from '../../session/platform';
import { updateMember } from '../../session/store';
import { setTrackingEnabled, trackingEnabled } from '../../lib/track';
import '../../styles/page.scss';
import './index.scss';

const PHONE = /^1[3-9]\d{9}$/;

/** WeChat's phone button on weapp; on the H5 sandbox build, a number field stands in for it. */
function PhoneBinding({ onBound }: { onBound: () => void }) {
  const [sandbox, setSandbox] = useState(false);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void sandboxAvailable().then(setSandbox);
  }, []);

  const bind = async (code: () => Promise<string>) => {
    setBusy(true);
    try {
      const { member } = await sessionApi.bindPhone(await code());
      updateMember(member);
      void Taro.showToast({ title: '手机号已绑定', icon: 'success' });
      onBound();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  if (sandbox) {
    return (
      <View className="profile__phone">
        <Input
          className="profile__input"
          type="number"
          maxlength={11}
          value={phone}
          placeholder="沙盒手机号"
          aria-label="沙盒手机号"
          onInput={(e) => setPhone(e.detail.value)}
        />
        <ActionButton
          className="ui-button"
          loading={busy}
          disabled={busy || !PHONE.test(phone)}
          onClick={() => void bind(() => sandboxPhoneCode(phone))}
        >
          绑定
        </ActionButton>
      </View>
    );
  }
  return (
    <ActionButton
      className="ui-button"
      openType="getPhoneNumber"
      loading={busy}
      onGetPhoneNumber={(e) => {
        const code = (e.detail as { code?: string }).code;
        if (code) void bind(async () => code);
        else void Taro.showToast({ title: '未授权手机号', icon: 'none' });
      }}
    >
      微信手机号快捷绑定
    </ActionButton>
  );
}

function ProfileForm({ me, onSaved }: { me: Me; onSaved: () => void }) {
  const [nickname, setNickname] = useState(me.nickname);
  const [birthday, setBirthday] = useState(me.birthday ?? '');
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const body: { nickname?: string; birthday?: string } = {};
    if (nickname.trim() && nickname.trim() !== me.nickname) body.nickname = nickname.trim();
    if (birthday && birthday !== me.birthday) body.birthday = birthday;
    if (Object.keys(body).length === 0) {
      void Taro.showToast({ title: '没有需要保存的修改', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      const next = await meApi.update(body);
      updateMember({
        memberNo: next.memberNo,
        nickname: next.nickname,
        avatarUrl: next.avatarUrl,
        phoneBound: next.phoneBound,
        tier: next.tier,
      });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="基本资料">
      <View className="ui-row">
        <Text className="ui-row__title">昵称</Text>
        <Input
          className="profile__field"
          value={nickname}
          maxlength={32}
          aria-label="昵称"
          onInput={(e) => setNickname(e.detail.value)}
        />
      </View>
      <View className="ui-row">
        <Text className="ui-row__title">生日</Text>
        <Picker
          mode="date"
          value={birthday || '1990-01-01'}
          end="2020-12-31"
          onChange={(e) => setBirthday(String(e.detail.value))}
        >
          <Text className="profile__field" aria-label="生日">
            {birthday || '请选择，用于生日礼遇'}
          </Text>
        </Picker>
      </View>
      <ActionButton
        className="ui-button profile__save"
        loading={busy}
        disabled={busy}
        onClick={() => void save()}
      >
        保存
      </ActionButton>
    </Section>
  );
}

/** 个性化推荐: interest tracking for circle offers, which the member may turn off. */
function InterestSetting() {
  const [on, setOn] = useState(trackingEnabled);
  const toggle = () => {
    setTrackingEnabled(!on);
    setOn(!on);
    void Taro.showToast({ title: on ? '已关闭个性化推荐' : '已开启个性化推荐', icon: 'none' });
  };
  return (
    <Section title="个性化推荐">
      <View className="ui-row" onClick={toggle} aria-label="个性化推荐">
        <Text className="ui-row__title">根据浏览兴趣推荐圈层礼遇</Text>
        <Text className="profile__toggle">{on ? '已开启' : '已关闭'}</Text>
      </View>
      <Text className="profile__hint">关闭后不再记录你在会员中心的浏览与点击</Text>
    </Section>
  );
}

function ProfileContent() {
  const me = useRemote(() => meApi.get(), []);
  return (
    <Loadable remote={me}>
      {(data) => (
        <>
          <ProfileForm me={data} onSaved={() => void me.reload()} />
          <Section title="手机号">
            {data.phoneBound ? (
              <Text className="profile__bound">已绑定，门店消费将自动累计</Text>
            ) : (
              <PhoneBinding onBound={() => void me.reload()} />
            )}
          </Section>
          <InterestSetting />
        </>
      )}
    </Loadable>
  );
}

export default function ProfilePage() {
  return (
    <View className="page">
      <MemberGate>{() => <ProfileContent />}</MemberGate>
    </View>
  );
}
