import { SortedList } from './sorted-list';

// A deterministic pseudo-random sequence, so a failure reproduces.
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

describe('SortedList (the structure behind every index)', () => {
  it('stays ordered and equal to a sorted array through random inserts and deletes', () => {
    const next = rng(42);
    const list = new SortedList<number>((a, b) => a - b);
    const model: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      if (model.length > 0 && next() < 0.35) {
        const v = model[Math.floor(next() * model.length)];
        expect(list.delete(v)).toBe(true);
        model.splice(model.indexOf(v), 1);
      } else {
        const v = Math.floor(next() * 5000);
        list.insert(v);
        model.push(v);
      }
    }
    model.sort((a, b) => a - b);
    expect([...list]).toEqual(model);
    expect(list.length).toBe(model.length);
    expect(list.delete(-1)).toBe(false);
  });

  it('seeks to the first entry at or above a bound', () => {
    const list = new SortedList<number>((a, b) => a - b);
    list.loadSorted(Array.from({ length: 2000 }, (_, i) => i * 2));
    expect(list.ceiling(1001)).toBe(1002);
    expect(list.ceiling(5000)).toBeUndefined();
    const from = [];
    for (const v of list.from((e) => e - 3995)) from.push(v);
    expect(from).toEqual([3996, 3998]);
  });
});
