import { fenToYuan, yuanRules, yuanToFen } from './money';

type Check = (rule: unknown, value: unknown) => Promise<void>;

/** The message the amount rule gives for a value, or null when it passes. */
async function verdict(value: unknown): Promise<string | null> {
  const rule = yuanRules('金额', { minFen: 1, maxFen: 100_000 })[1] as { validator: Check };
  try {
    await rule.validator({}, value);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('panel money helper', () => {
  it('turns yuan into integer fen with no float drift', () => {
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.1)).toBe(10);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(1.15)).toBe(115);
    expect(yuanToFen(1500)).toBe(150_000);
    expect(yuanToFen('1,280.50')).toBe(128_050);
  });

  it('refuses what is not a yuan amount instead of rounding it', () => {
    expect(() => yuanToFen(1.234)).toThrow();
    // What 0.1 + 0.2 gives in floating point: not an amount anyone typed.
    expect(() => yuanToFen(0.1 + 0.2)).toThrow();
  });

  it('turns fen back into the yuan an input shows', () => {
    expect(fenToYuan(150_000)).toBe(1500);
    expect(fenToYuan(1999)).toBe(19.99);
    expect(fenToYuan(5)).toBe(0.05);
    expect(fenToYuan(123_456_789)).toBe(1_234_567.89);
  });

  it('checks amounts with Chinese messages', async () => {
    expect(await verdict(19.99)).toBeNull();
    expect(await verdict(undefined)).toBeNull();
    expect(await verdict(1.234)).toBe('请输入金额，最多两位小数');
    expect(await verdict(-1)).toBe('金额不能为负数');
    expect(await verdict(0)).toBe('金额须大于 0');
    expect(await verdict(1000.01)).toBe('金额不能超过 ¥1,000.00');
  });
});
