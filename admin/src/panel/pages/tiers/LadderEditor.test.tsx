import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { callsTo, LADDER, routeFetch } from '../../../../jest/fakeApi';
import {
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import { LadderEditor } from './LadderEditor';

jest.setTimeout(60_000);

// 09:05 UTC is 17:05 in Beijing: the text must not depend on the test machine's zone.
const EFFECTIVE = '2026-11-23T09:05:00.000Z';
const PREVIEW = {
  totalMembers: 10,
  movesUp: 3,
  movesDown: 0,
  outsideLadder: 0,
  tiers: [
    { code: 'silver', name: '银卡', current: 6, preview: 3, up: 3, down: 0, atRisk: 0 },
    { code: 'gold', name: '金卡', current: 3, preview: 6, up: 0, down: 0, atRisk: 2 },
    { code: 'black', name: '黑卡', current: 1, preview: 1, up: 0, down: 0, atRisk: 0 },
  ],
  evaluatedAt: '2026-11-23T08:40:00.000Z',
  effectiveAt: EFFECTIVE,
};

let fetchMock: FetchMock;
let saved = false;
beforeEach(() => {
  saved = false;
  fetchMock = installFetch();
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () =>
      fakeResponse(200, {
        ...LADDER,
        updatedAt: saved ? '2026-11-23T08:41:00.000Z' : null,
        effectiveAt: saved ? EFFECTIVE : null,
      }),
    'POST /api/admin/tiers/preview': () => fakeResponse(200, PREVIEW),
    'PUT /api/admin/tiers': ({ body }) => {
      saved = true;
      return fakeResponse(200, {
        ...(body as object),
        updatedAt: '2026-11-23T08:41:00.000Z',
        effectiveAt: EFFECTIVE,
      });
    },
  });
});
afterEach(uninstallFetch);

// The editable ladder is a large DOM: role queries over the whole page are slow in jsdom, so
// buttons are found by their text and the dialog by its title.
const button = (text: string) => screen.getByText(text).closest('button') as HTMLButtonElement;
const dialog = async () =>
  (await screen.findByText('确认保存等级设置')).closest('.ant-modal') as HTMLElement;
const noDialog = () => expect(screen.queryByText('确认保存等级设置')).toBeNull();

async function openConfirm() {
  renderWithPanel(<LadderEditor />, 'ops');
  await screen.findByDisplayValue('金卡'); // the saved ladder is in the form
  await waitFor(() => expect(button('预览各等级人数').disabled).toBe(false));
  fireEvent.click(button('预览各等级人数'));
  await waitFor(() => expect(button('保存等级设置').disabled).toBe(false));
  fireEvent.click(button('保存等级设置'));
  return dialog();
}

describe('tier ladder save', () => {
  it('confirms with the impact per tier and the Beijing time the thresholds take effect', async () => {
    const modal = await openConfirm();
    // 保存 re-runs the preview of the values on screen: the dialog shows the fresh answer.
    expect(callsTo(fetchMock, 'POST /api/admin/tiers/preview')).toHaveLength(2);
    expect(within(modal).getByText('新门槛将于 2026-11-23 17:05（北京时间）生效')).toBeTruthy();
    expect(within(modal).getByText(/升级 3 人，降级 0 人/)).toBeTruthy();
    const gold = within(modal).getByText('金卡').closest('tr') as HTMLElement;
    expect(
      within(gold)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['金卡', '3', '6', '0', '0', '2']);
    expect(callsTo(fetchMock, 'PUT /api/admin/tiers')).toHaveLength(0);
  });

  it('saves nothing when the confirm is cancelled', async () => {
    const modal = await openConfirm();
    fireEvent.click(within(modal).getByRole('button', { name: /取\s*消/ }));
    await waitFor(noDialog);
    expect(callsTo(fetchMock, 'PUT /api/admin/tiers')).toHaveLength(0);
  });

  it('saves on confirm and then shows when the pending thresholds take effect', async () => {
    const modal = await openConfirm();
    fireEvent.click(within(modal).getByRole('button', { name: '确认保存' }));
    await waitFor(() => expect(callsTo(fetchMock, 'PUT /api/admin/tiers')).toHaveLength(1));
    expect(callsTo(fetchMock, 'PUT /api/admin/tiers')[0]?.body).toMatchObject({
      growthPerYuan: 1,
      tiers: expect.arrayContaining([expect.objectContaining({ code: 'gold' })]),
    });
    expect(
      await screen.findByText('已保存，新门槛将于 2026-11-23 17:05（北京时间）生效'),
    ).toBeTruthy();
    expect(screen.getByText('上次保存：2026-11-23 16:41（北京时间）')).toBeTruthy();
  });
});
