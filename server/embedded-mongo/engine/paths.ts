import { compareValues, type Doc, isPlainObject } from './compare';

const splitCache = new Map<string, string[]>();

export function splitPath(path: string): string[] {
  let parts = splitCache.get(path);
  if (!parts) {
    parts = path.split('.');
    if (splitCache.size > 10000) splitCache.clear();
    splitCache.set(path, parts);
  }
  return parts;
}

function isIndexPart(s: string): boolean {
  return s.length > 0 && s.length < 10 && /^\d+$/.test(s);
}

/**
 * The values a dotted path reaches in a document, expanding arrays the way MongoDB's index
 * keys do: one value per array element, `missing` when nothing is reached.
 */
export function pathValues(doc: unknown, path: string): { values: unknown[]; viaArray: boolean } {
  const out: unknown[] = [];
  let viaArray = false;
  const walk = (v: unknown, parts: string[], i: number): void => {
    if (i === parts.length) {
      if (Array.isArray(v)) {
        viaArray = true;
        if (v.length === 0) out.push(undefined);
        else for (const e of v) out.push(e);
      } else out.push(v);
      return;
    }
    const part = parts[i];
    if (Array.isArray(v)) {
      viaArray = true;
      if (isIndexPart(part)) {
        walk(v[Number(part)], parts, i + 1);
        return;
      }
      for (const e of v) if (isPlainObject(e)) walk(e[part], parts, i + 1);
      return;
    }
    if (isPlainObject(v)) walk(v[part], parts, i + 1);
  };
  walk(doc, splitPath(path), 0);
  if (out.length === 0) out.push(undefined);
  return { values: out, viaArray };
}

/** The plain (non-expanding) value at a dotted path, or undefined. */
export function getPath(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const part of splitPath(path)) {
    if (Array.isArray(v) && isIndexPart(part)) v = v[Number(part)];
    else if (isPlainObject(v)) v = v[part];
    else return undefined;
  }
  return v;
}

/** Sets a dotted path, creating intermediate objects. */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = splitPath(path);
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (!isPlainObject(next)) cur[parts[i]] = {};
    cur = cur[parts[i]] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

/** The key a document sorts by for one sort field: min element ascending, max descending. */
export function sortKey(
  doc: Doc,
  path: string,
  dir: number,
  cmp: (a: unknown, b: unknown) => number = compareValues,
): unknown {
  const { values } = pathValues(doc, path);
  if (values.length === 1) return values[0];
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = cmp(values[i], best);
    if (dir > 0 ? c < 0 : c > 0) best = values[i];
  }
  return best;
}

export type SortSpec = [string, number][];

export function parseSort(sort: unknown): SortSpec {
  if (!isPlainObject(sort)) return [];
  return Object.entries(sort).map(([k, v]) => [k, Number(v) < 0 ? -1 : 1]);
}

/** BSON ordering of sort keys; a collation orders strings by ICU rules, other types by BSON. */
export function valueComparator(collator?: Intl.Collator): (x: unknown, y: unknown) => number {
  if (!collator) return compareValues;
  return (x, y) =>
    typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : compareValues(x, y);
}

/** Sorts documents with MongoDB's ordering; stable, so ties keep their natural order. */
export function sortDocs(docs: Doc[], spec: SortSpec, collator?: Intl.Collator): Doc[] {
  if (spec.length === 0) return docs;
  const cmp = valueComparator(collator);
  const keyed = docs.map((d, i) => ({ d, i, k: spec.map(([p, dir]) => sortKey(d, p, dir, cmp)) }));
  keyed.sort((a, b) => {
    for (let j = 0; j < spec.length; j++) {
      const c = cmp(a.k[j], b.k[j]);
      if (c !== 0) return c * spec[j][1];
    }
    return a.i - b.i;
  });
  return keyed.map((x) => x.d);
}
