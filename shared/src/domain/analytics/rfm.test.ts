import {
  quintileScores,
  RFM_SEGMENTS,
  rfmSegment,
  rfmSegmentFlags,
  scoreRfm,
  scoreRfmColumns,
} from './rfm';

describe('RFM segments', () => {
  it('names the eight segments exactly, with R↑ meaning recent', () => {
    expect(rfmSegment(true, true, true)).toBe('重要价值');
    expect(rfmSegment(true, false, true)).toBe('重要发展');
    expect(rfmSegment(false, true, true)).toBe('重要保持');
    expect(rfmSegment(false, false, true)).toBe('重要挽留');
    expect(rfmSegment(true, true, false)).toBe('一般价值');
    expect(rfmSegment(true, false, false)).toBe('一般发展');
    expect(rfmSegment(false, true, false)).toBe('一般保持');
    expect(rfmSegment(false, false, false)).toBe('一般挽留');
    expect(new Set(RFM_SEGMENTS).size).toBe(8);
  });

  it('flag strings agree with the segment table', () => {
    for (const r of [true, false])
      for (const f of [true, false])
        for (const m of [true, false]) {
          expect(rfmSegmentFlags(rfmSegment(r, f, m))).toBe(
            `R${r ? '↑' : '↓'}F${f ? '↑' : '↓'}M${m ? '↑' : '↓'}`,
          );
        }
  });
});

describe('quintile scores', () => {
  it('splits ranks into fifths', () => {
    expect(Array.from(quintileScores([50, 10, 40, 20, 30, 100, 60, 70, 80, 90]))).toEqual([
      3, 1, 2, 1, 2, 5, 3, 4, 4, 5,
    ]);
  });

  it('ranks ties stably in input order', () => {
    expect(Array.from(quintileScores([7, 7, 7, 7, 7]))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(quintileScores([1, 0, 1, 0, 1]))).toEqual([3, 1, 4, 2, 5]);
  });

  it('reverses recency: the fewest days since the last purchase score 5', () => {
    expect(Array.from(quintileScores([1, 400, 30, 200, 90], { reverse: true }))).toEqual([
      5, 1, 4, 2, 3,
    ]);
    expect(Array.from(quintileScores([0, 0, 5], { reverse: true }))).toEqual([2, 4, 1]);
  });
});

describe('scoreRfm', () => {
  // mean R = 100 days, mean F = 4, mean M = 875
  const rows = [
    { recencyDays: 3, frequency: 9, monetary: 3000 }, // recent, frequent, big
    { recencyDays: 10, frequency: 1, monetary: 1500 }, // recent, rare, big
    { recencyDays: 300, frequency: 8, monetary: 1200 }, // lapsed, frequent, big
    { recencyDays: 250, frequency: 1, monetary: 1100 }, // lapsed, rare, big
    { recencyDays: 5, frequency: 6, monetary: 100 }, // recent, frequent, small
    { recencyDays: 20, frequency: 2, monetary: 50 }, // recent, rare, small
    { recencyDays: 200, frequency: 5, monetary: 30 }, // lapsed, frequent, small
    { recencyDays: 12, frequency: 0, monetary: 20 }, // recent, rare, small
  ];
  const res = scoreRfm(rows);

  it('classifies by comparing with the population mean, recency the right way round', () => {
    expect(res.map((r) => r.segment)).toEqual([
      '重要价值',
      '重要发展',
      '重要保持',
      '重要挽留',
      '一般价值',
      '一般发展',
      '一般保持',
      '一般发展',
    ]);
    expect(res[0].recent).toBe(true);
    expect(res[2].recent).toBe(false);
  });

  it('gives the most recent buyers the top R score', () => {
    expect(res[0].rScore).toBe(5); // 3 days ago: the most recent
    expect(res[2].rScore).toBe(1); // 300 days ago: the least recent
    expect(res[0].fScore).toBe(5);
    expect(res[0].mScore).toBe(5);
  });

  it('can compare scores instead of values with the mean', () => {
    const cols = scoreRfmColumns(
      {
        recencyDays: [1, 2, 3, 4, 1000],
        frequency: [1, 1, 1, 1, 50],
        monetary: [1, 2, 3, 4, 100000],
      },
      { highLowBasis: 'score' },
    );
    // By value only the outlier is above the mean; by score the top two fifths are high.
    expect(Array.from(cols.mScore)).toEqual([1, 2, 3, 4, 5]);
    expect(RFM_SEGMENTS[cols.segment[3]].startsWith('重要')).toBe(true);
    const byValue = scoreRfmColumns({
      recencyDays: [1, 2, 3, 4, 1000],
      frequency: [1, 1, 1, 1, 50],
      monetary: [1, 2, 3, 4, 100000],
    });
    expect(RFM_SEGMENTS[byValue.segment[3]].startsWith('一般')).toBe(true);
    expect(byValue.means.monetary).toBeCloseTo(20002, 10);
  });
});
