import { bonusFor, DEFAULT_TOPUP_RULES } from './rules';
import { splitCharge, splitChargeRefund, splitTopUpRefund } from './split';

describe('top-up bonus rules', () => {
  it('gives the default 充1000送100 from ¥1000 up, nothing below', () => {
    expect(bonusFor(DEFAULT_TOPUP_RULES, 100_000)).toBe(10_000);
    expect(bonusFor(DEFAULT_TOPUP_RULES, 250_000)).toBe(10_000);
    expect(bonusFor(DEFAULT_TOPUP_RULES, 99_999)).toBe(0);
  });

  it('applies only the highest threshold reached', () => {
    const rules = [
      { threshold: 50_000, bonus: 3_000 },
      { threshold: 200_000, bonus: 30_000 },
      { threshold: 100_000, bonus: 10_000 },
    ];
    expect(bonusFor(rules, 150_000)).toBe(10_000);
    expect(bonusFor(rules, 200_000)).toBe(30_000);
    expect(bonusFor([], 200_000)).toBe(0);
  });
});

describe('charge split', () => {
  it('takes from principal and bonus in proportion, the rounding on the principal', () => {
    expect(splitCharge({ principal: 100_000, bonus: 10_000 }, 11_000)).toEqual({
      principal: 10_000,
      bonus: 1_000,
    });
    expect(splitCharge({ principal: 2, bonus: 1 }, 1)).toEqual({ principal: 1, bonus: 0 });
    expect(splitCharge({ principal: 0, bonus: 500 }, 500)).toEqual({ principal: 0, bonus: 500 });
  });

  it('refuses more than the wallet holds, zero and fractions', () => {
    expect(splitCharge({ principal: 100, bonus: 10 }, 111)).toBeNull();
    expect(splitCharge({ principal: 100, bonus: 10 }, 0)).toBeNull();
    expect(splitCharge({ principal: 100, bonus: 10 }, 1.5)).toBeNull();
  });

  it('never takes more than a bucket holds, over many balances', () => {
    const bad: string[] = [];
    for (let p = 0; p < 40; p++) {
      for (let b = 0; b < 40; b++) {
        for (let a = 1; a <= p + b; a++) {
          const s = splitCharge({ principal: p, bonus: b }, a);
          const fine =
            s && s.principal + s.bonus === a && s.principal <= p && s.bonus <= b && s.bonus >= 0;
          if (!fine) bad.push(`${p}/${b} charge ${a} → ${JSON.stringify(s)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps precision on amounts beyond 2^53 when multiplied', () => {
    const s = splitCharge({ principal: 90_000_000_000, bonus: 9_000_000_001 }, 99_000_000_001)!;
    expect(s).toEqual({ principal: 90_000_000_000, bonus: 9_000_000_001 });
  });
});

describe('charge refund split', () => {
  it('returns exactly what the charge took from each bucket over partial refunds', () => {
    const charged = { principal: 6_667, bonus: 3_333 };
    const refunded = { principal: 0, bonus: 0 };
    for (const part of [1, 3_333, 2_999, 3_667]) {
      const r = splitChargeRefund(charged, refunded, part)!;
      expect(r.principal + r.bonus).toBe(part);
      expect(Math.min(r.principal, r.bonus)).toBeGreaterThanOrEqual(0);
      refunded.principal += r.principal;
      refunded.bonus += r.bonus;
    }
    expect(refunded).toEqual(charged);
  });

  it('refuses a refund beyond what was charged', () => {
    const charged = { principal: 100, bonus: 10 };
    expect(splitChargeRefund(charged, { principal: 100, bonus: 0 }, 11)).toBeNull();
    expect(splitChargeRefund(charged, { principal: 0, bonus: 0 }, 0)).toBeNull();
  });
});

describe('top-up refund split', () => {
  const top = { principal: 100_000, bonus: 10_000 };
  const none = { principal: 0, bonus: 0 };

  it('returns the unspent principal and forfeits what is left of the bonus', () => {
    expect(splitTopUpRefund(top, none, { principal: 100_000, bonus: 10_000 })).toEqual(top);
    expect(splitTopUpRefund(top, none, { principal: 40_000, bonus: 4_000 })).toEqual({
      principal: 40_000,
      bonus: 4_000,
    });
  });

  it('caps partial refunds and never refunds a top-up twice over', () => {
    const wallet = { principal: 300_000, bonus: 30_000 };
    const first = splitTopUpRefund(top, none, wallet, 30_000);
    expect(first).toEqual({ principal: 30_000, bonus: 10_000 });
    const second = splitTopUpRefund(top, first, wallet);
    expect(second).toEqual({ principal: 70_000, bonus: 0 });
    expect(splitTopUpRefund(top, { principal: 100_000, bonus: 10_000 }, wallet)).toEqual(none);
  });
});
