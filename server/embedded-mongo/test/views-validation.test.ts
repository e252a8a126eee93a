import { codeOf, openSuite, rejection, type Suite } from './helpers';

let s: Suite;
beforeAll(async () => {
  s = await openSuite();
  await db()
    .collection('members')
    .insertMany([
      { _id: 1 as never, tier: 'gold', pts: 500 },
      { _id: 2 as never, tier: 'silver', pts: 100 },
      { _id: 3 as never, tier: 'gold', pts: 900 },
    ]);
  await db().createCollection('gold', {
    viewOn: 'members',
    pipeline: [{ $match: { tier: 'gold' } }, { $project: { tier: 0 } }],
  });
});
afterAll(() => s.stop());

const db = () => s.conn.db!;

describe('views', () => {
  it('answers find, count, distinct and aggregate through the pipeline', async () => {
    const v = db().collection('gold');
    expect(await v.find({ pts: { $gt: 600 } }).toArray()).toEqual([{ _id: 3, pts: 900 }]);
    expect(
      await v.find({}, { sort: { pts: -1 }, limit: 1, projection: { _id: 1 } }).toArray(),
    ).toEqual([{ _id: 3 }]);
    expect(await v.countDocuments()).toBe(2);
    expect(await v.distinct('pts')).toEqual([500, 900]);
    const agg = await v.aggregate([{ $group: { _id: null, total: { $sum: '$pts' } } }]).toArray();
    expect(agg).toEqual([{ _id: null, total: 1400 }]);
    const info = await db().listCollections({ name: 'gold' }).toArray();
    expect(info[0].type).toBe('view');
  });

  it('refuses writes and indexes on a view (166 CommandNotSupportedOnView)', async () => {
    const v = db().collection('gold');
    for (const run of [
      () => v.insertOne({ pts: 1 }),
      () => v.updateOne({}, { $set: { x: 1 } }),
      () => v.deleteMany({}),
      () => v.findOneAndUpdate({}, { $set: { x: 1 } }),
      () => v.createIndex({ pts: 1 }),
    ]) {
      const err = await rejection(run);
      expect(codeOf(err)).toBe(166);
      expect(err.codeName).toBe('CommandNotSupportedOnView');
    }
    expect(await db().collection('members').countDocuments()).toBe(3);
  });
});

describe('validators', () => {
  const schema = {
    $jsonSchema: {
      bsonType: 'object',
      required: ['name', 'pts'],
      properties: { name: { bsonType: 'string' }, pts: { bsonType: 'int', minimum: 0 } },
    },
  };

  it('refuses invalid inserts and updates with 121 and errInfo', async () => {
    await db().createCollection('valid', { validator: schema });
    const c = db().collection('valid');
    await c.insertOne({ _id: 1 as never, name: 'a', pts: 1 });
    const ins = await rejection(() => c.insertOne({ _id: 2 as never, name: 'b' }));
    expect(codeOf(ins)).toBe(121);
    const info = ins.errInfo as {
      failingDocumentId: unknown;
      details: {
        operatorName: string;
        schemaRulesNotSatisfied: { operatorName: string; missingProperties?: string[] }[];
      };
    };
    expect(info.failingDocumentId).toBe(2);
    expect(info.details.operatorName).toBe('$jsonSchema');
    const required = info.details.schemaRulesNotSatisfied.find(
      (r) => r.operatorName === 'required',
    );
    expect(required?.missingProperties).toEqual(['pts']);
    const upd = await rejection(() => c.updateOne({ _id: 1 as never }, { $set: { pts: -5 } }));
    expect(codeOf(upd)).toBe(121);
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, name: 'a', pts: 1 });
    await c.insertOne({ _id: 3 as never, name: 'c' }, { bypassDocumentValidation: true });
  });

  it('collMod changes the validator and validationAction', async () => {
    const c = db().collection('valid');
    await db().command({ collMod: 'valid', validator: { pts: { $gte: 10 } } });
    const err = await rejection(() => c.insertOne({ name: 'd', pts: 3 }));
    expect(codeOf(err)).toBe(121);
    await db().command({ collMod: 'valid', validationAction: 'warn' });
    await c.insertOne({ _id: 4 as never, pts: 3 });
    expect(await c.countDocuments({ _id: 4 as never })).toBe(1);
    const bad = await rejection(() =>
      db().command({ collMod: 'valid', validationAction: 'shout' }),
    );
    expect(codeOf(bad)).toBe(2);
  });

  it('collMod hides an index (a hint to it fails) and changes expireAfterSeconds', async () => {
    const c = db().collection('ttl_mod');
    await c.createIndex({ at: 1 }, { name: 'at_1', expireAfterSeconds: 3600 });
    await c.insertOne({ at: new Date() });
    const hidden = await db().command({
      collMod: 'ttl_mod',
      index: { name: 'at_1', hidden: true },
    });
    expect(hidden.hidden_old).toBe(false);
    expect(hidden.hidden_new).toBe(true);
    const err = await rejection(() => c.find({}, { hint: 'at_1' }).toArray());
    expect(codeOf(err)).toBe(2);
    const ttl = await db().command({
      collMod: 'ttl_mod',
      index: { keyPattern: { at: 1 }, expireAfterSeconds: 60 },
    });
    expect(ttl.expireAfterSeconds_old).toBe(3600);
    expect(ttl.expireAfterSeconds_new).toBe(60);
    const ix = (await c.listIndexes().toArray()).find((i) => i.name === 'at_1');
    expect(ix).toMatchObject({ hidden: true, expireAfterSeconds: 60 });
  });
});
