import { codeOf, openSuite, rejection, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
});
afterAll(() => s.stop());

const coll = (name: string) => s.conn.db!.collection(name);

describe('unique indexes', () => {
  it('rejects a duplicate insert with E11000, keyPattern and keyValue', async () => {
    const c = coll('u_insert');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.cn' });
    const err = await rejection(() => c.insertOne({ email: 'a@x.cn' }));
    expect(codeOf(err)).toBe(11000);
    expect(err.message).toBe(
      `E11000 duplicate key error collection: ${s.conn.name}.u_insert index: email_1 dup key: { email: "a@x.cn" }`,
    );
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.keyValue).toEqual({ email: 'a@x.cn' });
  });

  it('treats a missing field as null, and 1 equal to 1.0', async () => {
    const c = coll('u_null');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertOne({ other: 1 });
    expect(codeOf(await rejection(() => c.insertOne({ code: null })))).toBe(11000);
    await c.insertOne({ code: 1 });
    expect(codeOf(await rejection(() => c.insertOne({ code: 1.0 })))).toBe(11000);
  });

  it('indexes each array element (multikey) and allows repeats within one document', async () => {
    const c = coll('u_multi');
    await c.createIndex({ tags: 1 }, { unique: true });
    await c.insertOne({ tags: ['a', 'b', 'a'] });
    const err = await rejection(() => c.insertOne({ tags: ['c', 'b'] }));
    expect(codeOf(err)).toBe(11000);
    expect(err.keyValue).toEqual({ tags: 'b' });
    await c.insertOne({ tags: ['c'] });
    expect(await c.countDocuments({ tags: 'a' })).toBe(1);
  });

  it('enforces compound uniqueness on the combination only', async () => {
    const c = coll('u_compound');
    await c.createIndex({ brand: 1, memberNo: 1 }, { unique: true });
    await c.insertMany([
      { brand: 'b1', memberNo: '1' },
      { brand: 'b2', memberNo: '1' },
    ]);
    const err = await rejection(() => c.insertOne({ brand: 'b1', memberNo: '1' }));
    expect(err.message).toContain(
      'index: brand_1_memberNo_1 dup key: { brand: "b1", memberNo: "1" }',
    );
  });

  it('skips documents without the field in a sparse unique index', async () => {
    const c = coll('u_sparse');
    await c.createIndex({ openid: 1 }, { unique: true, sparse: true });
    await c.insertMany([{ a: 1 }, { a: 2 }, { openid: 'o1' }]);
    expect(codeOf(await rejection(() => c.insertOne({ openid: 'o1' })))).toBe(11000);
  });

  it('only constrains documents matching partialFilterExpression', async () => {
    const c = coll('u_partial');
    await c.createIndex(
      { phone: 1 },
      { unique: true, partialFilterExpression: { status: 'active' } },
    );
    await c.insertMany([
      { phone: '1', status: 'active' },
      { phone: '1', status: 'deleted' },
    ]);
    expect(codeOf(await rejection(() => c.insertOne({ phone: '1', status: 'active' })))).toBe(
      11000,
    );
    await c.updateOne({ status: 'deleted' }, { $set: { phone: '2' } });
  });

  it('rejects an update that would create a duplicate and leaves the document unchanged', async () => {
    const c = coll('u_update');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertMany([{ email: 'a' }, { email: 'b' }]);
    const err = await rejection(() => c.updateOne({ email: 'b' }, { $set: { email: 'a' } }));
    expect(codeOf(err)).toBe(11000);
    expect(await c.countDocuments({ email: 'b' })).toBe(1);
  });

  it('fails createIndexes with 11000 when existing documents collide', async () => {
    const c = coll('u_build');
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    const err = await rejection(() => c.createIndex({ k: 1 }, { unique: true }));
    expect(codeOf(err)).toBe(11000);
    const names = (await c.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_']);
  });

  it('reports duplicate _id on insert', async () => {
    const c = coll('u_id');
    await c.insertOne({ _id: 'x' } as never);
    const err = await rejection(() => c.insertOne({ _id: 'x' } as never));
    expect(err.message).toContain('index: _id_ dup key: { _id: "x" }');
  });
});

