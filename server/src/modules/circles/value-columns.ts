import type { Column } from './evaluate';
import { ID_BYTES, IdIndex } from './packed';
import type { CircleSourcePorts } from './ports';

const NUMBERS = ['rScore', 'fScore', 'mScore', 'recencyDays', 'frequency', 'monetaryFen'] as const;
const OPTIONAL = ['pAlive', 'expectedPurchases90d', 'clv12mFen', 'influenceScore'] as const;

/** One value run's scores as columns over the members they were read for. */
export interface ValueColumns {
  /** The run and when it finished: a day's run may be computed again under the same id. */
  runKey: string;
  index: IdIndex;
  columns: Map<string, Column>;
}

/**
 * The last value run's columns, kept between builds. A value run's snapshots never change once
 * it has finished, and at 1M members reading them costs about half of a build (runs follow
 * every burst of orders): a later build with the same run only maps them onto its members.
 */
export class ValueColumnCache {
  last: ValueColumns | null = null;
}

interface Population {
  n: number;
  /** Member ids, 12 bytes each, in population order. */
  ids: Uint8Array;
}

/**
 * The latest value run's columns, over the members in the order their snapshots came (from the
 * cache when that run was read before). Independent of the member population, so the read runs
 * alongside the members' and is mapped onto them after (`onto`).
 */
export async function latestValueColumns(
  value: CircleSourcePorts['value'],
  cache: ValueColumnCache,
): Promise<ValueColumns | null> {
  const run = await value.latestRun();
  if (!run) return null;
  const runKey = `${run.runId}@${run.finishedAt?.getTime() ?? ''}`;
  if (cache.last?.runKey === runKey) return cache.last;
  const index = new IdIndex(1 << 16);
  const arrays = [...NUMBERS, ...OPTIONAL].map((k) => [k, new Growing()] as const);
  const codes = new Growing();
  const dict = new Map<string, number>();
  for await (const s of value.snapshotsOf(run.runId)) {
    index.add(s.memberId.id);
    for (const [k, values] of arrays) {
      const v = s[k];
      values.push(typeof v === 'number' ? v : Number.NaN);
    }
    let code = dict.get(s.segment);
    if (code === undefined) {
      code = dict.size;
      dict.set(s.segment, code);
    }
    codes.push(code);
  }
  const columns = new Map<string, Column>();
  for (const [k, values] of arrays) columns.set(k, { type: 'number', values: values.done() });
  columns.set('segment', { type: 'enum', codes: Int32Array.from(codes.done()), dict });
  cache.last = { runKey, index, columns };
  return cache.last;
}

/** A Float64Array filled by appending (the number of snapshots is not known up front). */
class Growing {
  private a = new Float64Array(1 << 16);
  private n = 0;
  push(v: number) {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

/** Value columns over a population: members without a snapshot get no value. */
export function onto(v: ValueColumns | null, p: Population): Map<string, Column> {
  const from = new Int32Array(p.n).fill(-1);
  if (v) {
    for (let i = 0; i < p.n; i++) {
      from[i] = v.index.get(p.ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES)) ?? -1;
    }
  }
  const out = new Map<string, Column>();
  for (const k of [...NUMBERS, ...OPTIONAL]) {
    const col = v?.columns.get(k);
    const values = new Float64Array(p.n).fill(Number.NaN);
    if (col?.type === 'number') {
      for (let i = 0; i < p.n; i++) if (from[i]! >= 0) values[i] = col.values[from[i]!]!;
    }
    out.set(k, { type: 'number', values });
  }
  const seg = v?.columns.get('segment');
  const codes = new Int32Array(p.n).fill(-1);
  if (seg?.type === 'enum') {
    for (let i = 0; i < p.n; i++) if (from[i]! >= 0) codes[i] = seg.codes[from[i]!]!;
  }
  out.set('segment', { type: 'enum', codes, dict: seg?.type === 'enum' ? seg.dict : new Map() });
  return out;
}
