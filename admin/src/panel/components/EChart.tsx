import { Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import type { ECharts } from './echartsSetup';

export type ChartOption = EChartsCoreOption;

/**
 * One echarts canvas; follows the container's size and is disposed on unmount. echarts is
 * imported on first use, so it is its own chunk and the dashboard's text arrives first.
 */
export function EChart({
  option,
  height = 280,
  label,
}: {
  option: ChartOption;
  height?: number;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let instance: ECharts | null = null;
    let observer: ResizeObserver | null = null;
    import('./echartsSetup').then(
      ({ init }) => {
        if (disposed || !ref.current) return;
        const current = init(ref.current);
        instance = current;
        observer = new ResizeObserver(() => current.resize());
        observer.observe(ref.current);
        setChart(current);
      },
      () => {
        if (!disposed) setFailed(true);
      },
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    chart?.setOption(option, { notMerge: true });
  }, [chart, option]);

  return (
    <div ref={ref} role="img" aria-label={label} style={{ height, width: '100%' }}>
      {failed && (
        <Typography.Text type="secondary">图表组件加载失败，请刷新页面重试</Typography.Text>
      )}
    </div>
  );
}
