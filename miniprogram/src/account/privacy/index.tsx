import { Text, View } from '@tarojs/components';
import { Section } from '../../components/ui';
import '../../styles/page.scss';

const PARAGRAPHS: readonly [string, string][] = [
  [
    '我们收集的信息',
    '微信身份标识（openid / unionid）用于识别您的会员身份；您主动绑定的手机号用于合并门店消费记录；您填写的昵称与生日用于会员服务与生日礼遇。',
  ],
  [
    '我们如何使用',
    '仅用于计算会员等级、成长值、积分与权益，发送您订阅的服务通知，以及您所在门店顾问为您提供服务。',
  ],
  ['存储与安全', '手机号加密存储，日志中不记录手机号与密钥；数据存储于中国境内。'],
  ['您的权利', '您可随时在“我的”页退出登录，或联系门店顾问查询、更正、删除您的个人信息。'],
];

export default function PrivacyPage() {
  return (
    <View className="page">
      <Section title="圈层会员隐私保护指引">
        {PARAGRAPHS.map(([title, body]) => (
          <View key={title} className="ui-row">
            <View className="ui-row__main">
              <Text className="ui-row__title">{title}</Text>
              <Text className="ui-row__sub">{body}</Text>
            </View>
          </View>
        ))}
      </Section>
    </View>
  );
}
