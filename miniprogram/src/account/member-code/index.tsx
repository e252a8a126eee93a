import { Text, View } from '@tarojs/components';
import { MemberGate } from '../../components/member-gate';
import { QrCode } from '../../components/qr-code';
import { ActionButton, Loadable } from '../../components/ui';
import { useSession } from '../../session/store';
import '../../styles/page.scss';
import './index.scss';
import { useMemberCode } from './use-member-code';

/** "1234 5678 …" so a cashier can type it when the scanner fails. */
export const groupDigits = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ');

function CodeContent() {
  const session = useSession();
  const { code, secondsLeft } = useMemberCode();
  const member = session.member;
  return (
    <View className="member-code">
      {member ? (
        <View className="member-code__who">
          <Text className="member-code__name">{member.nickname}</Text>
          <Text className="member-code__tier">{member.tier.name}</Text>
        </View>
      ) : null}
      <Loadable remote={code} rows={4}>
        {(data) => (
          <View className="member-code__card" data-testid="member-code" data-code={data.code}>
            <QrCode value={data.code} caption={groupDigits(data.code)} size={460} />
            <Text className="member-code__hint">
              结账时向收银员出示，识别会员、累计积分，并可使用储值余额支付
            </Text>
            <View className="member-code__refresh">
              <Text data-testid="member-code-countdown">
                {secondsLeft > 0 ? `${secondsLeft} 秒后自动刷新` : '正在刷新…'}
              </Text>
              <ActionButton
                className="ui-button ui-button--ghost member-code__button"
                onClick={() => code.reload()}
              >
                刷新
              </ActionButton>
            </View>
            {code.error ? (
              <View className="member-code__error" role="alert">
                刷新失败，请检查网络后点击刷新
              </View>
            ) : null}
          </View>
        )}
      </Loadable>
      <Text className="page-more">会员码每次扫描后即失效，仅限本人当面使用，请勿截图转发</Text>
    </View>
  );
}

export default function MemberCodePage() {
  return (
    <View className="page">
      <MemberGate hint="登录后出示会员码">{() => <CodeContent />}</MemberGate>
    </View>
  );
}
