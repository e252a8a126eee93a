/**
 * Value rules of subscribe-message keywords by keyword type (the key's prefix, e.g. `thing1`),
 * after the table 订阅消息参数值内容限制说明 of subscribeMessage.send. A value that breaks its
 * rule, an empty or missing keyword, or a keyword the template does not have makes the
 * platform answer 47003 naming the keyword. Lengths count characters (code points).
 */
const len = (v: string) => [...v].length;
const HAN = /^\p{Script=Han}+$/u;

// 24-hour time, with optional seconds; dates as 2019年10月1日, 2019-10-01 or 2019/10/01.
const HM = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?';
const YMD =
  '\\d{4}(?:年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\\d|3[01])日|[-/](?:0?[1-9]|1[0-2])[-/](?:0?[1-9]|[12]\\d|3[01]))';
const POINT = `(?:${YMD}(?:\\s*${HM})?|${HM})`;
// "支持填时间段，两个时间点之间用“~”符号连接"; a date alone passes as a time too (a real
// 2024-07-12 in a time keyword was accepted, community thread 000648589fc4683da6a12b5e36fc00).
const WHEN = new RegExp(`^${POINT}(?:\\s*~\\s*${POINT})?$`);

const RULES: Record<string, (v: string) => boolean> = {
  // 20 个以内字符, any mix of Han, digits, letters and symbols.
  thing: (v) => len(v) <= 20,
  // 32 位以内数字, may have decimals.
  number: (v) => /^\d+(\.\d+)?$/.test(v) && v.replace('.', '').length <= 32,
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => len(v) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v),
  // 32 位以内数字、字母或符号.
  character_string: (v) => /^[!-~]{1,32}$/.test(v),
  time: (v) => WHEN.test(v),
  date: (v) => WHEN.test(v),
  // 1 个币种符号 + 10 位以内纯数字, may have decimals, may end in 元.
  amount: (v) => /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  // 17 位以内, digits and symbols, e.g. +86-0766-66888866.
  phone_number: (v) => /^[\d+\-() ]{1,17}$/.test(v),
  // 8 位以内, first and last may be Han, the rest letters or digits (粤A8Z888挂).
  car_number: (v) =>
    len(v) <= 8 && /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u.test(v),
  // 10 个以内纯汉字 or 20 个以内纯字母或符号; mixed counts as Chinese.
  name: (v) => !/\d/.test(v) && len(v) <= (/\p{Script=Han}/u.test(v) ? 10 : 20),
  // 5 个以内纯汉字.
  phrase: (v) => len(v) <= 5 && HAN.test(v),
};

function ruleFor(key: string): ((v: string) => boolean) | undefined {
  return RULES[key.replace(/\d+$/, '')];
}

export interface DataProblem {
  key: string;
  /** WeChat's wording: `data.thing1.value is empty` / `… invalid`. */
  errmsg: string;
}

/** The first keyword the data gets wrong, or undefined when it fits the template. */
export function invalidData(keys: readonly string[], data: unknown): DataProblem | undefined {
  const problem = (key: string, what: 'empty' | 'invalid') => ({
    key,
    errmsg: `argument invalid! data.${key}.value ${what === 'empty' ? 'is empty' : 'invalid'}`,
  });
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { key: '(data)', errmsg: 'argument invalid! data invalid' };
  }
  const cells = data as Record<string, unknown>;
  for (const key of Object.keys(cells)) {
    if (!keys.includes(key)) return problem(key, 'invalid');
  }
  for (const key of keys) {
    const value = (cells[key] as { value?: unknown } | null | undefined)?.value;
    if (value === undefined || value === null || value === '') return problem(key, 'empty');
    if (typeof value !== 'string') return problem(key, 'invalid');
    const rule = ruleFor(key);
    if (rule && !rule(value)) return problem(key, 'invalid');
  }
  return undefined;
}
