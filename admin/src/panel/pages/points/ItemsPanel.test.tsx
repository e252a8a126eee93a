import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, routeFetch } from '../../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import ItemsPanel from './ItemsPanel';

const ITEM = {
  itemCode: 'COUPON-50',
  name: '50 元券',
  description: '',
  kind: 'coupon',
  cost: 5000,
  stock: null,
  perkCode: null,
  imageUrl: null,
  active: true,
};

let fetchMock: FetchMock;
beforeEach(() => {
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/points/items': () => fakeResponse(200, { items: [ITEM] }),
    'GET /api/admin/perks': () => fakeResponse(200, { items: [] }),
    'POST /api/admin/points/items': ({ body }) =>
      fakeResponse(201, { ...ITEM, ...(body as object) }),
  });
});
afterEach(uninstallFetch);

function modal(): Promise<HTMLElement> {
  return waitFor(() => {
    const el = document.querySelector<HTMLElement>('.ant-modal-container');
    if (!el) throw new Error('对话框未打开');
    return el;
  });
}

describe('redemption catalogue', () => {
  it('checks the code and the cost in Chinese, then sends unlimited stock as null', async () => {
    renderWithPanel(<ItemsPanel />, 'ops');
    expect(await screen.findByText('50 元券')).toBeTruthy();
    fireEvent.click(screen.getByText('新增商品'));
    const dialog = within(await modal());
    fireEvent.change(dialog.getByLabelText('商品代码'), { target: { value: 'x' } });
    fireEvent.change(dialog.getByLabelText('所需积分'), { target: { value: '0' } });
    fireEvent.click(screen.getByText('保存商品'));
    expect(await dialog.findByText('商品代码为 2–32 位字母、数字、_ 或 -')).toBeTruthy();
    expect(dialog.getByText('请输入商品名称')).toBeTruthy();
    expect(dialog.getByText('所需积分须为 1–100000000 的整数')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/points/items')).toHaveLength(0);

    fireEvent.change(dialog.getByLabelText('商品代码'), { target: { value: 'GIFT-1' } });
    fireEvent.change(dialog.getByLabelText('商品名称'), { target: { value: '帆布袋' } });
    fireEvent.change(dialog.getByLabelText('所需积分'), { target: { value: '800' } });
    fireEvent.click(screen.getByText('保存商品'));
    await waitFor(() => expect(callsTo(fetchMock, 'POST /api/admin/points/items')).toHaveLength(1));
    expect(callsTo(fetchMock, 'POST /api/admin/points/items')[0]?.body).toEqual({
      itemCode: 'GIFT-1',
      name: '帆布袋',
      description: '',
      kind: 'coupon',
      cost: 800,
      stock: null,
      perkCode: null,
      imageUrl: null,
      active: true,
    });
  }, 90_000);

  it('lets an analyst read the catalogue only', async () => {
    renderWithPanel(<ItemsPanel />, 'analyst');
    expect(await screen.findByText('50 元券')).toBeTruthy();
    expect(screen.queryByText('新增商品')).toBeNull();
    expect((screen.getByLabelText('上架 50 元券') as HTMLButtonElement).disabled).toBe(true);
  });
});
