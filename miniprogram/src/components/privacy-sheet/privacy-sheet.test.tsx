import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { hasConsent, withdrawConsent } from '../../session/privacy';
import { PrivacySheet } from '.';

describe('PrivacySheet', () => {
  beforeEach(() => withdrawConsent());

  it('records consent only when the member agrees', () => {
    const onAgree = jest.fn();
    const onCancel = jest.fn();
    render(<PrivacySheet onAgree={onAgree} onCancel={onCancel} />);

    fireEvent.click(screen.getByRole('button', { name: '暂不同意' }));
    expect(hasConsent()).toBe(false);
    expect(onCancel).toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: '同意并继续' }));
    expect(hasConsent()).toBe(true);
    expect(onAgree).toHaveBeenCalled();
  });

  it('links to the full privacy notice', () => {
    render(<PrivacySheet onAgree={jest.fn()} onCancel={jest.fn()} />);

    fireEvent.click(screen.getByText('《圈层会员隐私保护指引》'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/account/privacy/index' });
  });
});
