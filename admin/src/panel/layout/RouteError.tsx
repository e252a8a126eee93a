import { CloseCircleFilled } from '@ant-design/icons';
import { Button } from 'antd';
import { useRouteError } from 'react-router-dom';

/**
 * Shown when a route throws or its chunk fails to load (typically an old tab after a deploy
 * removed the hashed file): a reload fetches the new index.html and its chunks. Built from
 * plain markup and Button because it ships in the entry chunk (antd's Result pulls ~34 kB
 * of illustrations into every page load).
 */
export function RouteError() {
  const error = useRouteError();
  const detail = error instanceof Error ? error.message : undefined;
  return (
    <div className="panel-route-error" role="alert">
      <CloseCircleFilled className="panel-route-error-icon" />
      <h2>页面加载失败</h2>
      <p>{detail ? `请刷新页面重试（${detail}）` : '请刷新页面重试'}</p>
      <Button type="primary" onClick={() => window.location.reload()}>
        刷新页面
      </Button>
    </div>
  );
}
