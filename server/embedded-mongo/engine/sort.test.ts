import { Long, ObjectId } from 'bson';
import type { Doc } from './compare';
import { parseSort, sortDocs } from './paths';
import { runSync } from './slice';
import { sortDocsWork } from './sort';

// deterministic pseudo-random values of mixed BSON types, with many ties
function docs(n: number): Doc[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const values = [
    () => Math.floor(rnd() * 50),
    () => `s${Math.floor(rnd() * 30)}`,
    () => null,
    () => Long.fromNumber(Math.floor(rnd() * 50)),
    () => [Math.floor(rnd() * 40), Math.floor(rnd() * 40)],
    () => new Date(Math.floor(rnd() * 10) * 1000),
  ];
  return Array.from({ length: n }, (_, i) => {
    const d: Doc = { _id: new ObjectId(), seq: i, b: Math.floor(rnd() * 5) };
    if (rnd() > 0.1) d.a = values[Math.floor(rnd() * values.length)]();
    return d;
  });
}

describe('sortDocsWork', () => {
  it.each([
    [{ a: 1 }, 10_000],
    [{ a: -1, b: 1 }, 9_999],
    [{ b: -1 }, 4_097],
    [{ a: 1 }, 3],
  ])('orders %j like sortDocs, stably (%i documents)', (spec, n) => {
    const input = docs(n);
    const expected = sortDocs(input, parseSort(spec)).map((d) => d.seq);
    expect(runSync(sortDocsWork(input, parseSort(spec))).map((d) => d.seq)).toEqual(expected);
  });

  it('yields while it works, so a caller can pause between slices', () => {
    const work = sortDocsWork(docs(20_000), parseSort({ a: 1 }));
    let yields = 0;
    while (!work.next().done) yields++;
    expect(yields).toBeGreaterThan(20);
  });
});
