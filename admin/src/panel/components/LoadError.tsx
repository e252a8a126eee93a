import { Alert, Button } from 'antd';
import { errorText } from '../api/errors';

/** A failed load: what went wrong, and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      title="数据加载失败"
      description={errorText(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        )
      }
    />
  );
}
