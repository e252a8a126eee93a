import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { callsTo, LADDER, routeFetch } from '../../../../jest/fakeApi';
import {
  type Deferred,
  deferred,
  type FetchMock,
  fakeResponse,
  installFetch,
  uninstallFetch,
} from '../../../../jest/fakeFetch';
import { renderWithPanel } from '../../../../jest/renderWithPanel';
import type { CircleRule } from '../../api/circles';
import { CirclePreviewPanel } from './CirclePreviewPanel';
import { preview } from './testFixtures';

const GOLD: CircleRule = { all: [{ field: 'tier', op: 'eq', value: 'gold' }] };
const BLACK: CircleRule = { all: [{ field: 'tier', op: 'eq', value: 'black' }] };

/** Switches the rule under the panel, as the editor does while the user types. */
function Harness({ first, delay }: { first: CircleRule | null; delay: number }) {
  const [rule, setRule] = useState<CircleRule | null>(first);
  return (
    <>
      <button type="button" onClick={() => setRule(BLACK)}>
        换成黑卡
      </button>
      <CirclePreviewPanel rule={rule} issueCount={rule ? 0 : 2} delay={delay} />
    </>
  );
}

let fetchMock: FetchMock;
let answers: Array<Deferred<Response>>;
beforeEach(() => {
  fetchMock = installFetch();
  answers = [];
  routeFetch(fetchMock, {
    'GET /api/admin/tiers': () => fakeResponse(200, LADDER),
    'POST /api/admin/circles/preview': () => {
      const answer = deferred<Response>();
      answers.push(answer);
      return answer.promise;
    },
  });
});
afterEach(uninstallFetch);

const previews = () => callsTo(fetchMock, 'POST /api/admin/circles/preview');

describe('circle live preview', () => {
  it('shows count, shares, average CLV and the sample for a complete rule', async () => {
    renderWithPanel(<Harness first={GOLD} delay={10} />);
    await waitFor(() => expect(previews()).toHaveLength(1));
    expect(previews()[0]?.body).toEqual({ rule: GOLD });
    answers[0]?.resolve(fakeResponse(200, preview(1280, '小美')));
    expect(await screen.findByText('1,280')).toBeTruthy();
    expect(screen.getByText('12.8%')).toBeTruthy();
    expect(screen.getByText('25.6%')).toBeTruthy();
    expect(screen.getByText('¥1,234.56')).toBeTruthy();
    expect(screen.getByText('小美')).toBeTruthy();
  });

  it('ignores a late answer to an older rule', async () => {
    renderWithPanel(<Harness first={GOLD} delay={10} />);
    await waitFor(() => expect(previews()).toHaveLength(1));
    fireEvent.click(screen.getByText('换成黑卡'));
    await waitFor(() => expect(previews()).toHaveLength(2));
    expect(previews()[1]?.body).toEqual({ rule: BLACK });
    // The older request was abandoned when the rule changed.
    expect(fetchMock.mock.calls[fetchMock.mock.calls.length - 2]?.[1]?.signal?.aborted).toBe(true);

    answers[1]?.resolve(fakeResponse(200, preview(200, '黑卡会员')));
    expect(await screen.findByText('黑卡会员')).toBeTruthy();
    answers[0]?.resolve(fakeResponse(200, preview(100, '金卡会员')));
    // Give the late answer every chance to land; the view must stay on the latest rule.
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText('金卡会员')).toBeNull();
    expect(screen.getByText('黑卡会员')).toBeTruthy();
    expect(screen.getByText('200')).toBeTruthy();
  });

  it('debounces: a rule replaced within the delay is never sent', async () => {
    renderWithPanel(<Harness first={GOLD} delay={300} />);
    fireEvent.click(screen.getByText('换成黑卡'));
    await waitFor(() => expect(previews()).toHaveLength(1));
    expect(previews()[0]?.body).toEqual({ rule: BLACK });
  });

  it('asks nothing while the rule is incomplete and says so', async () => {
    renderWithPanel(<Harness first={null} delay={10} />);
    expect(await screen.findByText('规则尚未完成（还有 2 处待补全），补全后自动预览')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    expect(previews()).toHaveLength(0);
  });
});
