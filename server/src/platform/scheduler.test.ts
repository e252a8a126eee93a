import { createLogger } from '../lib/logger';
import { nextRuns, startScheduler } from './scheduler';

describe('scheduler', () => {
  it('reads cron patterns in Beijing time', () => {
    const from = new Date('2026-12-03T00:00:00Z'); // 08:00 Beijing
    // The nightly value run at 02:00 Beijing is 18:00 UTC the day before.
    expect(nextRuns('0 2 * * *', 2, from).map((d) => d.toISOString())).toEqual([
      '2026-12-03T18:00:00.000Z',
      '2026-12-04T18:00:00.000Z',
    ]);
    // Points expiry just after Beijing midnight on 1 January.
    expect(nextRuns('5 0 1 1 *', 1, from)[0]?.toISOString()).toBe('2026-12-31T16:05:00.000Z');
  });

  it('runs catch-up jobs once after start and survives a failing job', async () => {
    const runs: string[] = [];
    const stop = startScheduler(
      [
        { name: 'a', cron: '0 2 * * *', catchUp: true, run: async () => void runs.push('a') },
        { name: 'b', cron: '0 2 * * *', run: async () => void runs.push('b') },
        {
          name: 'c',
          cron: '0 2 * * *',
          catchUp: true,
          run: async () => {
            runs.push('c');
            throw new Error('boom');
          },
        },
      ],
      createLogger({ level: 'silent' }),
      { catchUpAfterMs: 5 },
    );
    await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(runs.sort()).toEqual(['a', 'c']);
  });
});
