import { type Collation, foldValue, sameCollation } from './collation';
import type { Collection } from './collection';
import { compareValues, type Doc, isPlainObject, typeOrder } from './compare';
import { compareKeys, type Index } from './index-def';

interface Bound {
  v: unknown;
  incl: boolean;
}

/** What the top level of a filter says about one field, as far as an index can use it. */
interface FieldCond {
  eq?: unknown[];
  lo?: Bound;
  hi?: Bound;
}

export interface Plan {
  index?: string;
  keysExamined: number;
  docsExamined: number;
}

function indexableValue(v: unknown): boolean {
  return v !== undefined && !Array.isArray(v) && !(v instanceof RegExp) && typeOrder(v) !== 1;
}

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$');
}

function parseField(value: unknown): FieldCond | undefined {
  if (!isOperatorObject(value)) return indexableValue(value) ? { eq: [value] } : undefined;
  const c: FieldCond = {};
  for (const [op, arg] of Object.entries(value)) {
    if (op === '$eq' && indexableValue(arg)) c.eq = [arg];
    else if (op === '$in' && Array.isArray(arg) && arg.length > 0 && arg.every(indexableValue)) {
      c.eq = arg;
    } else if ((op === '$gt' || op === '$gte') && indexableValue(arg) && arg !== null) {
      c.lo = { v: arg, incl: op === '$gte' };
    } else if ((op === '$lt' || op === '$lte') && indexableValue(arg) && arg !== null) {
      c.hi = { v: arg, incl: op === '$lte' };
    }
  }
  return c.eq || c.lo || c.hi ? c : undefined;
}

function collect(filter: Doc, out: Map<string, FieldCond>): void {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) collect(sub, out);
      continue;
    }
    if (k.startsWith('$')) continue;
    const c = parseField(v);
    if (!c) continue;
    const prev = out.get(k);
    if (!prev || (c.eq && !prev.eq)) out.set(k, c);
  }
}

interface Choice {
  index: Index;
  eqFields: number;
  range?: FieldCond;
  score: number;
}

function choose(
  coll: Collection,
  conds: Map<string, FieldCond>,
  collation: Collation | undefined,
): Choice | undefined {
  let best: Choice | undefined;
  for (const index of coll.indexes.values()) {
    if (index.partial || index.spec.hidden === true) continue;
    // string keys compare differently under another collation: bounds would miss documents
    if (!sameCollation(index.collation, collation)) continue;
    let eqFields = 0;
    while (eqFields < index.fields.length && conds.get(index.fields[eqFields])?.eq) eqFields++;
    const next = conds.get(index.fields[eqFields]);
    const range = next && (next.lo || next.hi) ? next : undefined;
    if (eqFields === 0 && !range) continue;
    if (index.spec.sparse) {
      const first = conds.get(index.fields[0]);
      if (first?.eq?.some((v) => v === null)) continue;
    }
    let score = eqFields * 2 + (range ? 1 : 0);
    if (index.unique && eqFields === index.fields.length) score += 100;
    if (!best || score > best.score) best = { index, eqFields, range, score };
  }
  return best;
}

function cartesian(lists: unknown[][]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const l of lists) {
    const next: unknown[][] = [];
    for (const p of out) for (const v of l) next.push([...p, v]);
    out = next;
  }
  return out;
}

/**
 * Documents that may match `filter`: an index scan when the filter's top level constrains an
 * index prefix; for a top-level `$or` whose every clause (with the rest of the filter) can use an
 * index, the union of those scans, as MongoDB's OR stage does; else every document. Callers
 * still apply the full filter to each candidate.
 */
