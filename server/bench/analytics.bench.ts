// Value-engine benchmark. Run:
//   npm run bench:analytics -w server [-- --members 1000000 --sample 100000]
// Generates a synthetic brand in memory (1M members, ~10M orders, typed arrays) and times the
// value engine's steps against the issue's targets, printing figures (no assertions):
//   per-member statistics build (rebuild from orders grouped by member) ≤ 10 s, plus the
//   incremental replay of every order/refund event in arrival order for comparison,
//   RFM scoring + segmentation of all members ≤ 5 s, BG/NBD + Gamma-Gamma fit on a sample ≤ 20 s,
//   predictions (P(alive), 30/90/365-day purchases, spend, 12-month CLV) for all ≤ 10 s,
//   and the CDNOW sample fit ≤ 1 s.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  addOrderToMemberStats,
  createRng,
  emptyMemberStats,
  fitBgNbd,
  fitGammaGamma,
  type MemberStatsEvent,
  type MemberStatsState,
  memberRepeatSummary,
  memberRfmInputs,
  mutateMemberStats,
  parseDay,
  predictValueColumns,
  RFM_SEGMENTS,
  scoreRfmColumns,
  segmentSummary,
  summariseTransactions,
  topShareRevenue,
} from '@circles/shared';
import { eventArrivalOrder, generateBrand, TRUE_BGNBD, TRUE_SPEND } from './analytics-synth';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    sample: { type: 'string', default: '100000' },
  },
});
const MEMBERS = Number(values.members);
const SAMPLE = Math.min(Number(values.sample), MEMBERS);

const secs = (t: number) => (performance.now() - t) / 1000;
const cpuSecs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
function line(label: string, value: string, target?: string): void {
  console.log(`${label.padEnd(44)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}`);
}
const heapMb = () => `${fmt(process.memoryUsage().heapUsed / 2 ** 20)} MB heap`;

// ---- generate
let t = performance.now();
const brand = generateBrand(MEMBERS);
const arrival = eventArrivalOrder(brand);
line('generate brand (not a target)', `${secs(t).toFixed(2)} s`);
line('members', fmt(brand.members));
line('orders', fmt(brand.orders));
line('events (orders + refunds)', fmt(arrival.length));

// ---- per-member statistics, two ways.
// (1) The rebuild/repair path: orders grouped by member (as read through the memberId index),
//     one state built per member. This is the figure held against the target.
t = performance.now();
const byMember = new Int32Array(MEMBERS + 1); // counting sort by member: the index's job
for (let i = 0; i < brand.orders; i++) byMember[brand.orderMember[i] + 1]++;
for (let m = 0; m < MEMBERS; m++) byMember[m + 1] += byMember[m];
const grouped = new Int32Array(brand.orders);
{
  const next = byMember.slice(0, MEMBERS);
  for (let i = 0; i < brand.orders; i++) grouped[next[brand.orderMember[i]]++] = i;
}
line('group orders by member (not a target)', `${secs(t).toFixed(2)} s`);
t = performance.now();
let cpu = process.cpuUsage();
const states: MemberStatsState[] = new Array(MEMBERS);
for (let m = 0; m < MEMBERS; m++) {
  const state = emptyMemberStats();
  for (let k = byMember[m]; k < byMember[m + 1]; k++) {
    const i = grouped[k];
    addOrderToMemberStats(
      state,
      brand.orderDay[i],
      brand.orderAmountFen[i],
      brand.orderRefundFen[i],
    );
  }
  states[m] = state;
}
line('per-member statistics build (rebuild)', `${secs(t).toFixed(2)} s`, '≤ 10 s');
line('  cpu time', `${cpuSecs(cpu).toFixed(2)} s`);
line('  throughput', `${fmt(brand.orders / secs(t))} orders/s`);

