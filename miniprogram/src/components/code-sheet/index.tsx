import { Text, View } from '@tarojs/components';
import { QrCode } from '../qr-code';
import './index.scss';
import { ActionButton } from '../ui';

/** A bottom sheet with a code to show at the counter: QR plus the code in text. */
export function CodeSheet({
  title,
  code,
  lines,
  onClose,
}: {
  title: string;
  code: string | null;
  lines: string[];
  onClose: () => void;
}) {
  return (
    <View className="code-sheet" role="dialog" aria-label={title}>
      <View className="code-sheet__panel">
        <Text className="code-sheet__title">{title}</Text>
        {/* Short codes are read out at the counter; long tokens (tickets) are only scanned. */}
        {code ? (
          <QrCode value={code} caption={code.length <= 20 ? code : undefined} size={320} />
        ) : null}
        {lines.map((line) => (
          <Text key={line} className="code-sheet__line">
            {line}
          </Text>
        ))}
        <ActionButton className="ui-button code-sheet__close" onClick={onClose}>
          知道了
        </ActionButton>
      </View>
    </View>
  );
}