describe('index management and use', () => {
  it('lists, keeps idempotent and drops indexes', async () => {
    const c = coll('ix_manage');
    await c.createIndex({ a: 1, b: -1 }, { name: 'ab' });
    await c.createIndex({ a: 1, b: -1 }, { name: 'ab' });
    expect((await c.listIndexes().toArray()).map((i) => [i.name, i.key])).toEqual([
      ['_id_', { _id: 1 }],
      ['ab', { a: 1, b: -1 }],
    ]);
    expect(codeOf(await rejection(() => c.createIndex({ a: 1 }, { name: 'ab' })))).toBe(86);
    expect(codeOf(await rejection(() => c.createIndex({ a: 1, b: -1 }, { name: 'other' })))).toBe(
      85,
    );
    await c.dropIndex('ab');
    expect(codeOf(await rejection(() => c.dropIndex('ab')))).toBe(27);
    expect(codeOf(await rejection(() => c.dropIndex('_id_')))).toBe(72);
  });

  it('answers indexed equality and ranges from the index, not a collection scan', async () => {
    const c = coll('ix_use');
    await c.createIndex({ memberNo: 1 });
    await c.createIndex({ brand: 1, createdAt: 1 });
    await c.insertMany(
      Array.from({ length: 500 }, (_, i) => ({
        memberNo: `M${i}`,
        brand: `b${i % 5}`,
        createdAt: new Date(Date.UTC(2024, 0, 1 + (i % 100))),
      })),
    );
    const eq = await c.find({ memberNo: 'M42' }).explain('executionStats');
    expect(eq.executionStats.totalDocsExamined).toBe(1);
    expect(eq.executionStats.nReturned).toBe(1);
    const range = await c
      .find({ brand: 'b1', createdAt: { $gte: new Date(Date.UTC(2024, 0, 90)) } })
      .explain('executionStats');
    const matching = await c
      .find({ brand: 'b1', createdAt: { $gte: new Date(Date.UTC(2024, 0, 90)) } })
      .toArray();
    expect(range.executionStats.nReturned).toBe(matching.length);
    expect(range.executionStats.totalDocsExamined).toBe(matching.length);
    expect(matching.length).toBeGreaterThan(0);
  });

  it('answers a top-level $or from one index scan per clause, the same documents a scan would', async () => {
    const c = coll('ix_or');
    await c.createIndex({ ext: 1, source: 1 });
    await c.createIndex({ memberId: 1, source: 1 });
    await c.createIndex({ status: 1, runAfter: 1 });
    await c.insertMany(
      Array.from({ length: 400 }, (_, i) => ({
        n: i,
        ext: `wm${i % 50}`,
        memberId: i % 40,
        source: i % 2 ? 'wecom' : 'system',
        status: i % 3 ? 'done' : 'pending',
        runAfter: new Date(Date.UTC(2024, 0, 1 + (i % 30))),
      })),
    );
    type Row = {
      n: number;
      ext: string;
      memberId: number;
      source: string;
      status: string;
      runAfter: Date;
      note?: null;
    };
    const jan5 = new Date(Date.UTC(2024, 0, 5));
    const cases: [object, (d: Row) => boolean][] = [
      [
        {
          $or: [
            { ext: 'wm3', source: 'wecom' },
            { memberId: 7, source: 'system' },
          ],
        },
        (d) =>
          (d.ext === 'wm3' && d.source === 'wecom') || (d.memberId === 7 && d.source === 'system'),
      ],
      [
        { source: 'wecom', $or: [{ ext: { $in: ['wm1', 'wm2'] } }, { memberId: 9 }] },
        (d) => d.source === 'wecom' && (d.ext === 'wm1' || d.ext === 'wm2' || d.memberId === 9),
      ],
      [
        { $or: [{ status: 'pending', runAfter: { $lte: jan5 } }, { ext: 'wm8' }] },
        (d) => (d.status === 'pending' && d.runAfter <= jan5) || d.ext === 'wm8',
      ],
      // the same document matched by both clauses comes back once
      [{ $or: [{ ext: 'wm1' }, { memberId: 1 }] }, (d) => d.ext === 'wm1' || d.memberId === 1],
      // a clause no index serves: the whole filter is answered by a scan
      [{ $or: [{ ext: 'wm1' }, { n: { $gte: 395 } }] }, (d) => d.ext === 'wm1' || d.n >= 395],
    ];
    const all = (await c.find({}).sort({ n: 1 }).toArray()) as unknown as Row[];
    for (const [filter, want] of cases) {
      const got = (await c.find(filter).sort({ n: 1 }).toArray()).map((d) => d.n);
      expect(got).toEqual(all.filter(want).map((d) => d.n));
      expect(got.length).toBeGreaterThan(0);
    }
    const ix = await c.find(cases[0]![0]).explain('executionStats');
    expect(ix.executionStats.totalDocsExamined).toBe(ix.executionStats.nReturned);
    const scan = await c.find(cases[4]![0]).explain('executionStats');
    expect(scan.executionStats.totalDocsExamined).toBe(400);
  });

  it('pushes the conditions beside a $or into each clause when that bounds the scans tighter', async () => {
    // The work queue's claim: {kind, $or: [due pending, expired running]} on {kind, status, runAfter}.
    const c = coll('ix_or_push');
    await c.createIndex({ kind: 1, status: 1, runAfter: 1 });
    const jan = (d: number) => new Date(Date.UTC(2024, 0, d));
    await c.insertMany(
      Array.from({ length: 600 }, (_, i) => ({
        n: i,
        kind: `k${i % 3}`,
        status: i % 10 === 0 ? 'pending' : i % 10 === 1 ? 'running' : 'done',
        runAfter: jan(1 + (i % 20)),
        leaseUntil: i % 10 === 1 ? jan(1 + (i % 7)) : null,
      })),
    );
    const filter = {
      kind: 'k1',
      $or: [
        { status: 'pending', runAfter: { $lte: jan(10) } },
        { status: 'running', leaseUntil: { $lte: jan(3) } },
      ],
    };
    const all = await c.find({}).sort({ n: 1 }).toArray();
    const want = all
      .filter(
        (d) =>
          d.kind === 'k1' &&
          ((d.status === 'pending' && d.runAfter <= jan(10)) ||
            (d.status === 'running' && d.leaseUntil <= jan(3))),
      )
      .map((d) => d.n);
    const got = (await c.find(filter).sort({ n: 1 }).toArray()).map((d) => d.n);
    expect(got).toEqual(want);
    expect(got.length).toBeGreaterThan(0);
    const stats = (await c.find(filter).explain('executionStats')).executionStats;
    const runningK1 = all.filter((d) => d.kind === 'k1' && d.status === 'running').length;
    const pendingDue = all.filter(
      (d) => d.kind === 'k1' && d.status === 'pending' && d.runAfter <= jan(10),
    ).length;
    // Only the due pending entries and the running ones are read, not the 200 of kind k1.
    expect(stats.totalDocsExamined).toBe(pendingDue + runningK1);
    expect(stats.totalDocsExamined).toBeLessThan(200);
  });

  it('finds through $in and multikey indexes the same documents a scan would', async () => {
    const c = coll('ix_multi');
    await c.insertMany([
      { n: 1, tags: ['a', 'b'] },
      { n: 2, tags: ['b'] },
      { n: 3, tags: [] },
      { n: 4 },
      { n: 5, tags: 'a' },
    ]);
    const scan = async (filter: object) =>
      (await c.find(filter).sort({ n: 1 }).toArray()).map((d) => d.n);
    const before = [
      await scan({ tags: 'a' }),
      await scan({ tags: { $in: ['b', 'zz'] } }),
      await scan({ tags: null }),
      await scan({ tags: { $gte: 'b' } }),
    ];
    await c.createIndex({ tags: 1 });
    const after = [
      await scan({ tags: 'a' }),
      await scan({ tags: { $in: ['b', 'zz'] } }),
      await scan({ tags: null }),
      await scan({ tags: { $gte: 'b' } }),
    ];
    expect(after).toEqual(before);
    expect(before).toEqual([[1, 5], [1, 2], [4], [1, 2]]);
  });
});