// (2) The incremental path: every order and refund event applied one at a time, in arrival
//     order, to a member's state (random access across a million states).
t = performance.now();
cpu = process.cpuUsage();
const replayed: MemberStatsState[] = new Array(MEMBERS);
for (let m = 0; m < MEMBERS; m++) replayed[m] = emptyMemberStats();
const order = { type: 'order', day: 0, amountFen: 0 } satisfies MemberStatsEvent;
const refund = {
  type: 'refund',
  day: 0,
  amountFen: 0,
  fullyRefunded: false as boolean,
} satisfies MemberStatsEvent;
const n = brand.orders;
for (let k = 0; k < arrival.length; k++) {
  const e = arrival[k];
  if (e < n) {
    order.day = brand.orderDay[e];
    order.amountFen = brand.orderAmountFen[e];
    mutateMemberStats(replayed[brand.orderMember[e]], order);
  } else {
    const i = e - n;
    refund.day = brand.orderDay[i];
    refund.amountFen = brand.orderRefundFen[i];
    refund.fullyRefunded = brand.orderRefundFen[i] === brand.orderAmountFen[i];
    mutateMemberStats(replayed[brand.orderMember[i]], refund);
  }
}
line('incremental replay of every event', `${secs(t).toFixed(2)} s`);
line('  cpu time', `${cpuSecs(cpu).toFixed(2)} s`);
line('  throughput', `${fmt(arrival.length / secs(t))} events/s`);
{
  let same = 0;
  for (let m = 0; m < MEMBERS; m++) {
    const a = states[m].daily;
    const b = replayed[m].daily;
    if (a.length === b.length && a.every((v, j) => v === b[j])) same++;
  }
  line('  replay = rebuild for', `${fmt(same)}/${fmt(MEMBERS)}`);
  replayed.length = 0;
}
line('  memory after build', heapMb());

// ---- RFM: window figures from the states, quintile scores, segments
const asOf = brand.endDay;
t = performance.now();
const recency = new Float64Array(MEMBERS);
const frequency = new Float64Array(MEMBERS);
const monetary = new Float64Array(MEMBERS);
let scored = 0;
const index = new Int32Array(MEMBERS);
for (let m = 0; m < MEMBERS; m++) {
  const rfm = memberRfmInputs(states[m], asOf, 365);
  if (rfm.recencyDays === null) continue; // everything refunded
  recency[scored] = rfm.recencyDays;
  frequency[scored] = rfm.frequency;
  monetary[scored] = rfm.monetaryFen;
  index[scored++] = m;
}
const rfm = scoreRfmColumns({
  recencyDays: recency.subarray(0, scored),
  frequency: frequency.subarray(0, scored),
  monetary: monetary.subarray(0, scored),
});
line('RFM scoring + segmentation', `${secs(t).toFixed(2)} s`, '≤ 5 s');
line('  members scored', fmt(scored));
const summary = segmentSummary(
  Array.from(rfm.segment, (s, i) => ({ segment: RFM_SEGMENTS[s], revenueFen: monetary[i] })),
);
for (const s of summary) {
  line(
    `  ${s.segment}`,
    `${(s.memberShare * 100).toFixed(1)}% / ${(s.revenueShare * 100).toFixed(1)}% rev`,
  );
}
line(
  '  top 20% of members → revenue share',
  `${(topShareRevenue(monetary.subarray(0, scored), 0.2) * 100).toFixed(1)}%`,
);

// ---- model inputs (days as the time unit)
t = performance.now();
const x = new Float64Array(MEMBERS);
const tx = new Float64Array(MEMBERS);
const T = new Float64Array(MEMBERS);
const zbar = new Float64Array(MEMBERS);
let modelled = 0;
for (let m = 0; m < MEMBERS; m++) {
  const s = memberRepeatSummary(states[m], asOf, 1);
  if (!s) continue;
  x[modelled] = s.x;
  tx[modelled] = s.tx;
  T[modelled] = s.T;
  zbar[modelled++] = s.zbarFen;
}
line('model inputs for all members (not a target)', `${secs(t).toFixed(2)} s`);

