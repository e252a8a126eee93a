/**
 * Value rules of subscribe-message template keywords, by keyword type (the key's prefix, e.g.
 * `thing1`). A value that breaks its rule makes the platform answer 47003.
 */
const RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => [...v].length <= 20,
  number: (v) => /^\d{1,32}(\.\d+)?$/.test(v),
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => v.length <= 5 && /^[^\p{L}\p{N}]+$/u.test(v),
  character_string: (v) => /^[0-9A-Za-z_\-.:]{1,32}$/.test(v),
  time: (v) => !Number.isNaN(Date.parse(v.replace(/年|月/g, '-').replace('日', ''))),
  date: (v) => !Number.isNaN(Date.parse(v.replace(/年|月/g, '-').replace('日', ''))),
  amount: (v) => /^(¥|￥)?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => /^[\d+\-() ]{1,17}$/.test(v),
  car_number: (v) => [...v].length <= 8,
  name: (v) => [...v].length <= 10 && !/\d/.test(v),
  phrase: (v) => [...v].length <= 5 && /^\p{Script=Han}+$/u.test(v),
};

function ruleFor(key: string): ((v: string) => boolean) | undefined {
  return RULES[key.replace(/\d+$/, '')];
}

/** Returns the offending keyword, or undefined when the data fits the template. */
export function invalidDataField(keys: readonly string[], data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return '(data)';
  const entries = Object.entries(data as Record<string, unknown>);
  for (const [key, cell] of entries) {
    if (!keys.includes(key)) return key;
    const value = (cell as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value.length === 0) return key;
    const rule = ruleFor(key);
    if (rule && !rule(value)) return key;
  }
  return entries.length === 0 ? '(data)' : undefined;
}
