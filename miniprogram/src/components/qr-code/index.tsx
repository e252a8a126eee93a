import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo } from 'react';
import { qrSvgDataUri } from '../../lib/qr';
import './index.scss';

/** A scannable QR code drawn on the device (no server round trip), with its text beneath. */
export function QrCode({
  value,
  caption,
  size = 360,
}: {
  value: string;
  caption?: string;
  size?: number;
}) {
  const src = useMemo(() => qrSvgDataUri(value), [value]);
  return (
    <View className="qr-code">
      <Image
        className="qr-code__image"
        src={src}
        style={{ width: Taro.pxTransform(size), height: Taro.pxTransform(size) }}
        mode="aspectFit"
        aria-label={`二维码 ${value}`}
        data-qr={value}
      />
      {caption ? <Text className="qr-code__caption">{caption}</Text> : null}
    </View>
  );
}
