import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { giveConsent } from '../../session/privacy';
import './index.scss';
import { ActionButton } from '../ui';

export const PRIVACY_PAGE = '/account/privacy/index';

/**
 * Asks for consent before any personal data is used. On WeChat the agree button also carries
 * `agreePrivacyAuthorization`, which the platform requires before privacy-scoped APIs.
 */
export function PrivacySheet({ onAgree, onCancel }: { onAgree: () => void; onCancel: () => void }) {
  const agree = () => {
    giveConsent();
    onAgree();
  };
  return (
    <View className="privacy-sheet" role="dialog" aria-label="隐私保护提示">
      <View className="privacy-sheet__panel">
        <Text className="privacy-sheet__title">隐私保护提示</Text>
        <Text className="privacy-sheet__body">
          为向您提供会员等级、积分、权益与活动服务，我们需要使用您的微信身份标识；绑定手机号后用于门店消费累计。
          请阅读并同意
        </Text>
        <Text
          className="privacy-sheet__link"
          onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGE })}
        >
          《圈层会员隐私保护指引》
        </Text>
        <View className="privacy-sheet__actions">
          <ActionButton
            className="ui-button ui-button--ghost privacy-sheet__button"
            onClick={onCancel}
          >
            暂不同意
          </ActionButton>
          <ActionButton
            className="ui-button privacy-sheet__button"
            openType="agreePrivacyAuthorization"
            onClick={agree}
          >
            同意并继续
          </ActionButton>
        </View>
      </View>
    </View>
  );
}
