import { Engine } from './engine';

/** Everything observable about the engine's state, in listing order. */
function state(e: Engine): unknown {
  return [...e.dbs].map(([db, colls]) => [
    db,
    [...colls.values()].map((c) => ({
      name: c.name,
      options: { ...c.options },
      indexes: [...c.indexes.values()].map((ix) => ({
        ...ix.spec,
        entries: [...ix.entries].length,
      })),
      docs: [...c.docs.values()].sort((a, b) => Number(a._id) - Number(b._id)),
    })),
  ]);
}

function fixture(): Engine {
  const e = new Engine();
  for (const name of ['a', 'b', 'c']) {
    const coll = e.ensureCollection('app', name);
    for (let i = 0; i < 5; i++) e.insert(coll, { _id: i, v: i % 2 });
    e.createIndex(coll, { v: 2, key: { v: 1 }, name: 'v_1' });
  }
  e.ensureCollection('other', 'x');
  e.takeChange();
  return e;
}

describe('Engine change rollback', () => {
  const cases: [string, (e: Engine) => void][] = [
    [
      'insert, replace and remove',
      (e) => {
        const c = e.collection('app', 'b')!;
        e.insert(c, { _id: 9, v: 1 });
        e.replace(c, { _id: 1, v: 7 });
        e.remove(c, { _id: 2 });
        e.remove(c, { _id: 9 });
      },
    ],
    [
      'dropCollection (and the emptied database)',
      (e) => {
        e.dropCollection('app', 'b');
        e.dropCollection('other', 'x');
      },
    ],
    [
      'dropDatabase, then a new collection of that name',
      (e) => {
        e.dropDatabase('app');
        e.ensureCollection('app', 'b');
      },
    ],
    [
      'renameCollection across databases, with a dropped target',
      (e) => {
        e.dropCollection('app', 'c');
        e.renameCollection('app', 'a', 'app', 'c');
        e.renameCollection('app', 'b', 'fresh', 'b2');
      },
    ],
    [
      'dropIndex with writes after it',
      (e) => {
        const c = e.collection('app', 'a')!;
        e.dropIndex(c, 'v_1');
        e.insert(c, { _id: 7, v: 0 });
        e.remove(c, { _id: 0 });
      },
    ],
    [
      'collMod of options and an index',
      (e) => {
        const c = e.collection('app', 'a')!;
        e.collMod(
          c,
          { validator: { v: { $gte: 0 } } },
          { name: 'v_1', hidden: true, expireAfterSeconds: 5 },
        );
        e.collMod(c, { validationLevel: 'moderate' });
      },
    ],
  ];

  it.each(cases)('restores the exact state after %s', (_name, mutate) => {
    const e = fixture();
    const before = state(e);
    mutate(e);
    const change = e.takeChange();
    expect(change.ops.length).toBeGreaterThan(0);
    expect(state(e)).not.toEqual(before);
    change.rollback();
    expect(state(e)).toEqual(before);
    // indexes still answer for the restored documents
    const a = e.collection('app', 'a');
    if (a) expect([...a.indexes.get('v_1')!.entries].length).toBe(a.docs.size);
  });
});
