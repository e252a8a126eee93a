import { fireEvent, render, screen } from '@testing-library/react';
import { ApiError } from '../../api/errors';
import { ActionButton, EmptyState, Loadable, ProgressBar, Section } from '.';

const remote = <T,>(over: Partial<{ data: T; error: unknown; loading: boolean }>) => ({
  data: undefined as T | undefined,
  error: undefined as unknown,
  loading: false,
  reload: jest.fn(async () => {}),
  ...over,
});

describe('ui building blocks', () => {
  it('Loadable shows a busy skeleton, then the content', () => {
    const loading = remote<string>({ loading: true });
    const { rerender } = render(<Loadable remote={loading}>{(d) => <p>{d}</p>}</Loadable>);
    expect(screen.getByLabelText('加载中').getAttribute('aria-busy')).toBe('true');

    rerender(<Loadable remote={remote({ data: '内容' })}>{(d) => <p>{d}</p>}</Loadable>);
    expect(screen.getByText('内容')).toBeTruthy();
    expect(screen.queryByLabelText('加载中')).toBeNull();
  });

  it('Loadable maps an error code to member text and retries on tap', () => {
    const failed = remote<string>({ error: new ApiError('NETWORK', 'x', 0) });
    render(<Loadable remote={failed}>{(d) => <p>{d}</p>}</Loadable>);

    expect(screen.getByRole('alert').textContent).toContain('网络不给力，请稍后重试');
    fireEvent.click(screen.getByRole('button', { name: '重新加载' }));
    expect(failed.reload).toHaveBeenCalledTimes(1);
  });

  it('keeps showing loaded data while a reload fails', () => {
    const stale = remote({ data: '旧数据', error: new ApiError('NETWORK', 'x', 0) });
    render(<Loadable remote={stale}>{(d) => <p>{d}</p>}</Loadable>);

    expect(screen.getByText('旧数据')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('EmptyState offers its action', () => {
    const onClick = jest.fn();
    render(<EmptyState title="暂无记录" hint="去逛逛" action={{ label: '去看看', onClick }} />);

    fireEvent.click(screen.getByRole('button', { name: '去看看' }));
    expect(onClick).toHaveBeenCalled();
    expect(screen.getByText('去逛逛')).toBeTruthy();
  });

  it('ProgressBar clamps its value to 0–100%', () => {
    const { container, rerender } = render(<ProgressBar value={1.7} />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    rerender(<ProgressBar value={-0.2} />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
    expect((container.querySelector('.ui-progress__bar') as HTMLElement).style.width).toBe('0%');
  });

  it('Section shows a tappable extra link', () => {
    const onExtra = jest.fn();
    render(
      <Section title="我的积分" extra="积分商城" onExtra={onExtra}>
        <p>1,200</p>
      </Section>,
    );
    fireEvent.click(screen.getByText('积分商城 ›'));
    expect(onExtra).toHaveBeenCalled();
    // Without a handler the extra is plain information, with no arrow promising a tap.
    render(
      <Section title="我的邀请" extra="已获 0 积分">
        <p />
      </Section>,
    );
    expect(screen.getByText('已获 0 积分')).toBeTruthy();
  });

  it('ActionButton runs onClick only while neither disabled nor loading', () => {
    const tap = jest.fn();
    const { rerender } = render(<ActionButton onClick={tap}>兑换</ActionButton>);
    fireEvent.click(screen.getByRole('button', { name: '兑换' }));
    expect(tap).toHaveBeenCalledTimes(1);

    rerender(
      <ActionButton disabled onClick={tap}>
        积分不足
      </ActionButton>,
    );
    const disabled = screen.getByRole('button', { name: '积分不足' });
    expect(disabled.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(disabled);

    rerender(
      <ActionButton loading onClick={tap}>
        兑换
      </ActionButton>,
    );
    fireEvent.click(screen.getByRole('button', { name: '兑换' }));
    expect(tap).toHaveBeenCalledTimes(1);
  });

  it('ActionButton keeps its label in an element of its own', () => {
    // A lone string child would be written with textContent, wiping the H5 button's slot.
    render(<ActionButton onClick={() => {}}>签到</ActionButton>);
    const label = screen.getByText('签到');
    expect(label.tagName).toBe('SPAN');
    expect(label.parentElement?.tagName).toBe('BUTTON');
  });
});