// ---- fit on a random sample
t = performance.now();
const rng = createRng(7);
const pick = new Int32Array(SAMPLE);
{
  // partial Fisher–Yates over member indices
  const ids = new Int32Array(modelled);
  for (let i = 0; i < modelled; i++) ids[i] = i;
  for (let i = 0; i < SAMPLE; i++) {
    const j = i + Math.floor(rng() * (modelled - i));
    [ids[i], ids[j]] = [ids[j], ids[i]];
    pick[i] = ids[i];
  }
}
const sx = Float64Array.from(pick, (i) => x[i]);
const bg = fitBgNbd({
  x: sx,
  tx: Float64Array.from(pick, (i) => tx[i]),
  T: Float64Array.from(pick, (i) => T[i]),
});
const tBg = secs(t);
const rep = Array.from(pick).filter((i) => x[i] > 0 && zbar[i] > 0);
const gg = fitGammaGamma({ x: rep.map((i) => x[i]), zbar: rep.map((i) => zbar[i]) });
line(`BG/NBD + Gamma-Gamma fit on ${fmt(SAMPLE)}`, `${secs(t).toFixed(2)} s`, '≤ 20 s');
line('  of which BG/NBD', `${tBg.toFixed(2)} s`);
const f3 = (v: number) => v.toFixed(3);
const p = bg.params;
console.log(
  `  BG/NBD r=${f3(p.r)} α=${f3(p.alpha)} a=${f3(p.a)} b=${f3(p.b)}` +
    `   (generated with r=${TRUE_BGNBD.r} α=${TRUE_BGNBD.alpha} a=${TRUE_BGNBD.a} b=${TRUE_BGNBD.b}, days)`,
);
console.log(
  `  Gamma-Gamma p=${f3(gg.params.p)} q=${f3(gg.params.q)} v=${fmt(gg.params.v)}` +
    `   (order values p=${TRUE_SPEND.p} q=${TRUE_SPEND.q} v=${TRUE_SPEND.v}; day totals merge same-day orders)`,
);

// ---- predictions for everyone
t = performance.now();
const model = { bgnbd: bg.params, gammaGamma: gg.params, unitDays: 1 };
const pred = predictValueColumns(model, {
  x: x.subarray(0, modelled),
  tx: tx.subarray(0, modelled),
  T: T.subarray(0, modelled),
  zbar: zbar.subarray(0, modelled),
});
line(`predictions for ${fmt(modelled)} members`, `${secs(t).toFixed(2)} s`, '≤ 10 s');
let clvSum = 0;
let aliveSum = 0;
for (let i = 0; i < modelled; i++) {
  clvSum += pred.clv[i];
  aliveSum += pred.pAlive[i];
}
line('  mean P(alive)', f3(aliveSum / modelled));
line('  mean 12-month CLV', `¥${(clvSum / modelled / 100).toFixed(2)}`);

// ---- CDNOW sample: parse, summarise, fit both models
{
  const file = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'cdnow', 'CDNOW_sample.txt');
  t = performance.now();
  const txs = readFileSync(file, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/))
    .map(([, id, date, , dollars]) => ({
      customerId: id,
      day: parseDay(date),
      amount: Number(dollars),
    }));
  const s = summariseTransactions(txs, { calibrationEndDay: parseDay('1997-09-30'), unitDays: 7 });
  const cb = fitBgNbd({ x: s.map((c) => c.x), tx: s.map((c) => c.tx), T: s.map((c) => c.T) });
  const r = s.filter((c) => c.x > 0);
  const cg = fitGammaGamma({ x: r.map((c) => c.x), zbar: r.map((c) => c.zbar) });
  line('CDNOW sample fit (parse + summarise + both)', `${secs(t).toFixed(3)} s`, '≤ 1 s');
  const q = cb.params;
  console.log(
    `  BG/NBD r=${q.r.toFixed(4)} α=${q.alpha.toFixed(4)} a=${q.a.toFixed(4)} b=${q.b.toFixed(4)} LL=${cb.logLikelihood.toFixed(2)}` +
      `   Gamma-Gamma p=${cg.params.p.toFixed(3)} q=${cg.params.q.toFixed(3)} v=${cg.params.v.toFixed(3)}`,
  );
}
