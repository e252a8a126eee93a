import {
  startMember360World,
  ago,
  fieldsOf,
  type Member360World,
  type TimelineRow,
} from './helpers/member360';
import { pointsOf } from './helpers/engagement';
import { bearer } from './helpers/admin';

jest.setTimeout(120_000);

let w: Member360World;
beforeAll(async () => {
  w = await startMember360World();
});
afterAll(() => w.t.close());

/** Every timeline item, fetched `limit` at a time through the cursor. */
async function timelineInPages(limit: number): Promise<TimelineRow[]> {
  const out: TimelineRow[] = [];
  let before: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const q: string = before ? `&before=${encodeURIComponent(before)}` : '';
    const res = await w.get(`/timeline?limit=${limit}${q}`).expect(200);
    out.push(...(res.body.items as TimelineRow[]));
    before = res.body.nextBefore;
    if (!before) return out;
  }
  throw new Error('the timeline never ended');
}

describe('member 360 overview', () => {
  it('shows balances, membership, value, consultants, events, notes and follow-ups', async () => {
    const res = await w.get('/360').expect(200);
    const b = res.body;
    expect(b.memberNo).toBe(w.memberNo);
    expect(b.points.balance).toBe(await pointsOf(w.t, w.memberNo));
    expect(b.points.balance).toBeGreaterThan(0);
    expect(b.wallet).toEqual({ balance: 10_500, principal: 10_000, bonus: 500 });
    expect(b.membership).toMatchObject({ active: false });
    // No value run yet: the scores are empty, not invented.
    expect(b.value).toMatchObject({ segment: null, pAlive: null, clv12mFen: null });
    expect(b.consultants).toEqual([{ userId: 'zhangsan', name: 'zhangsan' }]);
    expect(b.events).toEqual([
      expect.objectContaining({ title: '春季新品品鉴会', kind: 'tasting', state: 'registered' }),
    ]);
    expect(b.notes).toHaveLength(3);
    expect(b.notes).toContainEqual(
      expect.objectContaining({ text: '偏好羊绒，周末到店', consultantName: '张三' }),
    );
    expect(b.followUps).toEqual([
      expect.objectContaining({ title: '回访新品试穿', status: 'open', doneAt: null }),
    ]);
  });

  it('answers 404 MEMBER_NOT_FOUND for an unknown member on every 360 route', async () => {
    for (const path of ['360', 'timeline', 'orders']) {
      const res = await w.t.http
        .get(`/api/admin/members/M000000404/${path}`)
        .set(bearer(w.ops.token))
        .expect(404);
      expect(res.body.error.code).toBe('MEMBER_NOT_FOUND');
    }
  });
});

describe('member 360 orders', () => {
  it('pages orders newest first with their items and store names', async () => {
    const p1 = await w.get('/orders?page=1&pageSize=2').expect(200);
    expect(p1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(p1.body.items.map((o: { orderNo: string }) => o.orderNo)).toEqual([
      'M360-A3',
      'M360-A2',
    ]);
    expect(p1.body.items[0]).toMatchObject({ storeCode: 'BJ01', storeName: '北京三里屯旗舰店' });
    expect(p1.body.items[1]).toMatchObject({ storeCode: 'ZZ99', storeName: null, amount: 30_000 });
    expect(p1.body.items[1].items).toEqual([
      { sku: 'SKU-T', name: '真丝衬衫', category: '上装', quantity: 2, unitPrice: 10_000 },
      { sku: 'SKU-S', name: '丝巾', category: '配饰', quantity: 1, unitPrice: 10_000 },
    ]);
    const p2 = await w.get('/orders?page=2&pageSize=2').expect(200);
    expect(p2.body.items.map((o: { orderNo: string }) => o.orderNo)).toEqual(['M360-A1']);
    expect(p2.body.items[0]).toMatchObject({ storeName: '上海南京西路旗舰店', refunded: 0 });
  });

  it('refuses a page size above 50 with 400 naming query.pageSize', async () => {
    const res = await w.get('/orders?pageSize=51').expect(400);
    expect(fieldsOf(res)).toEqual(['query.pageSize']);
  });
});

describe('member 360 timeline', () => {
  it('merges every source newest first, and pages through ties without gaps or repeats', async () => {
    const all = (await w.get('/timeline?limit=100').expect(200)).body;
    expect(all.nextBefore).toBeNull();
    const items = all.items as TimelineRow[];
    const kinds = new Set(items.map((i) => i.kind));
    for (const k of ['order', 'points', 'wallet', 'perk', 'event', 'note'])
      expect(kinds).toContain(k);
    const ats = items.map((i) => i.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const at = (id: string) => items.findIndex((i) => i.id === id);
    expect(at('order:M360-A3')).toBeLessThan(at('order:M360-A2'));
    expect(at('order:M360-A2')).toBeLessThan(at('order:M360-A1'));
    expect(items[at('order:M360-A1')]).toMatchObject({ title: 'M360-A1', fen: 20_000 });
    expect(items.find((i) => i.id === 'order:M360-A2')).toMatchObject({
      code: 'paid',
      text: '真丝衬衫 ×2、丝巾 ×1',
    });
    expect(items.find((i) => i.kind === 'perk')).toMatchObject({ title: '包邮券', code: 'claim' });
    expect(items.filter((i) => i.kind === 'note').map((i) => i.text)).toEqual(
      expect.arrayContaining(['偏好羊绒，周末到店', '试穿了新款风衣', '生日在四月']),
    );
    expect(items.find((i) => i.kind === 'wallet')).toMatchObject({ code: 'topup', fen: 10_500 });
    // The notes share an instant (the clock stood still): every page size sees the same list.
    expect(new Set(ats).size).toBeLessThan(ats.length);
    for (const limit of [1, 2, 3, 5]) {
      expect((await timelineInPages(limit)).map((i) => i.id)).toEqual(items.map((i) => i.id));
    }
  });

  it('takes a plain instant as "strictly before it"', async () => {
    const at = ago(3).toISOString();
    const res = await w.get(`/timeline?before=${at}&limit=100`).expect(200);
    const items = res.body.items as TimelineRow[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.at < at)).toBe(true);
    expect(items.map((i) => i.id)).toContain('order:M360-A2');
    expect(items.map((i) => i.id)).not.toContain('order:M360-A3');
  });

  it('refuses a malformed cursor or limit with 400 naming the field', async () => {
    expect(fieldsOf(await w.get('/timeline?before=yesterday').expect(400))).toEqual([
      'query.before',
    ]);
    expect(fieldsOf(await w.get('/timeline?limit=0').expect(400))).toEqual(['query.limit']);
  });
});
