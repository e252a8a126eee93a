import { Tabs } from 'antd';
import { PageTitle } from '../layout/PagePlaceholder';
import { LadderEditor } from './tiers/LadderEditor';

export default function TiersPage() {
  return (
    <>
      <PageTitle title="等级与权益" />
      <Tabs
        destroyOnHidden
        items={[{ key: 'ladder', label: '等级阶梯', children: <LadderEditor /> }]}
      />
    </>
  );
}
