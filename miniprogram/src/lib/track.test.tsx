import Taro from '@tarojs/taro';
import { giveConsent } from '../session/privacy';
import { flush, setTrackingEnabled, track } from './track';

const request = Taro.request as unknown as jest.Mock;

beforeEach(() => {
  request.mockReset();
  request.mockResolvedValue({ statusCode: 202, data: { accepted: 1 }, header: {} });
});

describe('member-center tracking', () => {
  it('sends nothing before privacy consent', async () => {
    track({ kind: 'page_view', page: 'pages/perks/index' });
    await flush();
    expect(request).not.toHaveBeenCalled();
  });

  it('batches events with their topic once consent is given', async () => {
    giveConsent();
    track({ kind: 'page_view', page: 'pages/perks/index' });
    track({ kind: 'click', page: 'pages/perks/index', target: 'fabric_class', topic: '面料成分' });
    await flush();
    expect(request).toHaveBeenCalledTimes(1);
    const body = request.mock.calls[0]![0].data as {
      events: Array<{ kind: string; topic?: string }>;
    };
    expect(body.events.map((e) => [e.kind, e.topic])).toEqual([
      ['page_view', undefined],
      ['click', '面料成分'],
    ]);
  });

  it('stops collecting when the member opts out', async () => {
    giveConsent();
    setTrackingEnabled(false);
    track({ kind: 'click', page: 'pages/perks/index', topic: '新品' });
    await flush();
    expect(request).not.toHaveBeenCalled();
    setTrackingEnabled(true);
  });
});
