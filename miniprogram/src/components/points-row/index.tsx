import { Text, View } from '@tarojs/components';
import type { PointsEntry } from '../../api/points';
import { count, dateTime } from '../../lib/format';

/** One line of the points ledger: reason, when, note or expiry, and the signed amount. */
export function PointsRow({ entry }: { entry: PointsEntry }) {
  const plus = entry.delta > 0;
  return (
    <View className="ui-row" data-testid="points-row">
      <View className="ui-row__main">
        <Text className="ui-row__title">{entry.reasonText}</Text>
        <Text className="ui-row__sub">
          {dateTime(entry.createdAt)}
          {entry.note ? ` · ${entry.note}` : ''}
          {plus && entry.expiresOn ? ` · ${entry.expiresOn} 到期` : ''}
        </Text>
      </View>
      <Text className={`delta delta--${plus ? 'plus' : 'minus'}`}>
        {plus ? '+' : ''}
        {count(entry.delta)}
      </Text>
    </View>
  );
}
