import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, fakeApi } from '../../../test/fake-api';
import { memberEvent } from '../../../test/fixtures';
import { signIn, signOut } from '../../../test/session';
import TicketsPage from '../tickets';
import EventsPage from '.';

const goldOnly = memberEvent({
  id: '665f00000000000000000002',
  title: '金卡专属沙龙',
  eligible: false,
  eligibleText: '金卡及以上可报名',
});

describe('events pages (社群活动 / 我的入场券)', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    signOut();
    jest.clearAllMocks();
  });

  it('lists events I may join first, with seats left and why others are closed', async () => {
    fakeApi({ 'GET /api/mp/events': { body: { items: [goldOnly, memberEvent()] } } });
    render(<EventsPage />);

    const cards = await screen.findAllByTestId('event-card');
    expect(within(cards[0]!).getByText('秋冬新品品鉴会')).toBeTruthy();
    expect(within(cards[0]!).getByText('剩余 12 席')).toBeTruthy();
    expect(within(cards[0]!).getByText('到场签到 +50 积分')).toBeTruthy();
    // The tier needed is named, on the tag and as the reason.
    expect(within(cards[1]!).getAllByText('金卡及以上可报名')).toHaveLength(2);
    expect(within(cards[1]!).queryByRole('button')).toBeNull();
  });

  it('signs up and then shows the check-in ticket as a QR code', async () => {
    let signedUp = false;
    const registered = { state: 'registered', position: null, ticket: 'TK.abc.123' } as const;
    fakeApi({
      'GET /api/mp/events': () => ({
        body: { items: [memberEvent(signedUp ? { seatsLeft: 11, mySignup: registered } : {})] },
      }),
      'POST /api/mp/events/665f00000000000000000001/signup': () => {
        signedUp = true;
        return { body: registered };
      },
    });
    render(<EventsPage />);

    fireEvent.click(await screen.findByRole('button', { name: '立即报名' }));
    fireEvent.click(await screen.findByRole('button', { name: '查看入场券' }));

    const sheet = screen.getByRole('dialog', { name: '秋冬新品品鉴会' });
    expect(within(sheet).getByLabelText('二维码 TK.abc.123')).toBeTruthy();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '报名成功' }));
  });

  it('joins the waitlist when full and shows the place in line', async () => {
    let waiting = false;
    const waitlisted = { state: 'waitlisted', position: 3, ticket: null } as const;
    fakeApi({
      'GET /api/mp/events': () => ({
        body: { items: [memberEvent({ seatsLeft: 0, mySignup: waiting ? waitlisted : null })] },
      }),
      'POST /api/mp/events/665f00000000000000000001/signup': () => {
        waiting = true;
        return { body: waitlisted };
      },
    });
    render(<EventsPage />);

    expect(await screen.findByText('名额已满')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '加入候补' }));

    await screen.findByText('候补第 3 位');
    expect(screen.getByRole('button', { name: '取消候补' })).toBeTruthy();
  });

  it('cancels a sign-up after confirmation', async () => {
    let registered = true;
    const calls = fakeApi({
      'GET /api/mp/events': () => ({
        body: {
          items: [
            memberEvent({
              mySignup: registered ? { state: 'registered', position: null, ticket: 'TK.1' } : null,
            }),
          ],
        },
      }),
      'POST /api/mp/events/665f00000000000000000001/cancel': () => {
        registered = false;
        return { body: { state: 'cancelled', position: null, ticket: null } };
      },
    });
    render(<EventsPage />);

    fireEvent.click(await screen.findByRole('button', { name: '取消报名' }));

    await screen.findByRole('button', { name: '立即报名' });
    expect(Taro.showModal).toHaveBeenCalled();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消报名' }));
  });

  it('shows the member text when the tier may not sign up', async () => {
    fakeApi({
      'GET /api/mp/events': { body: { items: [memberEvent()] } },
      'POST /api/mp/events/665f00000000000000000001/signup': apiError(
        403,
        'EVENT_TIER_NOT_ELIGIBLE',
      ),
    });
    render(<EventsPage />);

    fireEvent.click(await screen.findByRole('button', { name: '立即报名' }));

    await waitFor(() =>
      expect(Taro.showToast).toHaveBeenCalledWith(
        expect.objectContaining({ title: '您的等级暂不可报名' }),
      ),
    );
  });

  it('lists only registered events with a ticket on the tickets page', async () => {
    fakeApi({
      'GET /api/mp/events': {
        body: {
          items: [
            memberEvent({ mySignup: { state: 'registered', position: null, ticket: 'TK.1' } }),
            memberEvent({
              id: '665f00000000000000000003',
              title: '候补活动',
              mySignup: { state: 'waitlisted', position: 1, ticket: null },
            }),
          ],
        },
      },
    });
    render(<TicketsPage />);

    const cards = await screen.findAllByTestId('event-card');
    expect(cards).toHaveLength(1);
    expect(within(cards[0]!).getByText('已报名')).toBeTruthy();
  });

  it('gives an online event no ticket QR, and its live link once it opens', async () => {
    const registered = { state: 'registered', position: null, ticket: 'TK.on.1' } as const;
    const live = memberEvent({
      id: '665f00000000000000000009',
      title: '成分党线上课',
      place: null,
      online: true,
      liveOpensAt: '2099-10-01T10:30:00.000Z',
      mySignup: registered,
    });
    let open = false;
    fakeApi({
      'GET /api/mp/events': () => ({
        body: { items: [open ? { ...live, liveUrl: 'https://live.example.com/r/1' } : live] },
      }),
    });
    render(<EventsPage />);
    const card = (await screen.findAllByTestId('event-card'))[0]!;
    expect(within(card).getByText('线上直播')).toBeTruthy();
    expect(within(card).getByText('已报名 · 直播 10-01 18:30 开放')).toBeTruthy();
    expect(within(card).queryByText('查看入场券')).toBeNull();
    expect(within(card).queryByText('进入直播')).toBeNull();

    cleanup();
    open = true;
    render(<EventsPage />);
    fireEvent.click(await screen.findByRole('button', { name: '进入直播' }));
    await waitFor(() =>
      expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'https://live.example.com/r/1' }),
    );
    expect(screen.queryByText('查看入场券')).toBeNull();
  });
});
