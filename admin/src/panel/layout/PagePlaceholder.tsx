import { Card, Empty, Typography } from 'antd';
import type { ReactNode } from 'react';

/** Page heading shared by every panel page. */
export function PageTitle({ title, extra }: { title: string; extra?: ReactNode }) {
  return (
    <div className="panel-page-title">
      <Typography.Title level={3}>{title}</Typography.Title>
      {extra}
    </div>
  );
}

/**
 * Frame for a page whose API has not landed yet: says so plainly and lists what will live
 * here, instead of showing made-up data.
 */
export function PagePlaceholder({ title, planned }: { title: string; planned: string[] }) {
  return (
    <>
      <PageTitle title={title} />
      <Card>
        <Empty description="该功能建设中，接口上线后在此开放">
          <ul className="panel-planned">
            {planned.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </Empty>
      </Card>
    </>
  );
}