export function candidates(
  coll: Collection,
  rawFilter: Doc | undefined,
  plan?: Plan,
  collation?: Collation,
): Doc[] {
  // under a collation the (collated) index holds folded strings: probe with folded values
  const filter = collation && rawFilter ? (foldValue(rawFilter, collation) as Doc) : rawFilter;
  const conds = new Map<string, FieldCond>();
  if (filter) collect(filter, conds);
  const choice = conds.size ? choose(coll, conds, collation) : undefined;
  const scans: { choice: Choice; conds: Map<string, FieldCond> }[] = [];
  // A top-level $or is scanned clause by clause, each with the conditions beside it (MongoDB's
  // OR stage): when there is no other bound, or when every clause bounds tighter than the
  // conditions alone ({kind, $or: [{status: 'pending', …}, …]} on {kind, status, runAfter}).
  const ors =
    filter && Array.isArray(filter.$or) ? orScans(coll, filter.$or, conds, collation) : [];
  if (ors.length > 0 && (!choice || ors.every((o) => o.choice.score > choice.score)))
    scans.push(...ors);
  else if (choice) scans.push({ choice, conds });
  if (scans.length === 0) {
    if (plan) plan.docsExamined += coll.docs.size;
    return [...coll.docs.values()];
  }
  const ids = new Set<string>();
  let keys = 0;
  for (const s of scans) keys += scanIndex(s.choice, s.conds, ids);
  const docs: Doc[] = [];
  for (const id of ids) {
    const d = coll.docs.get(id);
    if (d) docs.push(d);
  }
  if (plan) {
    plan.index = [...new Set(scans.map((s) => s.choice.index.name))].join(',');
    plan.keysExamined += keys;
    plan.docsExamined += docs.length;
  }
  return docs;
}

/** One scan per clause of `$or` (each merged with `conds`), or none if a clause has no index. */
function orScans(
  coll: Collection,
  clauses: unknown[],
  conds: Map<string, FieldCond>,
  collation: Collation | undefined,
): { choice: Choice; conds: Map<string, FieldCond> }[] {
  const out: { choice: Choice; conds: Map<string, FieldCond> }[] = [];
  for (const clause of clauses) {
    if (!isPlainObject(clause)) return [];
    const c = new Map(conds);
    collect(clause, c);
    const pick = choose(coll, c, collation);
    if (!pick) return [];
    out.push({ choice: pick, conds: c });
  }
  return out;
}

/** Adds the ids of the index entries the choice bounds to `ids`; returns the keys examined. */
function scanIndex(choice: Choice, conds: Map<string, FieldCond>, ids: Set<string>): number {
  const { index, eqFields } = choice;
  let range = choice.range;
  const eqLists = index.fields.slice(0, eqFields).map((f) => {
    const vals = [...(conds.get(f)!.eq ?? [])];
    vals.sort(compareValues);
    return vals.filter((v, i) => i === 0 || compareValues(v, vals[i - 1]) !== 0);
  });
  // a compound index over several $in lists: keep the probe count bounded
  while (eqLists.length > 1 && eqLists.reduce((n, l) => n * l.length, 1) > 10_000) eqLists.pop();
  if (eqLists.length < eqFields) range = undefined;
  const points = cartesian(eqLists);
  // a multikey index cannot combine both bounds: different elements may satisfy each
  const lo = range?.lo;
  const hi = range && !(index.multikey && lo) ? range.hi : undefined;
  const bracket = lo ? typeOrder(lo.v) : hi ? typeOrder(hi.v) : 0;
  let keys = 0;
  for (const p of points) {
    const k = p.length;
    const probe = (e: { key: unknown[] }): number => {
      const c = compareKeys(e.key, p, k);
      if (c !== 0 || !range) return c;
      const t = typeOrder(e.key[k]) - bracket;
      if (t !== 0 || !lo) return t;
      const v = compareValues(e.key[k], lo.v);
      return v === 0 && !lo.incl ? -1 : v;
    };
    for (const e of index.entries.from(probe)) {
      if (compareKeys(e.key, p, k) !== 0) break;
      if (range) {
        const x = e.key[k];
        if (typeOrder(x) !== bracket) break;
        if (hi) {
          const c = compareValues(x, hi.v);
          if (c > 0 || (c === 0 && !hi.incl)) break;
        }
      }
      keys++;
      ids.add(e.id);
    }
  }
  return keys;
}
